/**
 * Package import benchmark: a ~200 MB package of 5,000 files (mostly incompressible, a few
 * 2 MiB media files, a tincan.xml manifest) is imported through the content service —
 * inspection, streaming extraction, records — in a fresh process on a fresh embedded
 * store. Prints its time and peak resident memory (kernel maxRSS of that process).
 * Floor (issue 4): peak memory under 300 MB. yauzl streams entries from the file on disk;
 * adm-zip would read the whole archive into memory.
 *   npm run bench:import [-- --files 5000 --mb 200]
 * Last line: {"bench":"import","seconds":N,"peak_rss_mb":N}
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
import { createContentService } from '../server/content/import-service.js';
import { contentModels } from '../server/content/package-model.js';
import { openEmbeddedStore } from '../server/store/embedded/index.js';
import { ownPeakRssMb } from './measure.js';
import { createMongooseConnection } from '../server/store/mongoose.js';

const self = fileURLToPath(import.meta.url);

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

/** The measured process: one import, start to finish. */
async function importOnce(zipPath: string, workDir: string): Promise<void> {
  const store = await openEmbeddedStore({ dir: path.join(workDir, 'store') });
  const conn = createMongooseConnection(store);
  const models = contentModels(conn);
  await Promise.all([models.packages.init(), models.versions.init()]);
  const content = createContentService({ models, contentDir: path.join(workDir, 'content') });
  const t0 = process.hrtime.bigint();
  const result = await content.importZip({ zipPath, uploadedBy: 'bench' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const pkg = await content.get(result.packageId);
  await conn.close();
  await store.close();
  const peakMb = ownPeakRssMb();
  process.stdout.write(JSON.stringify({ files: pkg.versions[0]!.files, seconds: Math.round(seconds * 100) / 100, peak_rss_mb: peakMb }) + '\n');
}

const TINCAN = `<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
<activity id="https://lms.example.com/bench/large-course" type="http://adlnet.gov/expapi/activities/course">
<name>Large course</name><launch lang="en-US">content/module-0/page-0.html</launch></activity></activities></tincan>`;

async function buildArchive(zipPath: string, files: number, targetMb: number): Promise<void> {
  const media = Math.max(1, Math.floor(files / 500));
  const mediaBytes = 2 * 1024 * 1024;
  const rest = Math.max(0, targetMb * 1024 * 1024 - media * mediaBytes);
  const smallBytes = Math.floor(rest / (files - media) / 0.95);
  const z = new yazl.ZipFile();
  z.addBuffer(Buffer.from(TINCAN), 'tincan.xml');
  for (let i = 0; i < files - 1; i++) {
    const isMedia = i % 500 === 1 && Math.floor(i / 500) < media;
    const size = isMedia ? mediaBytes : smallBytes;
    const name = isMedia ? `media/clip-${i}.mp4` : `content/module-${i % 50}/page-${i}.${i % 7 === 0 ? 'html' : 'bin'}`;
    // Generated lazily, one entry at a time, so the builder stays small too.
    z.addReadStreamLazy(name, { compress: !isMedia }, (cb) => {
      cb(
        null,
        Readable.from(
          (function* () {
            // Mostly random (incompressible) with a compressible tail, like real assets.
            const random = Math.floor(size * 0.95);
            for (let off = 0; off < random; off += 64 * 1024) yield randomBytes(Math.min(64 * 1024, random - off));
            yield Buffer.alloc(size - random, 'a');
          })(),
        ),
      );
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
  if (process.argv[2] === '--child') return importOnce(process.argv[3]!, process.argv[4]!);
  const files = arg('files', 5000);
  const mb = arg('mb', 200);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lms-bench-import-'));
  try {
    const zipPath = path.join(dir, 'package.zip');
    console.log(`building a package of ${files} files, ~${mb} MB ...`);
    await buildArchive(zipPath, files, mb);
    const archiveMb = Math.round((await stat(zipPath)).size / 1024 / 1024);
    console.log(`archive: ${archiveMb} MB; importing in a fresh process ...`);
    const r = spawnSync(process.execPath, [...process.execArgv, self, '--child', zipPath, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`import process failed (status ${r.status})`);
    const res = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { files: number; seconds: number; peak_rss_mb: number };
    if (res.files !== files) throw new Error(`imported ${res.files} files, expected ${files}`);
    console.log(`imported ${res.files} files (${archiveMb} MB) in ${res.seconds} s, peak RSS ${res.peak_rss_mb} MB (floor: under 300 MB)`);
    console.log(JSON.stringify({ bench: 'import', seconds: res.seconds, peak_rss_mb: res.peak_rss_mb }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
