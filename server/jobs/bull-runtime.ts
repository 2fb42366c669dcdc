/**
 * JobRuntime on Bull (Redis). Used whenever REDIS_URL is set; the web process may only
 * enqueue while `npm run worker` processes, so events come from Bull's *global* events
 * (Redis pub/sub), which reach every process that has the queue open.
 */
import Bull from 'bull';
import { JobEventHub } from './events.js';
import { globalJobId, localIdCandidates } from './job-ids.js';
import { QueueRegistry } from './queue-registry.js';
import { consoleJobLogger } from './logger.js';
import { clampProgress, normalizeJobOptions, repeatKey } from './options.js';
import { DEFAULT_CLOSE_TIMEOUT_MS, rejectAfter, settlesWithin } from './timeouts.js';
import type {
  JobContext,
  JobEventName,
  JobHandler,
  JobInfo,
  JobListener,
  JobLogger,
  JobOptions,
  JobQueue,
  JobRuntime,
  JobState,
  RepeatableInfo,
  RepeatableRef,
  RepeatOptions,
} from './types.js';

export interface BullRuntimeOptions {
  redisUrl: string;
  /** Redis key prefix (Bull's default is 'bull'); tests use a unique one each. */
  prefix?: string;
  logger?: JobLogger;
  /** Finished jobs kept per queue, so Redis does not grow forever. */
  keepCompleted?: number;
  keepFailed?: number;
}

interface Retention {
  keepCompleted: number;
  keepFailed: number;
}

const PING_TIMEOUT_MS = 2_000;
/** Longer than the round trips between Bull's repeat-exists check and its re-scheduling. */
const REPEAT_RECHECK_MS = 50;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function bullRepeat(repeat: RepeatOptions): Bull.CronRepeatOptions | Bull.EveryRepeatOptions {
  return repeat.cron !== undefined ? { cron: repeat.cron, tz: repeat.tz } : { every: repeat.everyMs };
}

/** The part of an ioredis client that tells when it is connected. */
interface RedisClientState {
  status: string;
  once(event: 'ready', listener: () => void): unknown;
}

function untilReady(client: RedisClientState): Promise<void> {
  return client.status === 'ready' ? Promise.resolve() : new Promise((resolve) => client.once('ready', resolve));
}

function toJobState(state: string): JobState {
  switch (state) {
    case 'completed':
    case 'failed':
    case 'delayed':
    case 'active':
      return state;
    default:
      return 'waiting'; // 'waiting', 'paused', 'stuck'
  }
}

class BullJobQueue<D> implements JobQueue<D> {
  private readonly events: JobEventHub<D>;
  /** Global-event subscriptions in flight; add() waits for them so no event of its job is missed. */
  private readonly subscriptions = new Map<JobEventName, Promise<void>>();
  /** Serialises event dispatch: each needs a job fetch, and listeners must see Redis' order. */
  private dispatchChain: Promise<void> = Promise.resolve();
  private processing = false;
  private processorStarted: Promise<void> = Promise.resolve();
  private closing?: Promise<void>;

  constructor(
    readonly name: string,
    private readonly bull: Bull.Queue<D>,
    private readonly retention: Retention,
    private readonly logger: JobLogger,
  ) {
    this.events = new JobEventHub<D>(name, logger);
    // Without an 'error' listener, a Redis outage would crash the process.
    bull.on('error', (err: Error) => logger.error({ err, queue: name }, 'bull queue error'));
  }

  /** The underlying client, for ping. */
  get client(): Bull.Queue<D>['client'] {
    return this.bull.client;
  }

  async add(data: D, opts?: JobOptions): Promise<JobInfo<D>> {
    this.assertOpen();
    const o = normalizeJobOptions(opts);
    await Promise.all(this.subscriptions.values());
    const bullOpts: Bull.JobOptions = {
      attempts: o.attempts,
      removeOnComplete: this.retention.keepCompleted,
      removeOnFail: this.retention.keepFailed,
    };
    if (o.backoffMs > 0) bullOpts.backoff = { type: 'fixed', delay: o.backoffMs };
    if (o.jobId !== undefined) bullOpts.jobId = o.jobId;
    if (o.repeat) bullOpts.repeat = bullRepeat(o.repeat);
    else if (o.delayMs > 0) bullOpts.delay = o.delayMs;
    const job = await this.bull.add(data, bullOpts);
    // On a duplicate jobId Bull returns the new (discarded) data; report what is stored.
    const stored = await this.bull.getJob(job.id);
    return this.toJobInfo(stored ?? job);
  }

  process(handler: JobHandler<D>, concurrency = 1): void {
    this.assertOpen();
    if (this.processing) throw new Error(`Queue ${this.name} already has a processor`);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError('concurrency must be an integer >= 1');
    this.processing = true;
    this.processorStarted = this.startProcessor(handler, concurrency);
  }

  private async startProcessor(handler: JobHandler<D>, concurrency: number): Promise<void> {
    // Bull opens its blocking and subscriber connections lazily, partway through process();
    // a close() racing that would leave them open and the process alive. Open them first.
    const lazyClients = this.bull as unknown as { bclient: RedisClientState; eclient: RedisClientState };
    await Promise.all([this.bull.isReady(), untilReady(lazyClients.bclient), untilReady(lazyClients.eclient)]);
    if (this.closing) return;
    // Resolves only when the queue closes; failures to start are reported, not thrown.
    this.bull
      .process(concurrency, async (job: Bull.Job<D>) => {
        const ctx: JobContext<D> = {
          id: globalJobId(this.name, String(job.id)),
          data: job.data,
          attemptsMade: job.attemptsMade,
          progress: async (pct) => {
            await job.progress(clampProgress(pct));
          },
        };
        try {
          return await handler(ctx);
        } catch (err) {
          // Bull records err.message; make sure a thrown non-Error still has one.
          throw err instanceof Error ? err : new Error(String(err));
        }
      })
      .catch((err: unknown) => {
        if (!this.closing) this.logger.error({ err, queue: this.name }, 'bull processor stopped');
      });
  }

  async getJob(id: string): Promise<JobInfo<D> | null> {
    for (const localId of localIdCandidates(this.name, id)) {
      const job = await this.bull.getJob(localId);
      if (job) return this.toJobInfo(job);
    }
    return null;
  }

  on<E extends JobEventName>(event: E, listener: JobListener<D, E>): () => void {
    const off = this.events.on(event, listener);
    this.subscribe(event);
    return off;
  }

  async removeRepeatable(ref: RepeatableRef): Promise<boolean> {
    const key = repeatKey(ref);
    const isScheduled = async () => (await this.repeatables()).some((r) => r.key === key);
    const existed = await isScheduled();
    const bullRef = { ...bullRepeat(ref.repeat), jobId: ref.jobId };
    await this.bull.removeRepeatable(bullRef);
    // Bull race: a run starting at this moment re-adds the schedule just after checking it
    // still exists. Look again once that window has passed, and remove it again if so.
    await sleep(REPEAT_RECHECK_MS);
    if (await isScheduled()) await this.bull.removeRepeatable(bullRef);
    return existed;
  }

  async repeatables(): Promise<RepeatableInfo[]> {
    const found = await this.bull.getRepeatableJobs(0, -1, true);
    return found.map((r) => {
      const repeat: RepeatOptions = r.cron ? (r.tz ? { cron: r.cron, tz: r.tz } : { cron: r.cron }) : { everyMs: Number(r.every) };
      const jobId = r.id ? String(r.id) : undefined;
      return { key: repeatKey({ repeat, jobId }), repeat, jobId, nextRunAt: r.next ? new Date(r.next) : undefined };
    });
  }

  close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
    this.closing ??= this.shutDown(timeoutMs);
    return this.closing;
  }

  private async shutDown(timeoutMs: number): Promise<void> {
    // Closing under a pending subscribe or start would strand a connection or reject unhandled.
    await settlesWithin(Promise.all([...this.subscriptions.values(), this.processorStarted]), timeoutMs);
    if (this.processing) {
      try {
        await this.bull.pause(true, true); // local pause: stop fetching, do not wait yet
        const finished = await settlesWithin(this.bull.whenCurrentJobsFinished(), timeoutMs);
        // Unfinished jobs lose their lock and another worker (or this one, restarted) retries them.
        if (!finished) this.logger.warn({ queue: this.name, timeoutMs }, 'closing with jobs still active');
      } catch (err) {
        this.logger.warn({ err, queue: this.name }, 'error while pausing queue for close');
      }
    }
    await this.bull.close(true);
    await this.dispatchChain;
  }

  private assertOpen(): void {
    if (this.closing) throw new Error(`Queue ${this.name} is closed`);
  }

  private subscribe(event: JobEventName): void {
    if (this.subscriptions.has(event)) return;
    const registered = new Promise<void>((resolve) => {
      // Bull emits this once its pub/sub subscription for the event is live.
      this.bull.once(`registered:global:${event}`, () => resolve());
    });
    this.subscriptions.set(event, registered);
    switch (event) {
      case 'progress':
        this.bull.on('global:progress', (jobId: string, progress: unknown) => {
          this.dispatch('progress', jobId, (info) => {
            const pct = typeof progress === 'number' ? progress : info.progress;
            this.events.emit('progress', { ...info, progress: pct }, pct);
          });
        });
        break;
      case 'completed':
        this.bull.on('global:completed', (jobId: string) => {
          this.dispatch('completed', jobId, (info) => this.events.emit('completed', info, info.result));
        });
        break;
      case 'failed':
        this.bull.on('global:failed', (jobId: string, reason: string) => {
          this.dispatch('failed', jobId, (info) => this.events.emit('failed', info, info.failedReason ?? reason));
        });
        break;
    }
  }

  private dispatch(event: JobEventName, jobId: string, emit: (info: JobInfo<D>) => void): void {
    this.dispatchChain = this.dispatchChain
      .then(async () => {
        if (!this.events.hasListeners(event)) return;
        const job = await this.bull.getJob(jobId);
        if (!job) return; // already pruned by removeOnComplete/removeOnFail
        emit(await this.toJobInfo(job));
      })
      .catch((err: unknown) => this.logger.error({ err, queue: this.name, event, jobId }, 'job event dispatch failed'));
  }

  private async toJobInfo(fetched: Bull.Job<D>): Promise<JobInfo<D>> {
    let job = fetched;
    const state = toJobState(await job.getState());
    if ((state === 'completed' || state === 'failed') && !job.finishedOn) {
      // It finished between the fetch and the state check: read the finished job.
      job = (await this.bull.getJob(job.id)) ?? job;
    }
    const progress: unknown = job.progress();
    const localId = String(job.id);
    const info: JobInfo<D> = {
      id: globalJobId(this.name, localId),
      queue: this.name,
      localId,
      data: job.data,
      state,
      progress: typeof progress === 'number' ? progress : 0,
      // Bull counts only failed attempts; ours counts the successful one too.
      attemptsMade: job.attemptsMade + (state === 'completed' ? 1 : 0),
      attempts: job.opts.attempts ?? 1,
      createdAt: new Date(job.timestamp),
    };
    if (state === 'completed') info.result = (job.returnvalue as unknown) ?? null;
    if (job.failedReason) info.failedReason = job.failedReason;
    if (job.finishedOn) info.finishedAt = new Date(job.finishedOn);
    return info;
  }
}

export class BullJobRuntime implements JobRuntime {
  readonly kind = 'bull' as const;
  private readonly queues = new QueueRegistry<BullJobQueue<unknown>>(
    (name) => new BullJobQueue<unknown>(name, this.openBull(name), this.retention, this.logger),
  );
  private readonly logger: JobLogger;
  private readonly retention: Retention;
  /** Opened only if ping() is called before any queue exists. */
  private healthQueue?: Bull.Queue;
  private closing?: Promise<void>;

  constructor(private readonly opts: BullRuntimeOptions) {
    this.logger = opts.logger ?? consoleJobLogger;
    this.retention = { keepCompleted: opts.keepCompleted ?? 1000, keepFailed: opts.keepFailed ?? 5000 };
  }

  queue<D = unknown>(name: string): JobQueue<D> {
    if (this.closing) throw new Error('Job runtime is closed');
    return this.queues.get<D>(name);
  }

  getJob(globalId: string): Promise<JobInfo | null> {
    return this.queues.getJob(globalId);
  }

  async ping(): Promise<void> {
    const client = (this.queues.first() ?? this.openHealthQueue()).client;
    // ioredis queues commands while reconnecting; bound the wait so /health answers.
    await rejectAfter(client.ping(), PING_TIMEOUT_MS, 'Redis did not answer PING in time');
  }

  close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
    this.closing ??= (async () => {
      await this.queues.closeAll(timeoutMs);
      await this.healthQueue?.close(true);
    })();
    return this.closing;
  }

  private openHealthQueue(): Bull.Queue {
    if (!this.healthQueue) {
      this.healthQueue = this.openBull('health');
      this.healthQueue.on('error', (err: Error) => this.logger.warn({ err }, 'redis health check error'));
    }
    return this.healthQueue;
  }

  private openBull<D>(name: string): Bull.Queue<D> {
    return new Bull<D>(name, this.opts.redisUrl, this.opts.prefix ? { prefix: this.opts.prefix } : {});
  }
}
