/**
 * The pid fallback of the data-directory lock (used where fs-ext could not be built; the
 * flock path is tested with child processes in test/store-damage.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import test from 'ava';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { acquirePidLock, StoreLockedError } from './lock.js';

test('pid fallback: this process’s own pid or a dead one never blocks; a live other process does', (t) => {
  const dir = tempDir('pid-lock-');
  const file = path.join(dir, 'LOCK');
  // A dead predecessor with our pid (node as PID 1 after a SIGKILL).
  fs.writeFileSync(file, String(process.pid));
  t.notThrows(() => acquirePidLock(dir, file));
  t.is(fs.readFileSync(file, 'utf8'), String(process.pid));
  // A process that has exited.
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  fs.writeFileSync(file, String(dead));
  t.notThrows(() => acquirePidLock(dir, file));
  // A live process that is not us: our parent.
  fs.writeFileSync(file, String(process.ppid));
  t.throws(() => acquirePidLock(dir, file), { instanceOf: StoreLockedError, message: new RegExp(`process ${process.ppid}`) });
});
