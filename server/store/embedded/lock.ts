/**
 * One process owns a data directory at a time: two processes appending to one journal
 * would corrupt it. A stale lock (its process is gone, e.g. after SIGKILL) is taken over.
 */
import fs from 'node:fs';
import path from 'node:path';

export class StoreLockedError extends Error {}

export function acquireLock(dir: string): () => void {
  const file = path.join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(file, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new StoreLockedError(`data directory ${dir} is in use by process ${holder}`);
      }
      if (holder === process.pid) throw new StoreLockedError(`data directory ${dir} is already open in this process`);
      fs.rmSync(file, { force: true });
    }
  }
  throw new StoreLockedError(`could not lock data directory ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
