/**
 * `store:recover` of a store in the journal format: makes it open (and migrate to LMDB)
 * again with every intact record. Damaged
 * bytes of a journal are cut out (the records after them kept) and moved to
 * quarantine/ with a report; a damaged snapshot is moved there whole when the one before
 * it plus the journals can stand in, else rewritten from its intact records.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { checkJournalStore as checkStore, readOnlyCollection } from './journal-check.js';
import { describeRegion, StoreDamagedError } from './damage.js';
import { loadStore, quarantineDir } from './load.js';
import { acquireLock } from './lock.js';
import { encodeRecord, fileHeader } from './record-format.js';
import { scanFile, type FileScan } from './scan.js';
import { syncDir } from './load.js';
import { deserialize, serialize } from './values.js';

export async function recoverJournalStore(dir: string): Promise<{ lines: string[]; changed: boolean }> {
  if (!fs.existsSync(dir)) throw new Error(`no store at ${dir}`);
  const release = acquireLock(dir);
  try {
    return await recoverLocked(dir);
  } finally {
    release();
  }
}

async function recoverLocked(dir: string): Promise<{ lines: string[]; changed: boolean }> {
  const { scans } = await checkStore(dir);
  const lines: string[] = [];
  const qdir = quarantineDir(dir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const setAside: FileScan[] = [];
  for (const scan of scans) {
    if (!scan.damage.length) continue;
    await fsp.mkdir(qdir, { recursive: true });
    const name = path.basename(scan.file);
    const bad = path.join(qdir, `${name}.${stamp}.bad`);
    for (const region of scan.damage) lines.push(`${describeRegion(scan.file, region)}: moved to ${path.relative(dir, bad)}`);
    if (name.startsWith('snapshot-')) {
      await fsp.rename(scan.file, bad);
      setAside.push({ ...scan, file: bad });
      continue;
    }
    const buf = await fsp.readFile(scan.file);
    const kept: Buffer[] = [];
    const cut: Buffer[] = [];
    let at = 0;
    for (const r of scan.damage) {
      kept.push(buf.subarray(at, r.offset));
      cut.push(buf.subarray(r.offset, r.offset + r.length));
      at = r.offset + r.length;
    }
    kept.push(buf.subarray(at));
    await writeDurably(bad, Buffer.concat(cut));
    await writeDurably(scan.file, Buffer.concat(kept));
  }
  // Without the damaged snapshots, is there still a start? If not, rebuild the newest from its intact records.
  if (setAside.length) {
    try {
      await loadStore(dir, readOnlyCollection);
      lines.push('the snapshot(s) before the damaged one plus the journals hold everything: nothing lost from them');
    } catch (err) {
      if (!(err instanceof StoreDamagedError)) throw err;
      const newest = setAside[setAside.length - 1]!;
      const target = path.join(dir, path.basename(newest.file).replace(/\.[^.]*\.bad$/, ''));
      await writeDurably(target, await intactSnapshot(newest.file));
      lines.push(`${path.basename(target)} rewritten from its intact records`);
    }
  }
  if (lines.length) {
    const report = path.join(qdir, `recover-${stamp}.report.txt`);
    await writeDurably(report, Buffer.from([`store:recover at ${new Date().toISOString()} in ${dir}`, ...lines, ''].join('\n')));
    lines.push(`report: ${path.relative(dir, report)}`);
  }
  await syncDir(dir);
  const after = await checkStore(dir);
  return { lines: [...lines, ...after.lines], changed: setAside.length > 0 || lines.length > 0 };
}

async function intactSnapshot(file: string): Promise<Buffer> {
  const raw = await fsp.readFile(file);
  const parts: Buffer[] = [Buffer.from(fileHeader('snapshot'))];
  let count = 0;
  let ended = false;
  await scanFile(file, deserialize, ({ value, offset, end }) => {
    const rec = value as { end?: boolean; c?: string };
    if (rec.end) ended = true;
    if (rec.c) count++;
    parts.push(raw.subarray(offset, end));
  });
  if (!ended) parts.push(encodeRecord(serialize({ end: true, count })));
  return Buffer.concat(parts);
}

async function writeDurably(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    for (let at = 0; at < data.length; ) at += fs.writeSync(fd, data, at);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  await fsp.rename(tmp, file);
}
