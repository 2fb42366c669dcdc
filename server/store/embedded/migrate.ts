/**
 * The first open of a store written in the journal format (snapshot-G.ejson and
 * journal-G.log files, up to format 2) imports it into LMDB: the files are read and
 * verified as the journal engine read them (checksums; damage in the middle refuses to
 * start, naming the place, and `store:recover` deals with it as before), every collection,
 * index and document is written into a new LMDB file beside the store, which takes its
 * place only once complete and on disk; then the old files are moved aside into
 * `migrated-journal-<date>/`. A crash at any step leaves either the old files to import
 * again or the finished LMDB file, never half of each.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { loadStore, ReplayedCollection, storeFiles, syncDir } from './load.js';

export interface MigrationReport {
  collections: number;
  documents: number;
  /** Where the old files went, relative to the store directory. */
  movedTo: string;
  /** Bytes of a write cut short by a crash at the end of the last journal (never acknowledged), not imported. */
  droppedTailBytes: number;
}

const MIGRATING_FILE = 'migrating.mdb';
/** Documents per write transaction during the import. */
const CHUNK = 5000;

export function hasJournalFiles(dir: string): boolean {
  try {
    return storeFiles(fs.readdirSync(dir), dir).length > 0;
  } catch {
    return false;
  }
}

/** Imports a journal-format store in `dir` (the caller holds its lock); null when there is none. */
export async function migrateJournalStore(dir: string, warn: (msg: string) => void): Promise<MigrationReport | null> {
  const oldFiles = storeFiles(await fsp.readdir(dir), dir);
  if (!oldFiles.length) return null;
  // Imported in dynamic imports: lmdb-db.ts imports this file.
  const { EmbeddedDb, STORE_FILE } = await import('./lmdb-db.js');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const movedTo = `migrated-journal-${stamp}`;
  const target = path.join(dir, STORE_FILE);
  if (fs.existsSync(target)) {
    // The import finished and took its place, but the old files were not yet moved: move them now.
    const marker = await EmbeddedDb.readMigrationMarker(dir);
    if (!marker) throw new Error(`embedded store at ${dir} holds both ${STORE_FILE} and journal files (${oldFiles.map((f) => path.basename(f)).join(', ')}); move one of them away`);
    await moveAside(dir, oldFiles, movedTo);
    warn(`embedded store: the journal files already imported into ${STORE_FILE} were moved to ${movedTo}/`);
    return { collections: marker.collections, documents: marker.documents, movedTo, droppedTailBytes: 0 };
  }

  const loaded = await loadStore(dir, () => new ReplayedCollection());
  const tmp = path.join(dir, MIGRATING_FILE);
  await removeEnvironmentFiles(tmp);
  const into = await EmbeddedDb.openFile(tmp);
  let documents = 0;
  try {
    for (const [name, coll] of loaded.collections) {
      const c = into.collection(name);
      for (const spec of coll.specs) {
        const { name: indexName, key, ...options } = spec;
        await c.createIndex(key, { name: indexName, ...options });
      }
      const docs = [...coll.docs.values()];
      for (let i = 0; i < docs.length; i += CHUNK) await c.insertMany(docs.slice(i, i + CHUNK));
      documents += docs.length;
    }
    await into.writeMigrationMarker({ collections: loaded.collections.size, documents, at: new Date().toISOString() });
  } finally {
    await into.close();
  }
  await removeEnvironmentFiles(`${tmp}-lock`, false);
  await fsp.rename(tmp, target);
  await syncDir(dir);
  await moveAside(dir, oldFiles, movedTo);
  const torn = loaded.tornTail ? `; a write cut short by a crash (${loaded.tornTail.bytes} bytes at the end of ${path.basename(loaded.tornTail.file)}, never acknowledged) was left out` : '';
  warn(`embedded store: imported ${documents} documents in ${loaded.collections.size} collections from the journal format into LMDB (${STORE_FILE}); the old files are in ${movedTo}/${torn}`);
  return { collections: loaded.collections.size, documents, movedTo, droppedTailBytes: loaded.tornTail?.bytes ?? 0 };
}

async function moveAside(dir: string, files: string[], to: string): Promise<void> {
  const into = path.join(dir, to);
  await fsp.mkdir(into, { recursive: true });
  for (const f of files) await fsp.rename(f, path.join(into, path.basename(f)));
  await syncDir(dir);
}

async function removeEnvironmentFiles(file: string, withLock = true): Promise<void> {
  await fsp.rm(file, { force: true });
  if (withLock) await fsp.rm(`${file}-lock`, { force: true });
}
