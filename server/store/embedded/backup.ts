/**
 * `store:backup`: a copy of the store's files that opens on its own, taken while the
 * server runs. Snapshots never change once in place and journals only grow, so copying
 * the newest journal first and the older ones after it gives a consistent state: an older
 * journal is complete before a newer one gets its first record. A file removed by a
 * compaction meanwhile starts the copy over. The copy is checked before it is reported.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { checkStore, storeFiles, type CheckReport } from './check.js';
import { syncDir } from './snapshot.js';

export async function backupStore(dir: string, to: string): Promise<CheckReport> {
  await fsp.mkdir(to, { recursive: true });
  if ((await fsp.readdir(to)).length) throw new Error(`${to} is not empty: back up into a new folder`);
  for (let attempt = 0; ; attempt++) {
    const files = storeFiles(await fsp.readdir(dir), dir);
    const snapshots = files.filter((f) => path.basename(f).startsWith('snapshot-'));
    const journals = files.filter((f) => path.basename(f).startsWith('journal-')).reverse();
    try {
      for (const file of [...journals, ...snapshots]) await copyDurably(file, path.join(to, path.basename(file)));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw err;
      for (const f of await fsp.readdir(to)) await fsp.rm(path.join(to, f), { force: true });
    }
  }
  await syncDir(to);
  return checkStore(to);
}

async function copyDurably(from: string, to: string): Promise<void> {
  await fsp.copyFile(from, to);
  const fd = fs.openSync(to, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
