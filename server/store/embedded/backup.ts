/**
 * `store:backup`: a consistent copy of the store taken while the server runs, by LMDB's
 * own copy (mdb_env_copy2 inside one read transaction: the state of one commit, whatever
 * is written meanwhile; compacted, so free pages are left out). The copy is checked
 * (every checksum, every index) before it is reported.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { checkStore, type CheckReport } from './check.js';
import { syncDir } from './load.js';
import { openEnvironment, STORE_FILE } from './lmdb-db.js';
import { hasJournalFiles } from './migrate.js';

export async function backupStore(dir: string, to: string): Promise<CheckReport> {
  await fsp.mkdir(to, { recursive: true });
  if ((await fsp.readdir(to)).length) throw new Error(`${to} is not empty: back up into a new folder`);
  if (hasJournalFiles(dir)) throw new Error(`${dir} is still in the journal format: start the server once (it imports the store into LMDB), then back it up`);
  if (!fs.existsSync(path.join(dir, STORE_FILE))) throw new Error(`no store at ${dir}`);
  const env = openEnvironment(path.join(dir, STORE_FILE));
  try {
    await env.backup(path.join(to, STORE_FILE), true);
  } finally {
    await env.close();
  }
  const fd = fs.openSync(path.join(to, STORE_FILE), 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  await syncDir(to);
  return checkStore(to);
}
