/**
 * JobRuntime without Redis: the same processors run inside this process, and jobs are
 * persisted in the app's store (`jobs`, `job_repeats`), so an acknowledged job survives
 * a crash and is run by the next start. Works on the embedded store and on MongoDB; with
 * MongoDB, several processes may share the queues (claims are atomic, leases expire).
 */
import { randomUUID } from 'node:crypto';
import type { StoreDb } from '../store/types.js';
import { JOBS_COLLECTION, REPEATS_COLLECTION, type JobDoc, type RepeatDoc } from './in-process-docs.js';
import { InProcessJobQueue, type InProcessQueueContext } from './in-process-queue.js';
import { QueueRegistry } from './queue-registry.js';
import { consoleJobLogger } from './logger.js';
import { DEFAULT_CLOSE_TIMEOUT_MS } from './timeouts.js';
import type { JobInfo, JobLogger, JobQueue, JobRuntime } from './types.js';

export interface InProcessRuntimeOptions {
  store: StoreDb;
  logger?: JobLogger;
  /** The clock that decides due times, leases and timestamps. */
  now?: () => Date;
  /** How long a claimed job stays ours without renewal; a crashed run is retried after it. Default 30 s (Bull's). */
  lockDurationMs?: number;
  /** Longest sleep between looks at the store (jobs added by other processes). Default 5 s. */
  pollIntervalMs?: number;
  /** Stalls (runs whose process died) tolerated before the job fails. Default 1 (Bull's). */
  maxStalledCount?: number;
  keepCompleted?: number;
  keepFailed?: number;
}

export class InProcessJobRuntime implements JobRuntime {
  readonly kind = 'in-process' as const;
  private readonly queues = new QueueRegistry<InProcessJobQueue<unknown>>((name) => new InProcessJobQueue<unknown>(name, this.context));
  private readonly context: InProcessQueueContext;
  private closing?: Promise<void>;

  constructor(opts: InProcessRuntimeOptions) {
    const jobs = opts.store.collection<JobDoc>(JOBS_COLLECTION);
    const repeats = opts.store.collection<RepeatDoc>(REPEATS_COLLECTION);
    const ready = Promise.all([
      jobs.createIndex({ queue: 1, state: 1, runAt: 1 }, { name: 'queue_state_runAt' }),
      jobs.createIndex({ queue: 1, repeatKey: 1 }, { name: 'queue_repeatKey', sparse: true }),
      repeats.createIndex({ queue: 1 }, { name: 'queue' }),
    ]).then(() => undefined);
    // Surfaced by the first operation that awaits it; never an unhandled rejection.
    ready.catch(() => undefined);
    this.context = {
      jobs,
      repeats,
      ready,
      now: opts.now ?? (() => new Date()),
      logger: opts.logger ?? consoleJobLogger,
      instanceId: randomUUID(),
      lockDurationMs: opts.lockDurationMs ?? 30_000,
      pollIntervalMs: opts.pollIntervalMs ?? 5_000,
      maxStalledCount: opts.maxStalledCount ?? 1,
      keepCompleted: opts.keepCompleted ?? 1000,
      keepFailed: opts.keepFailed ?? 5000,
    };
  }

  queue<D = unknown>(name: string): JobQueue<D> {
    if (this.closing) throw new Error('Job runtime is closed');
    return this.queues.get<D>(name);
  }

  getJob(globalId: string): Promise<JobInfo | null> {
    return this.queues.getJob(globalId);
  }

  async ping(): Promise<void> {
    if (this.closing) throw new Error('Job runtime is closed');
    await this.context.ready;
    await this.context.jobs.findOne({ _id: '' });
  }

  close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
    this.closing ??= this.queues.closeAll(timeoutMs);
    return this.closing;
  }
}
