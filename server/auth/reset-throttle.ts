/**
 * Limits "forgot password" requests, per email and per source address, through the same
 * store-backed counters as sign-in (attempt-limiter.ts): a mailbox is not flooded with
 * reset emails, and the limit applies to unknown emails exactly as to known ones, so the
 * answer never tells them apart.
 */
import type { StoreCollection } from '../store/types.js';
import { AttemptLimiter, type AttemptDoc } from './attempt-limiter.js';
import { tooMany } from './login-throttle.js';

const MINUTE = 60_000;

export class ResetThrottle {
  private readonly emails: AttemptLimiter;
  private readonly addresses: AttemptLimiter;

  constructor(attempts: StoreCollection<AttemptDoc>, now: () => Date) {
    this.emails = new AttemptLimiter(attempts, { free: 3, windowMs: 60 * MINUTE, baseDelayMs: 5 * MINUTE, maxDelayMs: 60 * MINUTE }, now);
    this.addresses = new AttemptLimiter(attempts, { free: 20, windowMs: 60 * MINUTE, baseDelayMs: 1000, maxDelayMs: 60 * MINUTE }, now);
  }

  async take(email: string, ip: string): Promise<void> {
    const byAddress = await this.addresses.take(`forgot:address:${ip}`);
    if (!byAddress.ok) throw tooMany(byAddress.retryAfterMs, 'Too many password reset requests');
    const byEmail = await this.emails.take(`forgot:email:${email.trim().toLowerCase()}`);
    if (!byEmail.ok) throw tooMany(byEmail.retryAfterMs, 'Too many password reset requests');
  }
}
