/**
 * The embedded database: named collections, one journal shared by all of them (so one
 * fsync covers every write of a turn), recovery on open, background compaction.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Document, StoreDb } from '../types.js';
import { EmbeddedCollection, type JournalEntry } from './collection.js';
import { Journal, journalPath, readJournal } from './journal.js';
import { acquireLock } from './lock.js';
import { readSnapshot, snapshotPath, syncDir, writeSnapshot } from './snapshot.js';
import { deserialize, serialize } from './values.js';

export interface EmbeddedDbOptions {
  dir: string;
  /** Journal size that triggers a background compaction. */
  compactBytes?: number;
  log?: (msg: string) => void;
}

export interface RecoveryReport {
  snapshotGeneration: number | null;
  journalEntries: number;
  droppedTailBytes: number;
}

const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;

export class EmbeddedDb implements StoreDb {
  readonly databaseName = 'embedded';
  private readonly collections = new Map<string, EmbeddedCollection>();
  private journal!: Journal;
  private compacting: Promise<void> | null = null;
  /** Size of the newest snapshot: the journal may grow that large before the next one. */
  private snapshotBytes = 0;
  private releaseLock: () => void = () => {};
  private closed = false;
  recovery: RecoveryReport = { snapshotGeneration: null, journalEntries: 0, droppedTailBytes: 0 };

  private constructor(private readonly options: EmbeddedDbOptions) {}

  static async open(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
    const db = new EmbeddedDb(options);
    await fsp.mkdir(options.dir, { recursive: true });
    db.releaseLock = acquireLock(options.dir);
    try {
      await db.recover();
    } catch (err) {
      db.releaseLock();
      throw err;
    }
    return db;
  }

  collection<T extends Document = Document>(name: string): EmbeddedCollection<T> {
    if (this.closed) throw new Error('embedded store is closed');
    if (!/^[A-Za-z0-9_.-]{1,120}$/.test(name)) throw new Error(`invalid collection name: ${name}`);
    return this.getOrCreate(name) as unknown as EmbeddedCollection<T>;
  }

  /** Mongoose calls these when it creates models. */
  async createCollection(name: string): Promise<EmbeddedCollection> {
    return this.collection(name);
  }

  listCollections(filter: { name?: string } = {}): { toArray(): Promise<Array<{ name: string; type: string }>> } {
    const names = [...this.collections.keys()].filter((n) => !filter.name || n === filter.name);
    return { toArray: async () => names.map((name) => ({ name, type: 'collection' })) };
  }


  get failed(): Error | null {
    return this.journal.failed;
  }

  /** Wait until every acknowledged-or-pending write is on disk. */
  async flush(): Promise<void> {
    await this.journal.flush();
  }

  /**
   * Write a snapshot of the current state and drop the journals it covers. The state is
   * captured and the journal rotated in the same synchronous step, so the snapshot plus
   * the new journal is exactly the store.
   */
  compact(): Promise<void> {
    if (!this.compacting) {
      this.compacting = this.runCompaction().finally(() => {
        this.compacting = null;
      });
    }
    return this.compacting;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.compacting) await this.compacting.catch(() => {});
    await this.journal.close();
    this.releaseLock();
  }

  private write(...entries: JournalEntry[]): Promise<void> {
    return this.journal.append(...entries.map(serialize));
  }

  private async runCompaction(): Promise<void> {
    const gen = this.journal.rotate();
    const images = [...this.collections.values()].map((c) => ({
      name: c.collectionName,
      indexes: c.indexSpecs(),
      docs: c.storedDocuments(),
    }));
    this.snapshotBytes = await writeSnapshot(this.options.dir, gen, images);
    // The older journal's last batches must be on disk before the file is deleted.
    await this.journal.flush();
    await this.removeGenerationsBelow(gen);
    this.options.log?.(`embedded store compacted into snapshot ${gen}`);
  }

  private async recover(): Promise<void> {
    const dir = this.options.dir;
    const files = await fsp.readdir(dir);
    for (const f of files) if (f.endsWith('.tmp')) await fsp.rm(path.join(dir, f), { force: true });
    const snapshots = generations(files, /^snapshot-(\d+)\.ejson$/);
    const journals = generations(files, /^journal-(\d+)\.log$/);
    const base = snapshots.length ? snapshots[snapshots.length - 1]! : 0;
    if (snapshots.length) {
      await readSnapshot(snapshotPath(dir, base), {
        collection: (name, indexes) => {
          const coll = this.getOrCreate(name);
          for (const spec of indexes) coll.addIndex(spec);
        },
        document: (name, doc) => this.getOrCreate(name).replay({ op: 'ins', c: name, d: [doc] }),
      });
      this.recovery.snapshotGeneration = base;
      this.snapshotBytes = (await fsp.stat(snapshotPath(dir, base))).size;
    }
    const toReplay = journals.filter((g) => g >= base);
    for (const gen of toReplay) {
      const file = journalPath(dir, gen);
      const { entries, validBytes, droppedBytes } = await readJournal(file, deserialize);
      for (const entry of entries as JournalEntry[]) this.getOrCreate(entry.c).replay(entry);
      this.recovery.journalEntries += entries.length;
      if (droppedBytes > 0) {
        this.recovery.droppedTailBytes += droppedBytes;
        this.options.log?.(`embedded store: dropped ${droppedBytes} bytes of an unfinished write at the end of ${file}`);
        await fsp.truncate(file, validBytes);
      }
    }
    const current = toReplay.length ? toReplay[toReplay.length - 1]! : base;
    this.journal = new Journal(dir, current, () => this.maybeCompact());
    await this.removeGenerationsBelow(base);
    await syncDir(dir);
  }

  private getOrCreate(name: string): EmbeddedCollection {
    let coll = this.collections.get(name);
    if (!coll) {
      coll = new EmbeddedCollection(
        name,
        (...entries) => this.write(...entries),
        // During recovery the journal is not open yet; replay never writes to it.
        () => this.journal?.assertWritable(),
      );
      this.collections.set(name, coll);
    }
    return coll;
  }

  /**
   * Compact when the journal outgrows both the configured size and the last snapshot:
   * each snapshot then costs no more than the journal it replaces (amortised O(1) per write).
   */
  private maybeCompact(): void {
    const limit = Math.max(this.options.compactBytes ?? DEFAULT_COMPACT_BYTES, this.snapshotBytes);
    if (!this.compacting && !this.closed && this.journal.bytes > limit) {
      this.compact().catch((err) => this.options.log?.(`embedded store compaction failed: ${String(err)}`));
    }
  }

  private async removeGenerationsBelow(gen: number): Promise<void> {
    const files = await fsp.readdir(this.options.dir);
    for (const f of files) {
      const m = /^(?:snapshot|journal)-(\d+)\.(?:ejson|log)$/.exec(f);
      if (m && Number(m[1]) < gen) await fsp.rm(path.join(this.options.dir, f), { force: true });
    }
  }
}

function generations(files: string[], pattern: RegExp): number[] {
  return files
    .map((f) => pattern.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}
