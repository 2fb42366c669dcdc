/**
 * The status of one assignment at `now`, from the person's completion facts. Pure: the
 * clock is a parameter, so every transition is tested by moving `now`.
 *
 * - A completion counts for cycle 0 whenever it happened (someone who already did the
 *   course is done); for a recertification cycle only if newer than the one it renews.
 * - With `validForMonths`, a completion expires that many months later and is `expiring`
 *   from `windowDays` before; without, `complete` stays complete.
 * - No counting completion: a recertification cycle is `expiring` until the renewed
 *   completion expires, then `expired`; a first cycle is `overdue` after its due date,
 *   else `in_progress` once the person did anything on the activity, else `not_started`.
 */
import type { AssignmentDoc } from '../assignments/assignment-types.js';
import { addDays, addMonths } from '../assignments/rule-matching.js';
import type { ComplianceStatus } from './compliance-types.js';
import type { CompletionEntry, CompletionFactDoc } from './completion-facts.js';
import type { CompletionSource } from '../learning-record/completion-authority.js';

export interface StatusResult {
  status: ComplianceStatus;
  completedAt?: Date;
  expiresAt?: Date;
  score?: number;
  completionStatementId?: string;
  completionSource?: CompletionSource;
}

/** The newest completion that counts for this assignment's cycle. */
export function countingCompletion(a: Pick<AssignmentDoc, 'cycle' | 'previousCompletedAt'>, fact: CompletionFactDoc | undefined): CompletionEntry | undefined {
  // Completions are kept oldest first: when the newest is from before this cycle, all are.
  const newest = fact?.completions.at(-1);
  if (!newest) return undefined;
  if (a.cycle > 0 && a.previousCompletedAt && new Date(newest.at).getTime() <= new Date(a.previousCompletedAt).getTime()) return undefined;
  return newest;
}

export function expiryOf(completedAt: Date, validForMonths: number | undefined): Date | undefined {
  return validForMonths ? addMonths(completedAt, validForMonths) : undefined;
}

export function statusOf(a: AssignmentDoc, fact: CompletionFactDoc | undefined, now: Date): StatusResult {
  const t = now.getTime();
  const c = countingCompletion(a, fact);
  if (c) {
    const completedAt = new Date(c.at);
    const out: StatusResult = { status: 'complete', completedAt, completionStatementId: c.statementId };
    if (c.score !== undefined) out.score = c.score;
    if (c.source) out.completionSource = c.source;
    const expiresAt = expiryOf(completedAt, a.validForMonths);
    if (expiresAt) {
      out.expiresAt = expiresAt;
      if (t >= expiresAt.getTime()) out.status = 'expired';
      else if (t >= addDays(expiresAt, -(a.windowDays ?? 0)).getTime()) out.status = 'expiring';
    }
    return out;
  }
  if (a.cycle > 0 && a.previousExpiresAt) {
    const expiresAt = new Date(a.previousExpiresAt);
    const out: StatusResult = { status: t >= expiresAt.getTime() ? 'expired' : 'expiring', expiresAt };
    if (a.previousCompletedAt) out.completedAt = new Date(a.previousCompletedAt);
    return out;
  }
  if (a.dueAt && t > new Date(a.dueAt).getTime()) return { status: 'overdue' };
  return { status: fact?.firstSeenAt ? 'in_progress' : 'not_started' };
}
