/**
 * How the in-process runtime persists jobs in the app's store: one document per job in
 * `jobs`, one per repeatable definition in `job_repeats`.
 */
import type { JobInfo, RepeatOptions } from './types.js';

export const JOBS_COLLECTION = 'jobs';
export const REPEATS_COLLECTION = 'job_repeats';

/** Stored states; 'delayed' is derived on read (waiting with a future runAt). */
export type StoredJobState = 'waiting' | 'active' | 'completed' | 'failed';

export interface JobDoc {
  /** Global id `${queue}:${localId}`; the unique _id makes jobId dedupe atomic. */
  _id: string;
  queue: string;
  localId: string;
  data: unknown;
  state: StoredJobState;
  /** When a waiting job becomes due (first delay, retry backoff, repeat slot). */
  runAt: Date;
  progress: number;
  attempts: number;
  attemptsMade: number;
  backoffMs: number;
  /** Times the job was found active with an expired lease (its process died). */
  stalledCount: number;
  result?: unknown;
  failedReason?: string;
  /** Set on runs of a repeatable. */
  repeatKey?: string;
  /** The runtime instance running it, and until when its lease holds. */
  lockedBy?: string;
  lockedUntil?: Date;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
}

export interface RepeatDoc {
  /** `${queue}:${repeatKey}`. */
  _id: string;
  queue: string;
  key: string;
  repeat: RepeatOptions;
  jobId?: string;
  data: unknown;
  attempts: number;
  backoffMs: number;
  createdAt: Date;
}

export function jobInfoFromDoc<D>(doc: JobDoc, now: Date): JobInfo<D> {
  const info: JobInfo<D> = {
    id: doc._id,
    queue: doc.queue,
    localId: doc.localId,
    data: doc.data as D,
    state: doc.state === 'waiting' && doc.runAt.getTime() > now.getTime() ? 'delayed' : doc.state,
    progress: doc.progress,
    attemptsMade: doc.attemptsMade,
    attempts: doc.attempts,
    createdAt: doc.createdAt,
  };
  if (doc.state === 'completed') info.result = doc.result ?? null;
  if (doc.failedReason !== undefined && doc.failedReason !== null) info.failedReason = doc.failedReason;
  if (doc.finishedAt) info.finishedAt = doc.finishedAt;
  return info;
}

/**
 * Data and results go through JSON, as they do in Redis, so a processor sees the same
 * values (a Date becomes an ISO string) whichever runtime runs it.
 */
export function asJsonValue(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}
