/**
 * `store:recover`, with the server stopped. A store in the journal format is recovered as
 * before (journal-recover.ts). On LMDB: documents failing their checksum are moved to
 * quarantine/ (their raw bytes, with collection and _id) and removed, and every index is
 * rebuilt from the documents, so the store serves every intact document again.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { checkStore, inspect } from './check.js';
import { decodeDocument, intact } from './document-codec.js';
import type { KeyPart } from './index-keys.js';
import { recoverJournalStore } from './journal-recover.js';
import { quarantineDir, syncDir } from './load.js';
import { acquireLock } from './lock.js';
import { EmbeddedDb, STORE_FILE } from './lmdb-db.js';
import { hasJournalFiles } from './migrate.js';

/** Entries per write transaction while rebuilding. */
const CHUNK = 5000;

export async function recoverStore(dir: string): Promise<{ lines: string[]; changed: boolean }> {
  if (hasJournalFiles(dir)) return recoverJournalStore(dir);
  const release = acquireLock(dir);
  try {
    const db = await EmbeddedDb.openFile(path.join(dir, STORE_FILE));
    try {
      return await recoverOpen(db, dir);
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

async function recoverOpen(db: EmbeddedDb, dir: string): Promise<{ lines: string[]; changed: boolean }> {
  const before = inspect(db);
  if (before.ok) return { lines: before.lines, changed: false };
  const lines: string[] = [];
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  if (before.damaged.length) {
    await fsp.mkdir(quarantineDir(dir), { recursive: true });
    const file = path.join(quarantineDir(dir), `damaged-documents-${stamp}.jsonl`);
    const records = before.damaged.map(({ collection, id }) => JSON.stringify({ collection, id: id.slice(1), bytes: db.docs.getBinary([collection, id])?.toString('base64') }));
    await fsp.writeFile(file, records.join('\n') + '\n');
    await db.write(() => {
      for (const { collection, id } of before.damaged) db.docs.removeSync([collection, id]);
    });
    lines.push(`${before.damaged.length} damaged documents moved to ${path.relative(dir, file)} and removed`);
  }
  await rebuildIndexes(db);
  lines.push('every index rebuilt from the intact documents');
  await syncDir(dir);
  const after = await checkStore(dir).catch(() => inspect(db));
  return { lines: [...lines, ...after.lines], changed: true };
}

async function rebuildIndexes(db: EmbeddedDb): Promise<void> {
  const stale: KeyPart[][] = [...(db.idx.getKeys({}) as Iterable<KeyPart[]>)];
  for (let i = 0; i < stale.length; i += CHUNK) {
    const part = stale.slice(i, i + CHUNK);
    await db.write(() => {
      for (const k of part) db.idx.removeSync(k);
    });
  }
  let batch: Array<[KeyPart[], Buffer]> = [];
  const flush = async () => {
    const part = batch;
    batch = [];
    await db.write(() => {
      for (const [k, v] of part) db.idx.putSync(k, v);
    });
  };
  for (const { key, value } of db.docs.getRange({})) {
    const [collection, id] = key as [string, string];
    if (!intact(value)) continue;
    const doc = decodeDocument(value, collection, id);
    for (const index of db.indexesOf(collection).values()) {
      for (const t of index.tuplesFor(doc).tuples) batch.push([[collection, index.name, ...t, id], Buffer.alloc(0)]);
    }
    if (batch.length >= CHUNK) await flush();
  }
  if (batch.length) await flush();
}
