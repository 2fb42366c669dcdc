/** The attempt limiter over the store, on a manual clock: slowed after the allowance, never locked. */
import test from 'ava';
import { openTestStore } from '../../test/helpers/test-store.js';
import { AttemptLimiter, type AttemptDoc } from './attempt-limiter.js';

test('past the allowance one attempt passes per delay, the delay doubling; a quiet key is forgotten', async (t) => {
  const store = await openTestStore();
  t.teardown(() => store.close());
  let now = Date.UTC(2026, 0, 1, 9);
  const limiter = new AttemptLimiter(store.db.collection<AttemptDoc>('attempts'), { free: 3, windowMs: 600_000, baseDelayMs: 1000, maxDelayMs: 8000 }, () => new Date(now));
  const take = async () => (await limiter.take('k')).ok;
  t.deepEqual([await take(), await take(), await take(), await take()], [true, true, true, false]);
  const refused = await limiter.take('k');
  t.false(refused.ok);
  t.is(!refused.ok && refused.retryAfterMs, 1000);
  now += 1000;
  t.deepEqual([await take(), await take()], [true, false], 'one attempt after the first delay');
  now += 1999;
  t.false(await take());
  now += 1;
  t.true(await take(), 'then after twice the delay');
  now += 4000 + 600_000;
  t.deepEqual([await take(), await take(), await take()], [true, true, true], 'forgotten after a quiet window');
  await limiter.reset('k');
  t.true(await take());
});

test('racing takes: at most the allowance pass', async (t) => {
  const store = await openTestStore();
  t.teardown(() => store.close());
  const limiter = new AttemptLimiter(store.db.collection<AttemptDoc>('attempts'), { free: 5, windowMs: 600_000, baseDelayMs: 60_000, maxDelayMs: 600_000 }, () => new Date());
  const results = await Promise.all(Array.from({ length: 200 }, () => limiter.take('race')));
  t.is(results.filter((r) => r.ok).length, 5);
});
