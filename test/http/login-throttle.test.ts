/**
 * The login throttle against an attacker: a burst of parallel guesses, a spray of many
 * accounts from one address, and guesses at one account from many addresses. Counts are
 * asserted, never timings. TRUST_PROXY lets each test speak from its own address.
 */
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';

let app: TestApp;
const password = 'a long enough passphrase';

test.before(async () => {
  app = await startTestApp({ TRUST_PROXY: 'true' });
});
test.after.always(() => app?.close());

const from = (ip: string) => ({ 'x-forwarded-for': ip });
const guess = (email: string, pw: string, ip: string) => new HttpClient(app.url).request('POST', '/api/session', { email, password: pw }, from(ip));

test('300 parallel wrong guesses at one account: at most the limit reach the password check', async (t) => {
  await app.createUser({ email: 'burst@example.com', password, name: 'Bea Burst', roles: ['employee'] });
  const results = await Promise.all(Array.from({ length: 300 }, (_, i) => guess('burst@example.com', `wrong guess number ${i}`, '10.0.0.1')));
  const checked = results.filter((r) => r.status === 401).length;
  const slowed = results.filter((r) => r.status === 429);
  t.true(checked <= 10, `${checked} guesses reached the password check`);
  t.is(checked + slowed.length, 300, 'every other guess is told to slow down');
  t.true(slowed.every((r) => Number(r.headers.get('retry-after')) > 0), 'each 429 says when to retry');
  t.is(slowed[0]!.body.error.code, 'too_many_attempts');
  t.is((await guess('burst@example.com', password, '10.0.0.1')).status, 429, 'the right password waits too');
});

test('guesses at one account from many addresses share the account limit', async (t) => {
  await app.createUser({ email: 'spread@example.com', password, name: 'Sam Spread', roles: ['employee'] });
  const statuses: number[] = [];
  for (let i = 0; i < 15; i++) statuses.push((await guess('spread@example.com', `wrong guess ${i}`, `10.1.0.${i + 1}`)).status);
  t.true(statuses.filter((s) => s === 401).length <= 10);
  t.is(statuses.at(-1), 429);
});

test('spraying 50 accounts from one address is slowed, and the people sprayed can still sign in elsewhere', async (t) => {
  await app.createUser({ email: 'spray-7@example.com', password, name: 'Sid Sprayed', roles: ['employee'] });
  const statuses: number[] = [];
  for (let i = 0; i < 50; i++) statuses.push((await guess(`spray-${i}@example.com`, 'Summer2026!', '10.2.0.1')).status);
  const slowed = statuses.filter((s) => s === 429).length;
  t.true(slowed >= 10, `${slowed} of 50 sprayed guesses were slowed`);
  t.is((await guess('spray-7@example.com', password, '10.2.0.2')).status, 200, 'the account itself is not locked');
});

test('a successful login resets the account counter; successes from a shared address are not held against it', async (t) => {
  await app.createUser({ email: 'typo@example.com', password, name: 'Tia Typo', roles: ['employee'] });
  for (let i = 0; i < 9; i++) t.is((await guess('typo@example.com', `typo ${i} password`, '10.3.0.1')).status, 401);
  t.is((await guess('typo@example.com', password, '10.3.0.1')).status, 200);
  for (let i = 0; i < 9; i++) t.is((await guess('typo@example.com', `typo ${i} again`, '10.3.0.1')).status, 401, 'a fresh allowance after signing in');
  // An office behind one address: 40 people signing in does not slow the 41st.
  for (let i = 0; i < 40; i++) await app.createUser({ email: `office-${i}@example.com`, password, name: `Office Person ${i}`, roles: ['employee'] });
  const office = [];
  for (let i = 0; i < 40; i++) office.push((await guess(`office-${i}@example.com`, password, '10.4.0.1')).status);
  t.deepEqual([...new Set(office)], [200]);
});
