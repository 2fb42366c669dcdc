#!/usr/bin/env node
/**
 * Builds the browser code into player/dist, which the server serves under /assets:
 * each entry point is bundled by esbuild, and the static files are copied beside them.
 * Usage: node scripts/build-player.mjs (what `npm run build` runs).
 */
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const playerDir = path.join(root, 'player');
const distDir = path.join(playerDir, 'dist');

/** One bundle per entry: `out` is the file name in dist without `.js`. */
const entryPoints = [
  { in: 'src/portal/index.ts', out: 'portal' },
  // Served by the content origin: the SCORM launch page's cross-frame API.
  { in: 'src/player/scorm-bridge.ts', out: 'scorm-bridge' },
];

/** Copied unchanged from player/ to player/dist/. */
const staticFiles = ['index.html', 'portal.css'];

const started = performance.now();
await mkdir(distDir, { recursive: true });

let result;
try {
  result = await build({
    absWorkingDir: root,
    entryPoints: entryPoints.map((entry) => ({ in: path.join(playerDir, entry.in), out: entry.out })),
    outdir: distDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    tsconfig: path.join(root, 'tsconfig.json'),
    metafile: true,
    logLevel: 'warning',
  });
} catch {
  // esbuild has already printed the errors with their locations.
  process.exit(1);
}

await Promise.all(staticFiles.map((file) => copyFile(path.join(playerDir, file), path.join(distDir, file))));

const bundles = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .map(([file, output]) => `${path.basename(file)} ${(output.bytes / 1024).toFixed(1)} kB`);
const elapsed = Math.round(performance.now() - started);
console.log(`build-player: ${[...bundles, ...staticFiles].join(', ')} -> ${path.relative(root, distDir)}/ in ${elapsed} ms`);
