/**
 * `store:check`: verifies a store offline or while the server runs (LMDB lets another
 * process read): every document's checksum, and that each index holds exactly the
 * entries its documents call for. A store still in the journal format is checked as such
 * (journal-check.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { RECOVER_COMMAND } from './damage.js';
import { intact, decodeDocument } from './document-codec.js';
import type { IndexDef, KeyPart } from './index-keys.js';
import { checkJournalStore } from './journal-check.js';
import { EmbeddedDb, STORE_FILE } from './lmdb-db.js';
import { hasJournalFiles } from './migrate.js';

export interface CheckReport {
  ok: boolean;
  lines: string[];
  /** Documents whose bytes fail their checksum. */
  damaged: Array<{ collection: string; id: string }>;
}

interface IndexTally {
  expected: number;
  missing: number;
}

export async function checkStore(dir: string): Promise<CheckReport> {
  if (hasJournalFiles(dir)) {
    const r = await checkJournalStore(dir);
    return { ok: r.ok, lines: ['journal format (imported into LMDB at the next start):', ...r.lines], damaged: [] };
  }
  const file = path.join(dir, STORE_FILE);
  if (!fs.existsSync(file)) return { ok: false, lines: [`no store at ${dir}`], damaged: [] };
  let db: EmbeddedDb | null = null;
  try {
    db = await EmbeddedDb.openFile(file);
    return inspect(db);
  } catch (err) {
    return {
      ok: false,
      lines: [`${STORE_FILE}: LMDB could not read the store (${(err as Error).message})`, `DAMAGED: restore a backup (see README, "Back up and restore"); \`${RECOVER_COMMAND}\` cannot repair LMDB's own structure`],
      damaged: [],
    };
  } finally {
    await db?.close();
  }
}

/** Reads every document and index entry once. */
export function inspect(db: EmbeddedDb): CheckReport {
  const lines: string[] = [];
  const damaged: CheckReport['damaged'] = [];
  const docsPer = new Map<string, number>();
  const tallies = new Map<IndexDef, IndexTally>();
  for (const { key, value } of db.docs.getRange({})) {
    const [collection, id] = key as [string, string];
    docsPer.set(collection, (docsPer.get(collection) ?? 0) + 1);
    if (!intact(value)) {
      damaged.push({ collection, id });
      continue;
    }
    const doc = decodeDocument(value, collection, id);
    for (const index of db.indexesOf(collection).values()) {
      let tally = tallies.get(index);
      if (!tally) tallies.set(index, (tally = { expected: 0, missing: 0 }));
      for (const t of index.tuplesFor(doc).tuples) {
        tally.expected++;
        if (!db.idx.doesExist([collection, index.name, ...t, id])) tally.missing++;
      }
    }
  }
  let indexProblems = 0;
  const collections = new Set([...docsPer.keys(), ...(db.listCollectionNames())]);
  for (const collection of [...collections].sort()) {
    const indexes = [...db.indexesOf(collection).values()];
    lines.push(`collection ${collection}: ${docsPer.get(collection) ?? 0} documents, ${indexes.length} indexes`);
    for (const d of damaged.filter((x) => x.collection === collection)) lines.push(`  DAMAGED document ${d.id.slice(1)}: checksum mismatch`);
    for (const index of indexes) {
      const tally = tallies.get(index) ?? { expected: 0, missing: 0 };
      let found = 0;
      let dangling = 0;
      for (const k of db.idx.getKeys({ start: [collection, index.name], end: [collection, index.name, 1000] }) as Iterable<KeyPart[]>) {
        found++;
        if (!db.docs.doesExist([collection, k[k.length - 1]!])) dangling++;
      }
      // Entries of damaged documents cannot be told apart from stray ones: count those apart.
      const extra = found - (tally.expected - tally.missing) - dangling;
      if (tally.missing || dangling || extra > 0) {
        indexProblems++;
        lines.push(`  INDEX ${index.name}: ${tally.missing} entries missing, ${dangling} entries naming no document, ${Math.max(0, extra)} entries no document calls for`);
      }
    }
  }
  const ok = damaged.length === 0 && indexProblems === 0;
  lines.push(ok ? `${STORE_FILE}: every checksum and index entry holds` : `DAMAGED: ${damaged.length} documents, ${indexProblems} indexes; run \`${RECOVER_COMMAND}\` (with the server stopped) or restore a backup`);
  lines.push(ok ? 'OK' : 'NOT OK');
  return { ok, lines, damaged };
}
