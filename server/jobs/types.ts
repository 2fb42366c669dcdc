/**
 * The job queue contract. Two implementations keep the same semantics:
 * Bull on Redis (`bull-runtime.ts`) and a durable in-process runtime over the app's
 * store (`in-process-runtime.ts`). Domain code sees only these types.
 */

/** Exactly one of `everyMs` or `cron`. */
export type RepeatOptions =
  | {
      /** Run every N ms, on slots aligned to multiples of N since the epoch (as Bull does). */
      everyMs: number;
      cron?: never;
      tz?: never;
    }
  | {
      /** Standard 5-field (or 6-field with seconds) cron expression. */
      cron: string;
      /** IANA time zone for the cron expression; UTC when omitted. */
      tz?: string;
      everyMs?: never;
    };

export interface JobOptions {
  /**
   * Caller-chosen local id. Adding a job whose id already exists (in any state, until it is
   * pruned) adds nothing and returns the existing job.
   */
  jobId?: string;
  /** Total attempts including the first; default 1. */
  attempts?: number;
  /** Fixed delay before each retry; default 0 (retry at once). */
  backoffMs?: number;
  /** Delay before the first attempt; ignored for repeatable jobs. */
  delayMs?: number;
  /**
   * Makes the job repeatable. The repeat key is (jobId, repeat): adding the same
   * repeatable again keeps a single schedule. Each run is its own job.
   */
  repeat?: RepeatOptions;
}

/** What identifies a repeatable: the same `repeat` (and `jobId`, if any) it was added with. */
export interface RepeatableRef {
  repeat: RepeatOptions;
  jobId?: string;
}

export interface RepeatableInfo {
  /** Stable key derived from (jobId, repeat). */
  key: string;
  repeat: RepeatOptions;
  jobId?: string;
  /** When the next run is due, if one is scheduled. */
  nextRunAt?: Date;
}

/** `delayed`: waiting for a start time (first delay, retry backoff, or repeat slot). */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

export interface JobInfo<D = unknown> {
  /** Globally unique: `${queue}:${localId}`. */
  id: string;
  queue: string;
  localId: string;
  data: D;
  state: JobState;
  /** 0..100, as last reported by the processor. */
  progress: number;
  /** Attempts that have ended (failed or completed): 3 after failing twice then succeeding. */
  attemptsMade: number;
  /** Configured total attempts. */
  attempts: number;
  /** The processor's resolved value, once completed. */
  result?: unknown;
  /** Message of the most recent failed attempt (kept even if a later attempt succeeded). */
  failedReason?: string;
  createdAt: Date;
  /** When the job reached `completed` or `failed`. */
  finishedAt?: Date;
}

/** What a processor receives for one attempt. */
export interface JobContext<D = unknown> {
  /** Global id, as in JobInfo. */
  id: string;
  data: D;
  /** Attempts that ended before this one (0 on the first run). */
  attemptsMade: number;
  /** Report progress 0..100 (clamped); emits a `progress` event. */
  progress(pct: number): Promise<void>;
}

export type JobHandler<D = unknown> = (job: JobContext<D>) => Promise<unknown>;

/**
 * Events, with the arguments each listener receives. `failed` fires once, when the last
 * attempt has failed (not on attempts that will be retried).
 */
export interface JobEventMap<D = unknown> {
  progress: [job: JobInfo<D>, progress: number];
  completed: [job: JobInfo<D>, result: unknown];
  failed: [job: JobInfo<D>, reason: string];
}

export type JobEventName = keyof JobEventMap;

export type JobListener<D, E extends JobEventName> = (...args: JobEventMap<D>[E]) => void;

export interface JobQueue<D = unknown> {
  readonly name: string;
  /** Resolves once the job is durably enqueued. For a repeatable, returns its next scheduled run. */
  add(data: D, opts?: JobOptions): Promise<JobInfo<D>>;
  /** Registers the one processor of this queue and starts taking jobs. Call at most once. */
  process(handler: JobHandler<D>, concurrency?: number): void;
  /** Accepts a local id or a global `${queue}:${localId}` id. */
  getJob(id: string): Promise<JobInfo<D> | null>;
  /**
   * Subscribes to job events; returns the unsubscribe function.
   * Bull: events of every process working this queue. In-process: events of this process.
   */
  on<E extends JobEventName>(event: E, listener: JobListener<D, E>): () => void;
  /** Stops a repeatable; resolves true if it existed. A run already started finishes. */
  removeRepeatable(ref: RepeatableRef): Promise<boolean>;
  repeatables(): Promise<RepeatableInfo[]>;
  /** Graceful: stops taking jobs, waits for active ones up to `timeoutMs`, releases resources. */
  close(timeoutMs?: number): Promise<void>;
}

export interface JobRuntime {
  readonly kind: 'bull' | 'in-process';
  /** The queue of that name (memoised). Names: letters, digits, '-', '_', '.'. */
  queue<D = unknown>(name: string): JobQueue<D>;
  /** Finds a job by global id among the queues opened through `queue()`; null otherwise. */
  getJob(globalId: string): Promise<JobInfo | null>;
  /** Rejects if the backend is unreachable (for /health). */
  ping(): Promise<void>;
  /** Closes every queue gracefully (see JobQueue.close); idempotent. */
  close(timeoutMs?: number): Promise<void>;
}

/** The subset of pino's Logger the jobs code uses. */
export interface JobLogger {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
