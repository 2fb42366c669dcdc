/**
 * Counts attempts per key in the store, atomically and BEFORE the work they guard (a
 * password check, an email), so racing requests and several web processes share one
 * count. The first `free` attempts in a window pass; after that the key is slowed, not
 * locked: one attempt per delay, the delay doubling each time up to `maxDelayMs`. A key
 * left alone for `windowMs` (after its last delay) is forgotten.
 */
import { isDuplicateKeyError, type StoreCollection } from '../store/types.js';

export interface AttemptDoc {
  _id: string;
  count: number;
  /** Attempts given back in this window (see refund). */
  refunds?: number;
  /** No attempt passes before this (set once the free attempts are used up). */
  until?: Date;
  expiresAt: Date;
}

export interface LimiterPolicy {
  free: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

export class AttemptLimiter {
  constructor(
    private readonly attempts: StoreCollection<AttemptDoc>,
    private readonly policy: LimiterPolicy,
    private readonly now: () => Date,
  ) {}

  async take(key: string): Promise<Admission> {
    const now = this.now();
    const { free, windowMs } = this.policy;
    await this.attempts.deleteOne({ _id: key, expiresAt: { $lte: now } });
    // Lost races (an insert beside another, a key forgotten meanwhile) go round again.
    for (let round = 0; round < 3; round++) {
      try {
        // Within the free allowance: one atomic increment decides, whatever runs beside it.
        const admitted = await this.attempts.findOneAndUpdate(
          { _id: key, count: { $lt: free } },
          { $inc: { count: 1 }, $set: { expiresAt: new Date(now.getTime() + windowMs) } },
          { upsert: true, returnDocument: 'after' },
        );
        if (admitted) return { ok: true };
      } catch (err) {
        // The key exists and is past its allowance (the upsert then collides with it).
        if (!isDuplicateKeyError(err)) throw err;
      }
      const doc = await this.attempts.findOne({ _id: key });
      if (!doc || doc.count < free) continue;
      if (doc.until && doc.until > now) return { ok: false, retryAfterMs: doc.until.getTime() - now.getTime() };
      // Past the allowance and not waiting: the first such attempt starts the delay; later
      // ones claim the one attempt each elapsed delay allows. Compare-and-set on `count`,
      // so of racing callers exactly one wins the claim.
      const starting = !doc.until;
      const delay = this.delayAfter(doc.count - free + (starting ? 0 : 1));
      const until = new Date(now.getTime() + delay);
      const claimed = await this.attempts.findOneAndUpdate(
        { _id: key, count: doc.count, ...(starting ? { until: { $exists: false } } : { until: doc.until }) },
        { ...(starting ? {} : { $inc: { count: 1 } }), $set: { until, expiresAt: new Date(until.getTime() + windowMs) } },
        { returnDocument: 'after' },
      );
      if (claimed && !starting) return { ok: true };
      const current = claimed ?? (await this.attempts.findOne({ _id: key }));
      const wait = current?.until ? current.until.getTime() - now.getTime() : this.policy.baseDelayMs;
      return { ok: false, retryAfterMs: Math.max(wait, 1) };
    }
    return { ok: false, retryAfterMs: this.policy.baseDelayMs };
  }

  /** Forget the key (a successful sign-in resets the account's count). */
  async reset(key: string): Promise<void> {
    await this.attempts.deleteOne({ _id: key });
  }

  /**
   * Give one attempt back: a sign-in that succeeded from a shared address (an office) is not
   * held against it. At most `maxRefunds` per window, so an attacker cannot interleave
   * sign-ins to an account of their own to keep spraying others at full speed.
   */
  async refund(key: string, maxRefunds: number): Promise<void> {
    await this.attempts.updateOne({ _id: key, count: { $gt: 0 }, refunds: { $not: { $gte: maxRefunds } } }, { $inc: { count: -1, refunds: 1 } });
  }

  private delayAfter(excess: number): number {
    return Math.min(this.policy.baseDelayMs * 2 ** Math.max(0, excess), this.policy.maxDelayMs);
  }
}

export async function purgeExpiredAttempts(attempts: StoreCollection<AttemptDoc>, now: Date): Promise<number> {
  return (await attempts.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
}
