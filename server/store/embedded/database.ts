/**
 * The embedded database: named collections, one journal shared by all of them (so one
 * fsync covers every write of a turn), recovery on open, background compaction, and
 * getting back on its feet after a failed write (a full disk) without a restart.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Document, StoreDb } from '../types.js';
import { EmbeddedCollection, type JournalEntry } from './collection.js';
import { describeRegion } from './damage.js';
import { Journal, journalPath, type JournalFailedError } from './journal.js';
import { loadStore, quarantineDir, JOURNAL_RE, SNAPSHOT_RE, generations } from './load.js';
import { acquireLock } from './lock.js';
import { snapshotPath, syncDir, writeSnapshotTmp } from './snapshot.js';
import { serialize } from './values.js';

export interface EmbeddedDbOptions {
  dir: string;
  /** Journal size that triggers a background compaction. */
  compactBytes?: number;
  log?: (msg: string) => void;
  /** Something an operator should know about (a torn write dropped, a damaged snapshot passed over). */
  warn?: (msg: string) => void;
  /** After a failed write, how often to try whether the disk takes writes again. */
  resumeIntervalMs?: number;
}

export interface RecoveryReport {
  snapshotGeneration: number | null;
  journalEntries: number;
  droppedTailBytes: number;
  /** Damaged snapshots that were set aside in quarantine/ (the one before them served). */
  skippedSnapshots: string[];
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
  private resumeTimer: NodeJS.Timeout | null = null;
  recovery: RecoveryReport = { snapshotGeneration: null, journalEntries: 0, droppedTailBytes: 0, skippedSnapshots: [] };

  private constructor(private readonly options: EmbeddedDbOptions) {}

  static async open(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
    const db = new EmbeddedDb(options);
    await fsp.mkdir(options.dir, { recursive: true });
    db.releaseLock = acquireLock(options.dir, options.warn ?? options.log);
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
    if (this.resumeTimer) clearInterval(this.resumeTimer);
    await this.journal.close();
    this.releaseLock();
  }

  private write(...entries: JournalEntry[]): Promise<void> {
    return this.journal.append(...entries.map(serialize));
  }

  private async runCompaction(): Promise<void> {
    const failuresBefore = this.journal.failures;
    const gen = this.journal.rotate();
    const images = [...this.collections.values()].map((c) => ({
      name: c.collectionName,
      indexes: c.indexSpecs(),
      docs: c.storedDocuments(),
    }));
    const snapshot = await writeSnapshotTmp(this.options.dir, gen, images);
    // The older journal's last batches must be on disk before the snapshot stands for them;
    // if any write failed since the capture, the capture may hold writes that were undone.
    await this.journal.flush().catch(() => {});
    if (this.journal.failures !== failuresBefore) {
      await snapshot.discard();
      throw new Error('a write failed while the snapshot was taken; it was discarded');
    }
    await snapshot.install();
    this.snapshotBytes = snapshot.bytes;
    await this.removeUnneededGenerations();
    this.options.log?.(`embedded store compacted into snapshot ${gen}`);
  }

  private async recover(): Promise<void> {
    const dir = this.options.dir;
    const files = await fsp.readdir(dir);
    for (const f of files) if (f.endsWith('.tmp')) await fsp.rm(path.join(dir, f), { force: true });
    const loaded = await loadStore(dir, (name) => this.newCollection(name));
    for (const [name, coll] of loaded.collections) this.collections.set(name, coll);
    this.recovery.snapshotGeneration = loaded.snapshotGeneration;
    this.recovery.journalEntries = loaded.journalEntries;
    this.snapshotBytes = loaded.snapshotBytes;
    if (loaded.tornTail) {
      const { file, offset, bytes } = loaded.tornTail;
      this.recovery.droppedTailBytes = bytes;
      this.warn(`embedded store: dropped ${bytes} bytes at byte ${offset} of ${file}: a write cut short by a crash (never acknowledged)`);
      await fsp.truncate(file, offset);
    }
    // Set aside damaged snapshots so that compaction never keeps them in place of a good one.
    for (const { file, region } of loaded.skippedSnapshots) {
      if (this.recovery.skippedSnapshots.includes(file)) continue;
      this.recovery.skippedSnapshots.push(file);
      await fsp.mkdir(quarantineDir(dir), { recursive: true });
      await fsp.rename(file, path.join(quarantineDir(dir), `${path.basename(file)}.${Date.now()}.bad`));
      this.warn(`embedded store: damaged snapshot set aside in quarantine/, the one before it and the journals served instead (nothing lost): ${describeRegion(file, region)}`);
    }
    this.journal = new Journal(
      dir,
      loaded.currentGeneration,
      () => this.maybeCompact(),
      (err) => this.afterFailedWrite(err),
    );
    await syncDir(dir);
  }

  /**
   * A write failed: memory holds writes that were never acknowledged. Put memory back to
   * what the files hold (exactly the acknowledged writes), then try now and then whether
   * the disk takes writes again.
   */
  private async afterFailedWrite(err: JournalFailedError): Promise<void> {
    this.warn(`embedded store: ${err.message}`);
    // (A compaction under way discards its snapshot by itself: it counts failures.)
    let loaded;
    try {
      loaded = await loadStore(this.options.dir, (name) => this.newCollection(name), this.journal.durableLengths());
    } catch (loadErr) {
      // Writes stay refused (the failure is never cleared) rather than resume on memory that may not match the disk.
      this.warn(`embedded store: could not reread the store after a failed write, so writes stay refused until a restart: ${String(loadErr)}`);
      return;
    }
    for (const [name, live] of this.collections) live.adoptState(loaded.collections.get(name) ?? this.newCollection(name));
    for (const [name, coll] of loaded.collections) if (!this.collections.has(name)) this.collections.set(name, coll);
    if (!this.resumeTimer) {
      this.resumeTimer = setInterval(() => {
        void this.journal.resume().then((ok) => {
          if (!ok || !this.resumeTimer) return;
          clearInterval(this.resumeTimer);
          this.resumeTimer = null;
          this.warn('embedded store: the disk takes writes again; writes are accepted');
        });
      }, this.options.resumeIntervalMs ?? 1000);
      this.resumeTimer.unref();
    }
  }

  private warn(msg: string): void {
    (this.options.warn ?? this.options.log)?.(msg);
  }

  private getOrCreate(name: string): EmbeddedCollection {
    let coll = this.collections.get(name);
    if (!coll) {
      coll = this.newCollection(name);
      this.collections.set(name, coll);
    }
    return coll;
  }

  private newCollection(name: string): EmbeddedCollection {
    return new EmbeddedCollection(
      name,
      (...entries) => this.write(...entries),
      // During recovery the journal is not open yet; replay never writes to it.
      () => this.journal?.assertWritable(),
    );
  }

  /**
   * Compact when the journal outgrows both the configured size and the last snapshot:
   * each snapshot then costs no more than the journal it replaces (amortised O(1) per write).
   */
  private maybeCompact(): void {
    const limit = Math.max(this.options.compactBytes ?? DEFAULT_COMPACT_BYTES, this.snapshotBytes);
    if (!this.compacting && !this.closed && !this.journal.failed && this.journal.bytes > limit) {
      this.compact().catch((err) => this.options.log?.(`embedded store compaction failed: ${String(err)}`));
    }
  }

  /**
   * Keeps the two newest snapshots and every journal from the older one on: a damaged
   * newest snapshot then falls back to the one before plus the journals. With one snapshot
   * only, the journals from the start are kept (the empty store is the one before).
   */
  private async removeUnneededGenerations(): Promise<void> {
    const files = await fsp.readdir(this.options.dir);
    const snapshots = generations(files, SNAPSHOT_RE);
    if (snapshots.length < 2) return;
    const keepFrom = snapshots[snapshots.length - 2]!;
    const older = [
      ...snapshots.filter((g) => g < keepFrom).map((g) => snapshotPath(this.options.dir, g)),
      ...generations(files, JOURNAL_RE).filter((g) => g < keepFrom).map((g) => journalPath(this.options.dir, g)),
    ];
    for (const file of older) await fsp.rm(file, { force: true });
  }
}
