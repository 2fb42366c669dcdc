/**
 * Jobs: `createJobRuntime` picks Bull when a Redis URL is configured, else the durable
 * in-process runtime over the app's store. Both honour the contract in ./types.ts.
 */
import type { StoreDb } from '../store/types.js';
import { BullJobRuntime } from './bull-runtime.js';
import { InProcessJobRuntime } from './in-process-runtime.js';
import type { JobLogger, JobRuntime } from './types.js';

export type * from './types.js';
export { BullJobRuntime, type BullRuntimeOptions } from './bull-runtime.js';
export { InProcessJobRuntime, type InProcessRuntimeOptions } from './in-process-runtime.js';

export interface JobRuntimeOptions {
  /** REDIS_URL; when set, Bull is used and `store` is not. */
  redisUrl?: string;
  store: StoreDb;
  /** Bull key prefix (Redis only). */
  prefix?: string;
  logger?: JobLogger;
  /** Clock for the in-process runtime's due times and timestamps. */
  now?: () => Date;
}

export function createJobRuntime(opts: JobRuntimeOptions): JobRuntime {
  if (opts.redisUrl) {
    return new BullJobRuntime({ redisUrl: opts.redisUrl, prefix: opts.prefix, logger: opts.logger });
  }
  return new InProcessJobRuntime({ store: opts.store, logger: opts.logger, now: opts.now });
}
