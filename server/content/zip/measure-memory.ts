/**
 * Memory check for extractZip (NOT a test, not timed by ava).
 *
 *   npx tsx server/content/zip/measure-memory.ts [--files 5000] [--mb 200]
 *
 * Builds a ~200 MB archive of 5,000 files (mostly incompressible, so the
 * archive itself is ~200 MB, plus a few 2 MiB "media" files) in a temp dir,
 * then extracts it in a fresh child process and prints that child's peak RSS
 * (kernel maxRSS, so the builder's memory does not count). The last line is
 * JSON: {"bench":"zip-extract","files":N,"archive_mb":N,"seconds":N,"peak_rss_mb":N}
 * so bench/import.ts can reuse it. The temp dir is removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';
import { extractZip } from './index.js';

const self = fileURLToPath(import.meta.url);

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

async function child(zipPath: string, dest: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  let entries = 0;
  await extractZip(zipPath, dest, undefined, (_b, _bt, e) => { entries = e; });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({ entries, seconds: Math.round(seconds * 100) / 100, peak_rss_mb: peakMb }) + '\n');
}

async function buildArchive(zipPath: string, files: number, targetMb: number): Promise<void> {
  const media = Math.max(1, Math.floor(files / 500));
  const mediaBytes = 2 * 1024 * 1024;
  const rest = Math.max(0, targetMb * 1024 * 1024 - media * mediaBytes);
  // the random 95% of each small file is what the archive stores; size so that it totals ~targetMb
  const smallBytes = Math.floor(rest / (files - media) / 0.95);
  const z = new yazl.ZipFile();
  for (let i = 0; i < files; i++) {
    const isMedia = i % 500 === 0 && i / 500 < media;
    const size = isMedia ? mediaBytes : smallBytes;
    const name = isMedia ? `media/clip-${i}.mp4` : `content/module-${i % 50}/page-${i}.${i % 7 === 0 ? 'html' : 'bin'}`;
    // generated lazily, one entry at a time, so the builder stays small too
    z.addReadStreamLazy(name, { compress: !isMedia }, (cb) => {
      cb(null, Readable.from((function* () {
        // mostly random (incompressible) with a compressible tail, like real assets
        const random = Math.floor(size * 0.95);
        for (let off = 0; off < random; off += 64 * 1024) yield randomBytes(Math.min(64 * 1024, random - off));
        yield Buffer.alloc(size - random, 'a');
      })()));
    });
  }
  z.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(zipPath);
    z.outputStream.pipe(out);
    out.on('finish', resolve);
    out.on('error', reject);
    z.outputStream.on('error', reject);
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    await child(process.argv[3]!, process.argv[4]!);
    return;
  }
  const files = arg('files', 5000);
  const mb = arg('mb', 200);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lms-zip-mem-'));
  try {
    const zipPath = path.join(dir, 'package.zip');
    process.stderr.write(`building ${files} files, ~${mb} MB in ${zipPath}...\n`);
    await buildArchive(zipPath, files, mb);
    const archiveMb = Math.round((await stat(zipPath)).size / 1024 / 1024);
    process.stderr.write(`archive is ${archiveMb} MB; extracting in a fresh process...\n`);
    const r = spawnSync(process.execPath, [...process.execArgv, self, '--child', zipPath, path.join(dir, 'out')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`extraction child failed (status ${r.status})`);
    const res = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { entries: number; seconds: number; peak_rss_mb: number };
    if (res.entries !== files) throw new Error(`extracted ${res.entries} entries, expected ${files}`);
    process.stdout.write(JSON.stringify({ bench: 'zip-extract', files, archive_mb: archiveMb, seconds: res.seconds, peak_rss_mb: res.peak_rss_mb }) + '\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
