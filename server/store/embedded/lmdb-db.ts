/**
 * The embedded database on LMDB (the `lmdb` package): one LMDB environment in
 * DATA_DIR/store/store.mdb holding three databases: `docs` (documents by
 * [collection, id]), `idx` (index entries, index-keys.ts) and `meta` (collections and
 * index definitions). Data stays on disk; the operating system's page cache is the cache,
 * so memory does not grow with the store.
 *
 * Writes: each call's work runs as a callback in LMDB's write transaction (lmdb-js
 * `transaction`), in call order, and everything queued in one event turn commits in one
 * transaction (group commit). overlappingSync is off, so a commit's promise settles only
 * once it is on disk: an acknowledged write is durable, and reads after it see it. LMDB
 * keeps the last committed state whatever happens to the process (copy-on-write pages,
 * two meta pages), so a SIGKILL loses nothing acknowledged.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { Document, StoreDb } from '../types.js';
import { decodeDocument, encodeDocument } from './document-codec.js';
import { writeFault } from './write-fault.js';
import { IndexDef, type IndexSpec, type KeyPart } from './index-keys.js';
import { LmdbCollection } from './lmdb-collection.js';
import { acquireLock } from './lock.js';
import { migrateJournalStore, type MigrationReport } from './migrate.js';
import { StoreWriteFailedError } from './write-failure.js';

export interface EmbeddedDbOptions {
  dir: string;
  log?: (msg: string) => void;
  /** Something an operator should know about (a failed write, a store migrated). */
  warn?: (msg: string) => void;
}

export const STORE_FILE = 'store.mdb';

export interface MigrationMarker {
  collections: number;
  documents: number;
  at: string;
}

export function openEnvironment(file: string, readOnly = false): RootDatabase {
  return open({
    path: file,
    maxDbs: 4,
    // Durable before a write is acknowledged (see above), and no stray pointer can write the map.
    overlappingSync: false,
    // Every write is a `transaction` callback, grouped per event turn by lmdb-js anyway.
    // Event-turn batching would add lmdb's own batch-start instruction with a commit
    // promise nobody holds (write.js makes a fresh one for it), left rejected unhandled
    // when the disk refuses the commit; without it each commit has the one promise `write` awaits.
    eventTurnBatching: false,
    useWritemap: false,
    readOnly,
  });
}

export interface StoreDatabases {
  env: RootDatabase;
  docs: Database<Buffer, KeyPart[]>;
  idx: Database<Buffer, KeyPart[]>;
  meta: Database<Buffer, KeyPart[]>;
}

export function openDatabases(env: RootDatabase): StoreDatabases {
  const sub = (name: string) => env.openDB<Buffer, KeyPart[]>({ name, encoding: 'binary' });
  return { env, docs: sub('docs'), idx: sub('idx'), meta: sub('meta') };
}

export class EmbeddedDb implements StoreDb {
  readonly databaseName = 'embedded';
  readonly docs: Database<Buffer, KeyPart[]>;
  readonly idx: Database<Buffer, KeyPart[]>;
  readonly meta: Database<Buffer, KeyPart[]>;
  private readonly env: RootDatabase;
  private readonly collections = new Map<string, LmdbCollection>();
  private indexes = new Map<string, Map<string, IndexDef>>();
  private known = new Set<string>();
  private failure: StoreWriteFailedError | null = null;
  private closed = false;
  /** What the first open of a store in the old journal format did (null when there was none). */
  migration: MigrationReport | null = null;

  private constructor(
    dbs: StoreDatabases,
    private readonly options: EmbeddedDbOptions,
    private readonly releaseLock: () => void,
  ) {
    this.env = dbs.env;
    this.docs = dbs.docs;
    this.idx = dbs.idx;
    this.meta = dbs.meta;
    this.loadMeta();
  }

  static async open(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
    await fsp.mkdir(options.dir, { recursive: true });
    const release = acquireLock(options.dir, options.warn ?? options.log);
    try {
      const migration = await migrateJournalStore(options.dir, (msg) => (options.warn ?? options.log)?.(msg));
      const db = new EmbeddedDb(openDatabases(openEnvironment(path.join(options.dir, STORE_FILE))), options, release);
      db.migration = migration;
      return db;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** An LMDB file of the store's layout, for the migration and the tools; the caller owns the directory's lock. */
  static async openFile(file: string, options: Omit<EmbeddedDbOptions, 'dir'> = {}): Promise<EmbeddedDb> {
    return new EmbeddedDb(openDatabases(openEnvironment(file)), { dir: path.dirname(file), ...options }, () => {});
  }

  /** What a finished migration wrote into the store (see migrate.ts), or null. */
  static async readMigrationMarker(dir: string): Promise<MigrationMarker | null> {
    const db = await EmbeddedDb.openFile(path.join(dir, STORE_FILE));
    try {
      const value = db.meta.getBinary(['migrated']);
      return value ? (decodeDocument(value, 'meta', 'smigrated') as MigrationMarker) : null;
    } finally {
      await db.close();
    }
  }

  async writeMigrationMarker(marker: MigrationMarker): Promise<void> {
    await this.write(() => this.meta.putSync(['migrated'], encodeDocument(marker)));
  }

  collection<T extends Document = Document>(name: string): LmdbCollection<T> {
    if (this.closed) throw new Error('embedded store is closed');
    if (!/^[A-Za-z0-9_.-]{1,120}$/.test(name)) throw new Error(`invalid collection name: ${name}`);
    let coll = this.collections.get(name);
    if (!coll) {
      coll = new LmdbCollection(name, this);
      this.collections.set(name, coll);
    }
    return coll as unknown as LmdbCollection<T>;
  }

  /** Mongoose calls these when it creates models. */
  async createCollection(name: string): Promise<LmdbCollection> {
    return this.collection(name);
  }

  listCollections(filter: { name?: string } = {}): { toArray(): Promise<Array<{ name: string; type: string }>> } {
    const names = [...new Set([...this.known, ...this.collections.keys()])].filter((n) => !filter.name || n === filter.name);
    return { toArray: async () => names.map((name) => ({ name, type: 'collection' })) };
  }

  /** Collections the store has recorded (meta), for store:check. */
  listCollectionNames(): string[] {
    return [...this.known];
  }

  /** The last write failure, until a write succeeds again (for /health). */
  get failed(): Error | null {
    return this.failure;
  }

  /**
   * Runs `work` inside the write transaction, after the writes called before it and before
   * those called after; resolves with its result once the transaction is on disk. What
   * `work` throws is its caller's rejection (its writes before the throw stay, which is how
   * an ordered insertMany keeps the documents before a duplicate). A commit the disk
   * refuses rejects every write in it, with nothing of them kept.
   */
  async write<T>(work: () => T): Promise<T> {
    if (this.closed) throw new Error('embedded store is closed');
    const injected = writeFault();
    if (injected) throw (this.failure = new StoreWriteFailedError(injected, this.options.dir));
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      const pending = this.env.transaction(() => {
        try {
          return { ok: true as const, value: work() };
        } catch (error) {
          return { ok: false as const, error };
        }
      });
      outcome = await pending;
    } catch (err) {
      this.failure = new StoreWriteFailedError(await commitCause(err), this.options.dir);
      (this.options.warn ?? this.options.log)?.(`embedded store: ${this.failure.message}`);
      // Index definitions or flags noted during the refused transaction were not kept.
      this.loadMeta();
      throw this.failure;
    }
    this.failure = null;
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Wait until every write so far is on disk. */
  async flush(): Promise<void> {
    await this.env.flushed;
  }

  /** A consistent copy of the running store (LMDB's own copy, in a read transaction). */
  async backupTo(file: string): Promise<void> {
    await this.env.backup(file, true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.env.close();
    this.releaseLock();
  }

  // ---- collections and index definitions (meta) --------------------------------------

  indexesOf(collection: string): Map<string, IndexDef> {
    let m = this.indexes.get(collection);
    if (!m) this.indexes.set(collection, (m = new Map()));
    return m;
  }

  /** Inside a write: records that a collection exists (for listCollections). */
  noteCollection(name: string): void {
    if (this.known.has(name)) return;
    this.known.add(name);
    this.meta.putSync(['collection', name], encodeDocument({ name }));
  }

  /** Inside a write: a new index, in use by the writes after it. */
  addIndex(collection: string, index: IndexDef): void {
    this.noteCollection(collection);
    this.indexesOf(collection).set(index.name, index);
    this.putIndexMeta(collection, index);
  }

  /** Inside a write: an index saw an array on these fields, which can no longer serve sorts. */
  markMultikey(collection: string, index: IndexDef, fields: string[]): void {
    if (!fields.length) return;
    const paths = index.multikeyPaths;
    if (index.multikey && (paths === null || fields.every((f) => paths.has(f)))) return;
    index.multikey = true;
    if (paths) for (const f of fields) paths.add(f);
    this.putIndexMeta(collection, index);
  }

  /** Inside a write: an index is gone (its entries are removed by the caller). */
  removeIndex(collection: string, name: string): void {
    this.indexesOf(collection).delete(name);
    this.meta.removeSync(['index', collection, name]);
  }

  private putIndexMeta(collection: string, index: IndexDef): void {
    const paths = index.multikeyPaths ? { multikeyPaths: [...index.multikeyPaths] } : {};
    this.meta.putSync(['index', collection, index.name], encodeDocument({ spec: index.spec, multikey: index.multikey, ...paths }));
  }

  /** Reads the committed collections and index definitions. */
  private loadMeta(): void {
    const indexes = new Map<string, Map<string, IndexDef>>();
    const known = new Set<string>();
    for (const { key } of this.meta.getRange({ start: ['collection'], end: ['collection', '\uffff'] })) {
      known.add(String(key[1]));
    }
    for (const { key, value } of this.meta.getRange({ start: ['index'], end: ['index', '\uffff'] })) {
      const collection = String(key[1]);
      const rec = decodeDocument(value, 'meta', `s${collection}.${String(key[2])}`) as { spec: IndexSpec; multikey: boolean; multikeyPaths?: string[] };
      let m = indexes.get(collection);
      if (!m) indexes.set(collection, (m = new Map()));
      m.set(rec.spec.name, new IndexDef(rec.spec, rec.multikey, rec.multikeyPaths));
    }
    // Keep the Map objects collections already hold, refilled.
    for (const [name, m] of indexes) {
      const live = this.indexes.get(name);
      if (live) {
        live.clear();
        for (const [k, v] of m) live.set(k, v);
      } else this.indexes.set(name, m);
    }
    for (const [name, live] of this.indexes) if (!indexes.has(name)) live.clear();
    this.known = known;
  }
}

/** lmdb-js rejects a failed commit with a generic error whose `commitError` promise holds the cause. */
async function commitCause(err: unknown): Promise<unknown> {
  const pending = (err as { commitError?: Promise<unknown> })?.commitError;
  if (!pending || typeof pending.then !== 'function') return err;
  try {
    await pending;
    return err;
  } catch (cause) {
    return cause;
  }
}
