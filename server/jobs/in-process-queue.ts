/**
 * One durable queue of the in-process runtime. Every state change is written to the
 * store before it is acted on, so a restart resumes from the store alone:
 * - workers claim a due job atomically (findOneAndUpdate), taking a lease they renew;
 * - a job whose lease expired (its process died) is re-queued, or failed after
 *   `maxStalledCount` such stalls (as Bull does);
 * - a repeatable keeps exactly one pending run; when a run starts, the next is stored.
 */
import { randomUUID } from 'node:crypto';
import { isDuplicateKeyError, type StoreCollection, type UpdateFilter } from '../store/types.js';
import { JobEventHub } from './events.js';
import { asJsonValue, jobInfoFromDoc, type JobDoc, type RepeatDoc } from './in-process-docs.js';
import { globalJobId, localIdCandidates } from './job-ids.js';
import { clampProgress, nextRunAfter, normalizeJobOptions, repeatKey, repeatRunId, type NormalizedJobOptions } from './options.js';
import { settlesWithin } from './timeouts.js';
import type {
  JobContext,
  JobEventName,
  JobHandler,
  JobInfo,
  JobListener,
  JobLogger,
  JobOptions,
  JobQueue,
  RepeatableInfo,
  RepeatableRef,
} from './types.js';

/** What every queue of one runtime shares. */
export interface InProcessQueueContext {
  jobs: StoreCollection<JobDoc>;
  repeats: StoreCollection<RepeatDoc>;
  /** Resolves once the collections' indexes exist. */
  ready: Promise<void>;
  now: () => Date;
  logger: JobLogger;
  /** Identifies this runtime's leases. */
  instanceId: string;
  lockDurationMs: number;
  pollIntervalMs: number;
  maxStalledCount: number;
  keepCompleted: number;
  keepFailed: number;
}

type Outcome = { ok: true; result: unknown } | { ok: false; reason: string };

/** Finished jobs between two prunes of old completed/failed jobs. */
export const PRUNE_EVERY = 100;
/** Floor for the wake-up timer, so a disagreement between clock and store cannot spin. */
const MIN_WAKE_MS = 10;

export class InProcessJobQueue<D> implements JobQueue<D> {
  private readonly events: JobEventHub<D>;
  private handler?: JobHandler<D>;
  private concurrency = 1;
  /** Runs in flight (handler plus the write of its outcome), by global id. */
  private readonly running = new Map<string, Promise<void>>();
  private readonly leaseTimers = new Set<NodeJS.Timeout>();
  private pumping?: Promise<void>;
  private pumpAgain = false;
  private wakeTimer?: NodeJS.Timeout;
  private stalledTimer?: NodeJS.Timeout;
  private starting?: Promise<void>;
  /** Serialises scheduling per repeat key, so concurrent adds cannot store two pending runs. */
  private readonly repeatLocks = new Map<string, Promise<unknown>>();
  private finishedSincePrune = 0;
  private closing?: Promise<void>;
  /** Set when close timed out: late outcomes are dropped and left to stall recovery. */
  private abandoned = false;

  constructor(
    readonly name: string,
    private readonly ctx: InProcessQueueContext,
  ) {
    this.events = new JobEventHub<D>(name, ctx.logger);
  }

  async add(data: D, opts?: JobOptions): Promise<JobInfo<D>> {
    this.assertOpen();
    const o = normalizeJobOptions(opts);
    await this.ctx.ready;
    const payload = data === undefined ? {} : asJsonValue(data);
    const info = o.repeat ? await this.addRepeatable(payload, o) : await this.addOne(payload, o);
    this.kick();
    return info;
  }

  process(handler: JobHandler<D>, concurrency = 1): void {
    this.assertOpen();
    if (this.handler) throw new Error(`Queue ${this.name} already has a processor`);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError('concurrency must be an integer >= 1');
    this.handler = handler;
    this.concurrency = concurrency;
    this.starting = this.startProcessing();
  }

  async getJob(id: string): Promise<JobInfo<D> | null> {
    await this.ctx.ready;
    for (const localId of localIdCandidates(this.name, id)) {
      const doc = await this.ctx.jobs.findOne({ _id: globalJobId(this.name, localId) });
      if (doc) return this.info(doc);
    }
    return null;
  }

  on<E extends JobEventName>(event: E, listener: JobListener<D, E>): () => void {
    return this.events.on(event, listener);
  }

  async removeRepeatable(ref: RepeatableRef): Promise<boolean> {
    await this.ctx.ready;
    const key = repeatKey({ repeat: normalizeJobOptions({ repeat: ref.repeat }).repeat!, jobId: ref.jobId });
    return this.withRepeatLock(key, async () => {
      const removed = await this.ctx.repeats.deleteOne({ _id: this.repeatDocId(key) });
      // The pending run goes too; a run already started finishes and schedules nothing.
      await this.ctx.jobs.deleteMany({ queue: this.name, repeatKey: key, state: 'waiting' });
      return removed.deletedCount > 0;
    });
  }

  async repeatables(): Promise<RepeatableInfo[]> {
    await this.ctx.ready;
    const defs = await this.ctx.repeats.find({ queue: this.name }, { sort: { createdAt: 1 } }).toArray();
    return Promise.all(
      defs.map(async (def) => {
        const pending = await this.pendingRun(def.key);
        const info: RepeatableInfo = { key: def.key, repeat: def.repeat };
        if (def.jobId !== undefined) info.jobId = def.jobId;
        if (pending) info.nextRunAt = pending.runAt;
        return info;
      }),
    );
  }

  close(timeoutMs: number): Promise<void> {
    this.closing ??= this.shutDown(timeoutMs);
    return this.closing;
  }

  // ---- adding -------------------------------------------------------------------------

  private async addOne(data: unknown, o: NormalizedJobOptions): Promise<JobInfo<D>> {
    const now = this.ctx.now();
    const localId = o.jobId ?? randomUUID();
    const doc: JobDoc = {
      ...this.newDoc(localId, data, o.attempts, o.backoffMs, now),
      runAt: new Date(now.getTime() + o.delayMs),
    };
    return this.insertOrExisting(doc);
  }

  private async addRepeatable(data: unknown, o: NormalizedJobOptions): Promise<JobInfo<D>> {
    const repeat = o.repeat!;
    const key = repeatKey({ repeat, jobId: o.jobId });
    const def: RepeatDoc = {
      _id: this.repeatDocId(key),
      queue: this.name,
      key,
      repeat,
      data,
      attempts: o.attempts,
      backoffMs: o.backoffMs,
      createdAt: this.ctx.now(),
    };
    if (o.jobId !== undefined) def.jobId = o.jobId;
    return this.withRepeatLock(key, async () => {
      // Adding an existing repeatable keeps the stored definition (as Bull does).
      const { _id, ...fields } = def;
      try {
        await this.ctx.repeats.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err; // a concurrent upsert won
      }
      const stored = (await this.ctx.repeats.findOne({ _id: def._id })) ?? def;
      const run = await this.scheduleNextRun(stored, this.ctx.now());
      if (!run) throw new Error(`Repeat ${key} has no future run`);
      return run;
    });
  }

  /** Stores the run of `def` due after `after`, unless one is already pending. */
  private async scheduleNextRun(def: RepeatDoc, after: Date): Promise<JobInfo<D> | null> {
    const pending = await this.pendingRun(def.key);
    if (pending) return this.info(pending);
    const runAt = nextRunAfter(def.repeat, after);
    if (!runAt) return null;
    const doc: JobDoc = {
      ...this.newDoc(repeatRunId(def.key, runAt), def.data, def.attempts, def.backoffMs, this.ctx.now()),
      runAt,
      repeatKey: def.key,
    };
    return this.insertOrExisting(doc);
  }

  private async insertOrExisting(doc: JobDoc): Promise<JobInfo<D>> {
    try {
      await this.ctx.jobs.insertOne(doc);
      return this.info(doc);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const existing = await this.ctx.jobs.findOne({ _id: doc._id });
      if (!existing) throw err;
      return this.info(existing);
    }
  }

  private newDoc(localId: string, data: unknown, attempts: number, backoffMs: number, now: Date): JobDoc {
    return {
      _id: globalJobId(this.name, localId),
      queue: this.name,
      localId,
      data,
      state: 'waiting',
      runAt: now,
      progress: 0,
      attempts,
      attemptsMade: 0,
      backoffMs,
      stalledCount: 0,
      createdAt: now,
    };
  }

  private pendingRun(key: string): Promise<JobDoc | null> {
    return this.ctx.jobs.findOne({ queue: this.name, repeatKey: key, state: 'waiting' }, { sort: { runAt: 1 } });
  }

  private repeatDocId(key: string): string {
    return `${this.name}:${key}`;
  }

  private withRepeatLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.repeatLocks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const tail = next.catch(() => undefined);
    this.repeatLocks.set(key, tail);
    void tail.then(() => {
      if (this.repeatLocks.get(key) === tail) this.repeatLocks.delete(key);
    });
    return next;
  }

  // ---- processing ---------------------------------------------------------------------

  private async startProcessing(): Promise<void> {
    try {
      await this.ctx.ready;
      await this.recoverStalled();
      await this.ensureRepeatRuns();
      await this.prune();
    } catch (err) {
      this.ctx.logger.error({ err, queue: this.name }, 'job queue start-up failed');
    }
    if (this.closing) return;
    this.stalledTimer = setInterval(() => {
      this.recoverStalled().catch((err: unknown) =>
        this.ctx.logger.error({ err, queue: this.name }, 'stalled-job check failed'),
      );
    }, this.ctx.lockDurationMs / 2);
    this.kick();
  }

  /** Every repeatable has a pending run, even if the process died between two runs. */
  private async ensureRepeatRuns(): Promise<void> {
    const defs = await this.ctx.repeats.find({ queue: this.name }).toArray();
    for (const def of defs) {
      await this.withRepeatLock(def.key, () => this.scheduleNextRun(def, this.ctx.now()));
    }
  }

  /** Re-queues (or fails) jobs left active by a runtime whose lease has expired. */
  private async recoverStalled(): Promise<void> {
    const now = this.ctx.now();
    const stale = await this.ctx.jobs.find({ queue: this.name, state: 'active', lockedUntil: { $lt: now } }).toArray();
    let requeued = false;
    for (const doc of stale) {
      if (this.running.has(doc._id)) continue; // ours, its renewal merely late
      const stalledCount = doc.stalledCount + 1;
      const exhausted = stalledCount > this.ctx.maxStalledCount;
      const update: UpdateFilter<JobDoc> = exhausted
        ? {
            $set: { state: 'failed', stalledCount, failedReason: 'job stalled more than allowable limit', finishedAt: now },
            $unset: { lockedBy: '', lockedUntil: '' },
          }
        : { $set: { state: 'waiting', stalledCount, runAt: now }, $unset: { lockedBy: '', lockedUntil: '' } };
      // Conditional on the lease seen, so two runtimes cannot both recover it.
      const after = await this.ctx.jobs.findOneAndUpdate(
        { _id: doc._id, state: 'active', lockedUntil: doc.lockedUntil },
        update,
        { returnDocument: 'after' },
      );
      if (!after) continue;
      this.ctx.logger.warn({ queue: this.name, jobId: doc._id, exhausted }, 'recovered a stalled job');
      if (exhausted) this.events.emit('failed', this.info(after), after.failedReason ?? 'stalled');
      else requeued = true;
    }
    if (requeued) this.kick();
  }

  /** Starts the claim loop unless it is running; a kick during a loop makes it go round again. */
  private kick(): void {
    if (!this.handler || this.closing || this.abandoned) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = this.pump()
      .catch((err: unknown) => {
        this.ctx.logger.error({ err, queue: this.name }, 'job claim loop failed');
        this.armWake(this.ctx.pollIntervalMs);
      })
      .finally(() => {
        this.pumping = undefined;
        if (this.pumpAgain) this.kick();
      });
  }

  private async pump(): Promise<void> {
    do {
      this.pumpAgain = false;
      while (this.running.size < this.concurrency && !this.closing) {
        const doc = await this.claimNext();
        if (!doc) break;
        if (this.closing) {
          await this.release(doc);
          return;
        }
        this.start(doc);
      }
      if (!this.closing) await this.scheduleWake();
    } while (this.pumpAgain && !this.closing);
  }

  private claimNext(): Promise<JobDoc | null> {
    const now = this.ctx.now();
    return this.ctx.jobs.findOneAndUpdate(
      { queue: this.name, state: 'waiting', runAt: { $lte: now } },
      {
        $set: {
          state: 'active',
          lockedBy: this.ctx.instanceId,
          lockedUntil: new Date(now.getTime() + this.ctx.lockDurationMs),
          startedAt: now,
        },
      },
      { sort: { runAt: 1, createdAt: 1 }, returnDocument: 'after' },
    );
  }

  /** Gives a claimed job back untouched (claimed while closing). */
  private async release(doc: JobDoc): Promise<void> {
    await this.ctx.jobs.updateOne(
      { _id: doc._id, lockedBy: this.ctx.instanceId, state: 'active' },
      { $set: { state: 'waiting' }, $unset: { lockedBy: '', lockedUntil: '', startedAt: '' } },
    );
  }

  /** Wakes the loop when the next waiting job is due, or after the poll interval at most. */
  private async scheduleWake(): Promise<void> {
    if (this.running.size >= this.concurrency) {
      clearTimeout(this.wakeTimer); // a finishing run kicks the loop
      return;
    }
    const next = await this.ctx.jobs.findOne(
      { queue: this.name, state: 'waiting' },
      { sort: { runAt: 1 }, projection: { runAt: 1 } },
    );
    let delay = this.ctx.pollIntervalMs; // also picks up jobs added by other processes
    if (next) delay = Math.min(delay, next.runAt.getTime() - this.ctx.now().getTime());
    this.armWake(delay);
  }

  private armWake(delayMs: number): void {
    clearTimeout(this.wakeTimer);
    if (this.closing) return;
    this.wakeTimer = setTimeout(() => this.kick(), Math.max(MIN_WAKE_MS, delayMs));
  }

  private start(doc: JobDoc): void {
    const run = this.run(doc)
      .catch((err: unknown) => this.ctx.logger.error({ err, queue: this.name, jobId: doc._id }, 'job run failed'))
      .finally(() => {
        this.running.delete(doc._id);
        this.kick();
      });
    this.running.set(doc._id, run);
  }

  private async run(doc: JobDoc): Promise<void> {
    if (doc.repeatKey) await this.scheduleAfterStart(doc);
    const lease = setInterval(() => void this.renewLease(doc._id), this.ctx.lockDurationMs / 2);
    this.leaseTimers.add(lease);
    let current = doc;
    const context: JobContext<D> = {
      id: doc._id,
      data: doc.data as D,
      attemptsMade: doc.attemptsMade,
      progress: async (pct) => {
        const progress = clampProgress(pct);
        if (this.abandoned) return;
        const updated = await this.ctx.jobs.updateOne(
          { _id: doc._id, lockedBy: this.ctx.instanceId, state: 'active' },
          { $set: { progress } },
        );
        if (updated.matchedCount === 0) return; // lease lost: another runtime owns the job now
        current = { ...current, progress };
        this.events.emit('progress', this.info(current), progress);
      },
    };
    let outcome: Outcome;
    try {
      outcome = { ok: true, result: asJsonValue(await this.handler!(context)) };
    } catch (err) {
      outcome = { ok: false, reason: err instanceof Error ? err.message : String(err) };
    } finally {
      clearInterval(lease);
      this.leaseTimers.delete(lease);
    }
    if (this.abandoned) return;
    await this.finish(current, outcome);
  }

  /** A repeatable's next run is stored as soon as this one starts, like Bull. */
  private async scheduleAfterStart(doc: JobDoc): Promise<void> {
    const key = doc.repeatKey!;
    try {
      await this.withRepeatLock(key, async () => {
        const def = await this.ctx.repeats.findOne({ _id: this.repeatDocId(key) });
        if (!def) return; // removed
        const now = this.ctx.now();
        // biome-ignore lint/complexity/useMathMinMax: these are Dates; Math.max would give a number
        await this.scheduleNextRun(def, doc.runAt > now ? doc.runAt : now);
      });
    } catch (err) {
      // The job still runs; ensureRepeatRuns repairs the schedule on the next start.
      this.ctx.logger.error({ err, queue: this.name, repeatKey: key }, 'could not schedule the next repeat run');
    }
  }

  private async renewLease(id: string): Promise<void> {
    if (this.abandoned) return;
    try {
      const lockedUntil = new Date(this.ctx.now().getTime() + this.ctx.lockDurationMs);
      await this.ctx.jobs.updateOne({ _id: id, lockedBy: this.ctx.instanceId, state: 'active' }, { $set: { lockedUntil } });
    } catch (err) {
      this.ctx.logger.warn({ err, queue: this.name, jobId: id }, 'job lease renewal failed');
    }
  }

  private async finish(doc: JobDoc, outcome: Outcome): Promise<void> {
    const now = this.ctx.now();
    const attemptsMade = doc.attemptsMade + 1;
    const retry = !outcome.ok && attemptsMade < doc.attempts;
    const unlock = { lockedBy: '', lockedUntil: '' } as const;
    let update: UpdateFilter<JobDoc>;
    if (outcome.ok) {
      update = { $set: { state: 'completed', result: outcome.result, attemptsMade, finishedAt: now }, $unset: unlock };
    } else if (retry) {
      const runAt = new Date(now.getTime() + doc.backoffMs);
      update = { $set: { state: 'waiting', runAt, attemptsMade, failedReason: outcome.reason }, $unset: unlock };
    } else {
      update = { $set: { state: 'failed', attemptsMade, failedReason: outcome.reason, finishedAt: now }, $unset: unlock };
    }
    const after = await this.ctx.jobs.findOneAndUpdate(
      { _id: doc._id, lockedBy: this.ctx.instanceId, state: 'active' },
      update,
      { returnDocument: 'after' },
    );
    if (!after) {
      this.ctx.logger.warn({ queue: this.name, jobId: doc._id }, 'job outcome dropped: lease was lost');
      return;
    }
    if (outcome.ok) this.events.emit('completed', this.info(after), outcome.result);
    else if (!retry) this.events.emit('failed', this.info(after), outcome.reason);
    if (!retry && ++this.finishedSincePrune >= PRUNE_EVERY) {
      this.finishedSincePrune = 0;
      await this.prune();
    }
  }

  /** Keeps the newest `keepCompleted` / `keepFailed` finished jobs, like Bull's removeOnComplete. */
  private async prune(): Promise<void> {
    for (const [state, keep] of [
      ['completed', this.ctx.keepCompleted],
      ['failed', this.ctx.keepFailed],
    ] as const) {
      const old = await this.ctx.jobs
        .find({ queue: this.name, state }, { sort: { finishedAt: -1 }, skip: keep, projection: { _id: 1 } })
        .toArray();
      if (old.length > 0) await this.ctx.jobs.deleteMany({ _id: { $in: old.map((d) => d._id) } });
    }
  }

  // ---- lifecycle ----------------------------------------------------------------------

  private async shutDown(timeoutMs: number): Promise<void> {
    clearTimeout(this.wakeTimer);
    clearInterval(this.stalledTimer);
    await this.starting;
    await this.pumping;
    const finished = await settlesWithin(Promise.all(this.running.values()), timeoutMs);
    if (!finished) {
      // Leave them 'active': their leases lapse and the next start re-runs them.
      this.abandoned = true;
      for (const timer of this.leaseTimers) clearInterval(timer);
      this.leaseTimers.clear();
      this.ctx.logger.warn({ queue: this.name, active: this.running.size, timeoutMs }, 'closing with jobs still active');
    }
    clearTimeout(this.wakeTimer);
  }

  private assertOpen(): void {
    if (this.closing) throw new Error(`Queue ${this.name} is closed`);
  }

  private info(doc: JobDoc): JobInfo<D> {
    return jobInfoFromDoc<D>(doc, this.ctx.now());
  }
}
