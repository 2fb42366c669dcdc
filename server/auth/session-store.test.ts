/** Sessions in the store: the sliding expiry is written back at most once a minute. */
import test from 'ava';
import type session from 'express-session';
import { openTestStore } from '../../test/helpers/test-store.js';
import { StoreSessionStore } from './session-store.js';

const call = (fn: (cb: (err?: unknown) => void) => void) => new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));

test('touch moves the stored expiry, but not more often than once a minute', async (t) => {
  const store = await openTestStore();
  t.teardown(() => store.close());
  let now = Date.UTC(2026, 0, 1, 9);
  const sessions = store.db.collection<{ _id: string; expires: Date }>('sessions');
  const sessionStore = await StoreSessionStore.create(sessions as never, 3_600_000, () => new Date(now));
  const sess = (expiresAt: number) => ({ cookie: { expires: new Date(expiresAt), originalMaxAge: 3_600_000 } }) as unknown as session.SessionData;
  const storedExpiry = async () => (await sessions.findOne({ _id: 'sid' }))!.expires.getTime();

  await call((cb) => sessionStore.set('sid', sess(now + 3_600_000), cb));
  now += 5_000;
  await call((cb) => sessionStore.touch('sid', sess(now + 3_600_000), cb));
  const first = await storedExpiry();
  t.is(first, now + 3_600_000, 'the first touch is written');
  now += 30_000;
  await call((cb) => sessionStore.touch('sid', sess(now + 3_600_000), cb));
  t.is(await storedExpiry(), first, 'a touch 30 s later is not written');
  now += 31_000;
  await call((cb) => sessionStore.touch('sid', sess(now + 3_600_000), cb));
  t.is(await storedExpiry(), now + 3_600_000, 'a minute after the last write, it is written again');
});
