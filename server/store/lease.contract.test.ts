/**
 * Leases on both stores (MongoDB when MONGODB_URI is set): one holder at a time, expiry,
 * release, and withLease's wait / renew / release. Expiry is driven by an injected clock,
 * so nothing here waits for real time to pass except withLease's own short polls.
 */
import test, { type ExecutionContext } from 'ava';
import { openLeases, LeaseLostError, LeaseTimeoutError, LEASES_COLLECTION, type LeaseClock, type LeaseDoc } from './lease.js';
import { storeTargets } from './testing/store-targets.js';
import type { Store } from './types.js';

/** A time that moves only when told, or (sleepsPass) by what withLease sleeps between polls; the sleeps themselves are a turn. */
function testClock(sleepsPass = false): LeaseClock & { advance(ms: number): void } {
  let t = Date.UTC(2026, 0, 1);
  return {
    now: () => t,
    sleep: (ms) =>
      new Promise((resolve) =>
        setImmediate(() => {
          if (sleepsPass) t += ms;
          resolve();
        }),
      ),
    advance: (ms) => void (t += ms),
  };
}

for (const target of storeTargets('lease-contract')) {
  const stores: Store[] = [];
  test.after.always(async () => {
    for (const s of stores) await s.close();
  });
  const open = async (clock = testClock()) => {
    const store = await target.open(target.place());
    stores.push(store);
    return { leases: openLeases(store.db, clock), clock, store };
  };
  const t = (title: string, fn: (tt: ExecutionContext) => Promise<void>) => test(`${target.kind}: ${title}`, fn);

  t('two holders racing for a free lease: exactly one wins', async (tt) => {
    const { leases } = await open();
    for (let round = 0; round < 5; round++) {
      const name = `race-${round}`;
      const holders = ['a', 'b', 'c', 'd'];
      const won = await Promise.all(holders.map((h) => leases.acquire(name, h, 60_000)));
      tt.is(won.filter(Boolean).length, 1, `round ${round}: ${JSON.stringify(won)}`);
      const winner = holders[won.indexOf(true)]!;
      tt.true(await leases.acquire(name, winner, 60_000), 'the holder may take it again (renewal by acquire)');
      for (const h of holders.filter((x) => x !== winner)) tt.false(await leases.acquire(name, h, 60_000));
    }
  });

  t('an expired lease is taken over, and its old holder can neither renew nor release it', async (tt) => {
    const { leases, clock } = await open();
    tt.true(await leases.acquire('job', 'old', 1000));
    tt.false(await leases.acquire('job', 'new', 1000));
    clock.advance(999);
    tt.false(await leases.acquire('job', 'new', 1000), 'not yet expired');
    tt.true(await leases.renew('job', 'old', 1000));
    clock.advance(1000);
    tt.true(await leases.acquire('job', 'new', 1000), 'expired: taken over');
    tt.false(await leases.renew('job', 'old', 1000));
    tt.false(await leases.release('job', 'old'));
    tt.false(await leases.acquire('job', 'third', 1000), 'still the new holder\'s');
  });

  t('a released lease is free; a holder cannot release another\'s', async (tt) => {
    const { leases } = await open();
    tt.true(await leases.acquire('x', 'a', 60_000));
    tt.false(await leases.release('x', 'b'));
    tt.false(await leases.acquire('x', 'b', 60_000), 'b\'s release changed nothing');
    tt.true(await leases.release('x', 'a'));
    tt.false(await leases.release('x', 'a'), 'released once');
    tt.false(await leases.renew('x', 'a', 60_000), 'a released lease is not renewed back into being');
    tt.true(await leases.acquire('x', 'b', 60_000));
  });

  t('withLease runs one holder at a time, waits for release, and releases after a failure too', async (tt) => {
    const { leases } = await open();
    const events: string[] = [];
    let inside = 0;
    const work = (id: string, fail = false) =>
      leases.withLease(
        'work',
        async () => {
          inside++;
          events.push(`${id}>`);
          tt.is(inside, 1, 'nobody else inside');
          for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
          events.push(`<${id}`);
          inside--;
          if (fail) throw new Error(`${id} failed`);
          return id;
        },
        { ttlMs: 60_000, waitMs: 60_000 },
      );
    const results = await Promise.allSettled([work('a'), work('b', true), work('c'), work('d')]);
    tt.deepEqual(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)), ['a', 'b failed', 'c', 'd']);
    tt.is(events.length, 8);
    for (let i = 0; i < events.length; i += 2) tt.is(events[i + 1], `<${events[i]!.slice(0, -1)}`, events.join(' '));
    tt.true(await leases.acquire('work', 'after', 60_000), 'released at the end');
  });

  t('withLease gives up after waitMs while someone else holds the lease', async (tt) => {
    const { leases } = await open(testClock(true));
    tt.true(await leases.acquire('held', 'other', 60_000));
    let ran = false;
    await tt.throwsAsync(() => leases.withLease('held', async () => void (ran = true), { ttlMs: 60_000, waitMs: 5000 }), { instanceOf: LeaseTimeoutError });
    tt.false(ran);
  });

  t('withLease renews the lease while its work runs', async (tt) => {
    const { leases, clock, store } = await open();
    const docs = store.db.collection<LeaseDoc>(LEASES_COLLECTION);
    await leases.withLease(
      'long',
      async () => {
        const first = (await docs.findOne({ _id: 'long' }))!.expiresAt.getTime();
        clock.advance(20);
        // Wait for a renewal to be seen (renewals run every ttl/3 of real time).
        while ((await docs.findOne({ _id: 'long' }))!.expiresAt.getTime() <= first) await new Promise((r) => setTimeout(r, 5));
        clock.advance(20); // past the first expiry, within the renewed one
        tt.false(await leases.acquire('long', 'other', 30), 'renewed: still held');
      },
      { ttlMs: 30, waitMs: 1000 },
    );
  });

  t('withLease signals a lost lease to its work and then rejects', async (tt) => {
    const { leases, clock } = await open();
    const run = leases.withLease(
      'lost',
      async (signal) => {
        // Expired behind the holder's back (it stalled), and taken over.
        while (!(await leases.acquire('lost', 'thief', 60_000))) clock.advance(1000);
        if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        return 'done';
      },
      { ttlMs: 30, waitMs: 1000 },
    );
    await tt.throwsAsync(run, { instanceOf: LeaseLostError });
    tt.false(await leases.acquire('lost', 'someone', 60_000), 'the thief keeps it: the loser did not release it');
  });
}
