/**
 * Leases: a named lock in the store, so that processes sharing one database (the web
 * process and a worker on MongoDB) take turns at work that must not overlap. A lease is
 * one document `{ _id: name, holder, expiresAt }`; taking it is one atomic
 * findOneAndUpdate that matches only when it is free, expired or already ours, with an
 * upsert for a first use. A holder that dies stops renewing, and the lease is taken over
 * once it expires. Expiry is wall-clock time of the processes involved: their clocks must
 * agree to well within a ttl.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { isDuplicateKeyError, type StoreCollection, type StoreDb } from './types.js';

export interface LeaseDoc {
  _id: string;
  holder: string;
  expiresAt: Date;
}

export const LEASES_COLLECTION = 'leases';

export interface WithLeaseOptions {
  /** How long the lease lasts without renewal; it is renewed every third of it while the work runs. */
  ttlMs: number;
  /** How long to wait for another holder to release it before giving up (LeaseTimeoutError). */
  waitMs: number;
  /** Who holds it; a fresh id per call by default (so two calls in one process are two holders). */
  holder?: string;
}

export interface Leases {
  /** Take the lease if it is free, expired or already this holder's; true when taken. */
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extend this holder's lease; false when it is no longer theirs. */
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Give the lease up; false when it was not this holder's (nothing changes then). */
  release(name: string, holder: string): Promise<boolean>;
  /**
   * Run `fn` holding the lease: wait for it (polling, with backoff), renew it while `fn`
   * runs, release it after. `signal` aborts if the lease is lost meanwhile (a renewal
   * found it taken over, or none succeeded for a whole ttl); `withLease` then rejects with
   * LeaseLostError once `fn` has settled, since `fn`'s work may have overlapped another's.
   */
  withLease<T>(name: string, fn: (signal: AbortSignal) => Promise<T>, opts: WithLeaseOptions): Promise<T>;
}

export class LeaseTimeoutError extends Error {
  constructor(name: string, waitMs: number) {
    super(`lease '${name}' was not free within ${waitMs} ms`);
    this.name = 'LeaseTimeoutError';
  }
}

export class LeaseLostError extends Error {
  constructor(name: string) {
    super(`lease '${name}' was lost while its work ran`);
    this.name = 'LeaseLostError';
  }
}

export interface LeaseClock {
  /** Wall-clock time (injectable so tests can expire a lease without waiting). */
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: LeaseClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 1000;

export function newHolderId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID()}`;
}

export function openLeases(db: StoreDb, clock: LeaseClock = realClock): Leases {
  const leases: StoreCollection<LeaseDoc> = db.collection<LeaseDoc>(LEASES_COLLECTION);
  const expiry = (ttlMs: number) => new Date(clock.now() + ttlMs);

  async function acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    try {
      const doc = await leases.findOneAndUpdate(
        { _id: name, $or: [{ holder }, { expiresAt: { $lte: new Date(clock.now()) } }] },
        { $set: { holder, expiresAt: expiry(ttlMs) } },
        { upsert: true, returnDocument: 'after' },
      );
      return doc?.holder === holder;
    } catch (err) {
      // The lease exists and is someone else's (the upsert's insert collided with it), or
      // another process's upsert created it first: either way, not ours.
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  async function renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const res = await leases.updateOne({ _id: name, holder }, { $set: { expiresAt: expiry(ttlMs) } });
    return res.matchedCount === 1;
  }

  async function release(name: string, holder: string): Promise<boolean> {
    return (await leases.deleteOne({ _id: name, holder })).deletedCount === 1;
  }

  async function waitFor(name: string, holder: string, opts: WithLeaseOptions): Promise<void> {
    const deadline = clock.now() + opts.waitMs;
    let pause = FIRST_POLL_MS;
    while (!(await acquire(name, holder, opts.ttlMs))) {
      if (clock.now() >= deadline) throw new LeaseTimeoutError(name, opts.waitMs);
      // Jittered, so waiting processes do not poll in step.
      await clock.sleep(Math.min(pause * (0.5 + Math.random()), Math.max(0, deadline - clock.now())));
      pause = Math.min(pause * 2, MAX_POLL_MS);
    }
  }

  async function withLease<T>(name: string, fn: (signal: AbortSignal) => Promise<T>, opts: WithLeaseOptions): Promise<T> {
    const holder = opts.holder ?? newHolderId();
    await waitFor(name, holder, opts);
    const lost = new AbortController();
    let renewedAt = clock.now();
    const renewal = setInterval(() => {
      renew(name, holder, opts.ttlMs).then(
        (ours) => {
          if (ours) renewedAt = clock.now();
          else lost.abort(new LeaseLostError(name));
        },
        // A failed renewal (a network blip) is tried again next time, until a whole ttl has gone by.
        () => {
          if (clock.now() - renewedAt >= opts.ttlMs) lost.abort(new LeaseLostError(name));
        },
      );
    }, Math.max(1, Math.floor(opts.ttlMs / 3)));
    try {
      const result = await fn(lost.signal);
      if (lost.signal.aborted) throw lost.signal.reason;
      return result;
    } finally {
      clearInterval(renewal);
      await release(name, holder).catch(() => {});
    }
  }

  return { acquire, renew, release, withLease };
}
