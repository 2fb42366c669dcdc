/**
 * One process owns a data directory at a time: two processes appending to one journal
 * would corrupt it. The lock is an flock(2) on the LOCK file, held by the open file
 * itself, so the kernel releases it when the holder dies however it dies: a stale LOCK
 * file never blocks a restart, even when the new process has the dead one's pid (node as
 * PID 1 in a container). The pid written into the file is for people only.
 *
 * flock comes from fs-ext (a native addon built at install). Where it could not be built,
 * a pid check stands in: weaker (a live unrelated process with the recorded pid blocks),
 * but this process's own pid in the file never does.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export class StoreLockedError extends Error {}

type Flock = (fd: number, flags: 'exnb' | 'un') => void;
let flock: Flock | null | undefined;

function loadFlock(): Flock | null {
  if (flock === undefined) {
    try {
      const fsExt = createRequire(import.meta.url)('fs-ext') as { flockSync: Flock };
      flock = fsExt.flockSync;
    } catch {
      flock = null;
    }
  }
  return flock;
}

/** Data directories this process has open (a second open in one process is refused too). */
const openHere = new Set<string>();

export function acquireLock(dir: string, warn?: (msg: string) => void): () => void {
  const key = path.resolve(dir);
  if (openHere.has(key)) throw new StoreLockedError(`data directory ${dir} is already open in this process`);
  const file = path.join(dir, 'LOCK');
  const lock = loadFlock();
  if (!lock) {
    warn?.('embedded store: fs-ext is not installed, so the data directory is locked by pid only');
    acquirePidLock(dir, file);
    openHere.add(key);
    return () => {
      openHere.delete(key);
      fs.rmSync(file, { force: true });
    };
  }
  for (;;) {
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    try {
      lock(fd, 'exnb');
    } catch (err) {
      fs.closeSync(fd);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
        const holder = readHolder(file);
        throw new StoreLockedError(`data directory ${dir} is in use by ${holder ? `process ${holder}` : 'another process'}`);
      }
      throw err;
    }
    // A releasing holder removes the file; if ours was removed meanwhile, lock the new one.
    if (sameFile(fd, file)) {
      fs.ftruncateSync(fd, 0);
      fs.writeSync(fd, String(process.pid), 0);
      openHere.add(key);
      return () => {
        openHere.delete(key);
        fs.rmSync(file, { force: true });
        fs.closeSync(fd); // releases the flock
      };
    }
    fs.closeSync(fd);
  }
}

function sameFile(fd: number, file: string): boolean {
  try {
    const a = fs.fstatSync(fd);
    const b = fs.statSync(file);
    return a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}

function readHolder(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The fallback without fs-ext (exported for its test: where fs-ext is built, acquireLock never takes this path). */
export function acquirePidLock(dir: string, file: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      // Our own pid in the file is a dead predecessor's (we do not hold this directory).
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new StoreLockedError(`data directory ${dir} is in use by process ${holder}`);
      }
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
