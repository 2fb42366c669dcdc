/**
 * Write-ahead journal with group commit.
 *
 * Entries appended while a write is in flight are written together by the next one, and
 * every caller's promise resolves only once its bytes are durable, so an acknowledged
 * write is on disk. The file is opened with O_DSYNC where the platform has it: each
 * write returns only when its data is on disk, one call instead of write + fdatasync
 * (a third of the event-loop time per flush); elsewhere write is followed by fdatasync. Files are numbered by generation: `journal-G.log` holds
 * the changes made after `snapshot-G.ejson` was taken (see snapshot.ts). Each record is
 * checksummed (record-format.ts).
 *
 * A failed write (a full disk) is never acknowledged: the file is cut back to its last
 * durable byte, `onFailure` puts memory back to what is on disk, and only then are the
 * waiting callers rejected. Writes are refused until `resume()` finds the disk writable.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { writeAll } from './file-writer.js';
import { RecordEncoder } from './record-encoder.js';
import { fileHeader } from './record-format.js';

/** Errors of a device with no room left: HTTP 507 Insufficient Storage. */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

export class JournalFailedError extends Error {
  /** For the HTTP error handlers (store-errors.ts). */
  readonly status: number;
  readonly storeError = true;
  constructor(cause: unknown) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    const full = code !== undefined && FULL_CODES.has(code);
    super(
      `the store could not write to disk (${full ? 'disk full: ' : ''}${cause instanceof Error ? cause.message : String(cause)}); ` +
        'writes are refused until it can again, and nothing acknowledged was lost',
    );
    this.name = 'JournalFailedError';
    this.status = full ? 507 : 503;
    this.cause = cause;
  }
}

interface Batch {
  file: JournalFile;
  lines: string[];
  waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }>;
}

interface JournalFile {
  path: string;
  gen: number;
  fd: number;
  bytes: number;
}

export function journalPath(dir: string, gen: number): string {
  return path.join(dir, `journal-${gen}.log`);
}

export class Journal {
  private current: JournalFile;
  private queue: Batch[] = [];
  private flushing: Promise<void> | null = null;
  private failure: JournalFailedError | null = null;
  /** Files whose failed write could not yet be cut back off. */
  private readonly toTruncate = new Set<JournalFile>();
  /** How many writes have failed so far: a snapshot taken before a failure must not be installed. */
  failures = 0;
  /** One batch is written at a time, so one encoding buffer serves them all. */
  private readonly encoder = new RecordEncoder();

  constructor(
    private readonly dir: string,
    gen: number,
    private readonly onFlushed: (bytes: number) => void = () => {},
    private readonly onFailure: (err: JournalFailedError) => Promise<void> = async () => {},
  ) {
    this.current = openFile(dir, gen);
  }

  get generation(): number {
    return this.current.gen;
  }

  get bytes(): number {
    return this.current.bytes;
  }

  get failed(): JournalFailedError | null {
    return this.failure;
  }

  /** Throws at once if the journal can no longer be written (callers check before mutating memory). */
  assertWritable(): void {
    if (this.failure) throw this.failure;
  }

  /** Append serialised entries, all in the same group commit; resolves once they are fsynced. */
  append(...lines: string[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      let batch = this.queue[this.queue.length - 1];
      if (!batch || batch.file !== this.current) {
        batch = { file: this.current, lines: [], waiters: [] };
        this.queue.push(batch);
      }
      for (const line of lines) batch.lines.push(line);
      batch.waiters.push({ resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * Start a new generation: later appends go to journal-(G+1). Called synchronously at
   * the instant a snapshot's content is captured, so the two line up exactly.
   */
  rotate(): number {
    this.current = openFile(this.dir, this.current.gen + 1);
    this.scheduleFlush();
    return this.current.gen;
  }

  /** Wait until everything appended so far is durable. */
  async flush(): Promise<void> {
    while (this.flushing || this.queue.length) {
      if (!this.flushing) this.scheduleFlush();
      await this.flushing;
    }
    if (this.failure) throw this.failure;
  }

  /** Files still holding bytes of a failed write beyond their durable length. */
  durableLengths(): Map<string, number> {
    return new Map([...this.toTruncate].map((f) => [f.path, f.bytes]));
  }

  /**
   * After a failure: if a small write now goes through (the disk has room again) and the
   * failed bytes are cut off, accept writes again. Returns whether it did.
   */
  async resume(): Promise<boolean> {
    if (!this.failure) return true;
    if (this.flushing) return false;
    try {
      for (const file of this.toTruncate) {
        fs.ftruncateSync(file.fd, file.bytes);
        fs.fdatasyncSync(file.fd);
        this.toTruncate.delete(file);
      }
      await probeSpace(this.dir);
    } catch {
      return false;
    }
    this.failure = null;
    return true;
  }

  async close(): Promise<void> {
    await this.flush().catch(() => {});
    fs.closeSync(this.current.fd);
  }

  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.flushing = null;
        if (this.queue.length && !this.failure) this.scheduleFlush();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.shift()!;
      try {
        if (batch.lines.length) {
          let buf = this.encoder.encode(batch.lines);
          // A new file starts with the format header, written with its first records.
          if (batch.file.bytes === 0) buf = Buffer.concat([Buffer.from(fileHeader('journal')), buf]);
          await writeAll(batch.file.fd, buf);
          if (!DSYNC) await datasync(batch.file.fd);
          batch.file.bytes += buf.length;
          this.onFlushed(buf.length);
        }
        for (const w of batch.waiters) w.resolve();
      } catch (err) {
        const failure = (this.failure = new JournalFailedError(err));
        this.failures++;
        const rejected = [batch, ...this.queue.splice(0)];
        // Part of the batch may have reached the file: cut it back to the last durable byte.
        try {
          fs.ftruncateSync(batch.file.fd, batch.file.bytes);
          fs.fdatasyncSync(batch.file.fd);
        } catch {
          this.toTruncate.add(batch.file);
        }
        await this.onFailure(failure).catch(() => {});
        for (const b of rejected) for (const w of b.waiters) w.reject(failure);
        return;
      }
      // A rotated-away file is closed once its last batch is on disk.
      const next = this.queue[0];
      if (batch.file !== this.current && (!next || next.file !== batch.file)) {
        fs.closeSync(batch.file.fd);
      }
    }
  }
}

const { O_WRONLY, O_APPEND, O_CREAT, O_DSYNC } = fs.constants;
/** Synchronised writes: `undefined` where the platform lacks O_DSYNC (Windows). */
const DSYNC: number | undefined = O_DSYNC;

function openFile(dir: string, gen: number): JournalFile {
  const p = journalPath(dir, gen);
  const fd = fs.openSync(p, O_WRONLY | O_APPEND | O_CREAT | (DSYNC ?? 0), 0o644);
  const bytes = fs.fstatSync(fd).size;
  return { path: p, gen, fd, bytes };
}

function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

/** Writes and syncs a small file through the same writer as the journal, then removes it. */
async function probeSpace(dir: string): Promise<void> {
  const file = path.join(dir, 'space-probe.tmp');
  const fd = fs.openSync(file, 'w');
  try {
    await writeAll(fd, Buffer.alloc(64 * 1024));
    await datasync(fd);
  } finally {
    fs.closeSync(fd);
    await fsp.rm(file, { force: true });
  }
}
