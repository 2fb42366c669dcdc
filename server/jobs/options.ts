/**
 * Validation and normalisation of JobOptions, and the repeat arithmetic both runtimes
 * share, so a bad option fails the same way whichever backend runs.
 */
import { createHash } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import type { JobOptions, RepeatableRef, RepeatOptions } from './types.js';

export interface NormalizedJobOptions {
  jobId?: string;
  attempts: number;
  backoffMs: number;
  delayMs: number;
  repeat?: RepeatOptions;
}

export function normalizeJobOptions(opts: JobOptions = {}): NormalizedJobOptions {
  const { jobId, attempts = 1, backoffMs = 0, delayMs = 0, repeat } = opts;
  if (jobId !== undefined && (typeof jobId !== 'string' || jobId.length === 0 || jobId.length > 200)) {
    throw new TypeError('jobId must be a non-empty string of at most 200 characters');
  }
  if (!Number.isInteger(attempts) || attempts < 1) throw new TypeError('attempts must be an integer >= 1');
  if (!Number.isFinite(backoffMs) || backoffMs < 0) throw new TypeError('backoffMs must be a number >= 0');
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new TypeError('delayMs must be a number >= 0');
  if (repeat !== undefined) assertRepeat(repeat);
  return { jobId, attempts, backoffMs, delayMs, repeat: repeat && cleanRepeat(repeat) };
}

/** A copy without undefined keys: stores may persist `undefined` as null. */
export function cleanRepeat(repeat: RepeatOptions): RepeatOptions {
  if (repeat.everyMs !== undefined) return { everyMs: repeat.everyMs };
  return repeat.tz !== undefined ? { cron: repeat.cron, tz: repeat.tz } : { cron: repeat.cron };
}

export function assertRepeat(repeat: RepeatOptions): void {
  const hasEvery = repeat.everyMs !== undefined;
  const hasCron = repeat.cron !== undefined;
  if (hasEvery === hasCron) throw new TypeError('repeat needs exactly one of everyMs or cron');
  if (hasEvery) {
    if (!Number.isInteger(repeat.everyMs) || repeat.everyMs <= 0) {
      throw new TypeError('repeat.everyMs must be a positive integer');
    }
    return;
  }
  try {
    // next() as well as parse(): an unknown time zone only surfaces when computing a date.
    CronExpressionParser.parse(repeat.cron, { tz: repeat.tz }).next();
  } catch (err) {
    throw new TypeError(`Invalid repeat.cron ${JSON.stringify(repeat.cron)}: ${(err as Error).message}`);
  }
}

/** Identifies a repeatable within its queue; equal options give equal keys. */
export function repeatKey({ repeat, jobId }: RepeatableRef): string {
  const schedule = repeat.cron !== undefined ? `cron:${repeat.tz ?? ''}:${repeat.cron}` : `every:${repeat.everyMs}`;
  return `${jobId ?? ''}:${schedule}`;
}

/** Local id of the run of a repeatable due at `runAt`: the same slot always gets the same id. */
export function repeatRunId(key: string, runAt: Date): string {
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `repeat:${digest}:${runAt.getTime()}`;
}

/** The first run time strictly after `after`; null when the schedule has no more runs. */
export function nextRunAfter(repeat: RepeatOptions, after: Date): Date | null {
  if (repeat.everyMs !== undefined) {
    const every = repeat.everyMs;
    // Aligned to multiples of `every` since the epoch, like Bull, so restarts keep the cadence.
    return new Date(Math.floor(after.getTime() / every) * every + every);
  }
  const expr = CronExpressionParser.parse(repeat.cron, { currentDate: after, tz: repeat.tz });
  return expr.hasNext() ? expr.next().toDate() : null;
}

export function clampProgress(pct: number): number {
  if (typeof pct !== 'number' || Number.isNaN(pct)) throw new TypeError('progress must be a number');
  return Math.min(100, Math.max(0, pct));
}
