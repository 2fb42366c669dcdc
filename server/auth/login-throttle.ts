/**
 * Slows password guessing, shared by every web process through the store: each sign-in
 * takes an attempt from its account's count and from its source address's count BEFORE the
 * password is checked (see attempt-limiter.ts), so parallel guesses cannot slip past the
 * limit while the hash runs. Past the limit, attempts are refused with 429 and Retry-After,
 * the wait doubling each time (slowed, not locked for a fixed time). Signing in resets the
 * account's count and gives the address its attempt back.
 */
import { TooManyAttemptsError } from '../http/errors.js';
import type { StoreCollection } from '../store/types.js';
import { AttemptLimiter, purgeExpiredAttempts, type AttemptDoc, type LimiterPolicy } from './attempt-limiter.js';

const MINUTE = 60_000;
/** One account, from anywhere: 10 attempts, then one a minute, 2, 4 … up to 15 minutes apart. */
export const ACCOUNT_POLICY: LimiterPolicy = { free: 10, windowMs: 15 * MINUTE, baseDelayMs: MINUTE, maxDelayMs: 15 * MINUTE };
/** One address, across accounts (spraying): 30 attempts, then one each 5 s, 10 s, 20 s … up to 15 minutes apart. */
export const ADDRESS_POLICY: LimiterPolicy = { free: 30, windowMs: 15 * MINUTE, baseDelayMs: 5000, maxDelayMs: 15 * MINUTE };
/** Successful sign-ins an address gets back per window (an office behind one address). */
const ADDRESS_REFUNDS = 500;

export class LoginThrottle {
  private readonly accounts: AttemptLimiter;
  private readonly addresses: AttemptLimiter;

  constructor(
    private readonly attempts: StoreCollection<AttemptDoc>,
    private readonly now: () => Date,
    policies: { account?: LimiterPolicy; address?: LimiterPolicy } = {},
  ) {
    this.accounts = new AttemptLimiter(attempts, policies.account ?? ACCOUNT_POLICY, now);
    this.addresses = new AttemptLimiter(attempts, policies.address ?? ADDRESS_POLICY, now);
  }

  static async create(attempts: StoreCollection<AttemptDoc>, now: () => Date): Promise<LoginThrottle> {
    await attempts.createIndex({ expiresAt: 1 });
    return new LoginThrottle(attempts, now);
  }

  /** Take an attempt for this email from this address, or throw 429 naming how long to wait. */
  async take(email: string, ip: string): Promise<void> {
    // The address first: a sprayer that is slowed uses up nobody's account allowance.
    const byAddress = await this.addresses.take(addressKey(ip));
    if (!byAddress.ok) throw tooMany(byAddress.retryAfterMs);
    const byAccount = await this.accounts.take(accountKey(email));
    if (!byAccount.ok) throw tooMany(byAccount.retryAfterMs);
  }

  async succeeded(email: string, ip: string): Promise<void> {
    await Promise.all([this.accounts.reset(accountKey(email)), this.addresses.refund(addressKey(ip), ADDRESS_REFUNDS)]);
  }

  /** A password set by reset or invitation starts the account afresh. */
  async resetAccount(email: string): Promise<void> {
    await this.accounts.reset(accountKey(email));
  }

  purgeExpired(): Promise<number> {
    return purgeExpiredAttempts(this.attempts, this.now());
  }
}

const accountKey = (email: string) => `login:account:${email.trim().toLowerCase()}`;
const addressKey = (ip: string) => `login:address:${ip}`;

export function tooMany(retryAfterMs: number, what = 'Too many sign-in attempts'): TooManyAttemptsError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const wait = seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return new TooManyAttemptsError(`${what}; try again in ${wait}`, seconds, 'email');
}
