/**
 * Slows password guessing: after `maxFailures` failed logins for one email from one
 * address within the window, further attempts are refused (429) until it passes.
 * In memory, per process: enough for one web process; a shared limiter would use Redis.
 */
import { HttpError } from '../http/errors.js';

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  assertAllowed(email: string, ip: string): void {
    const recent = this.recent(email, ip);
    if (recent.length >= this.maxFailures) {
      const retryAfterS = Math.ceil((recent[0]! + this.windowMs - this.now()) / 1000);
      throw new HttpError(429, 'too_many_attempts', `Too many failed logins; try again in ${Math.ceil(retryAfterS / 60)} minutes`, 'email');
    }
  }

  recordFailure(email: string, ip: string): void {
    const key = `${email}|${ip}`;
    this.failures.set(key, [...this.recent(email, ip), this.now()]);
  }

  recordSuccess(email: string, ip: string): void {
    this.failures.delete(`${email}|${ip}`);
  }

  private recent(email: string, ip: string): number[] {
    const cutoff = this.now() - this.windowMs;
    return (this.failures.get(`${email}|${ip}`) ?? []).filter((t) => t > cutoff);
  }
}
