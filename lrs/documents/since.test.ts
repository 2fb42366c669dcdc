/** `since` on the id lists and the Last-Modified headers, against an LRS whose clock the test sets. */
import test from 'ava';
import { activityIri, json, mboxAgent, qs, startClockedLrs, type ClockedLrs } from './doc-test-support.js';

let lrs: ClockedLrs;
test.before(async () => {
  lrs = await startClockedLrs();
});
test.after.always(() => lrs?.close());

// The clock is shared by the whole file: tests run one after another.
test.serial('state: since lists only documents stored or updated strictly after it, in any time zone', async (t) => {
  const activityId = activityIri();
  const agent = mboxAgent();
  const at = async (iso: string, stateId: string) => {
    lrs.setNow(iso);
    t.is((await lrs.request('PUT', '/activities/state' + qs({ activityId, agent, stateId }), json({ stateId }))).status, 204);
  };
  await at('2024-03-01T10:00:00.000Z', 'first');
  await at('2024-03-01T11:00:00.000Z', 'second');
  await at('2024-03-01T12:00:00.000Z', 'third');
  const list = async (since: string) => ((await (await lrs.request('GET', '/activities/state' + qs({ activityId, agent, since }))).json()) as string[]).sort();
  t.deepEqual(await list('2024-03-01T09:59:59.999Z'), ['first', 'second', 'third']);
  t.deepEqual(await list('2024-03-01T11:00:00.000Z'), ['third']); // exclusive
  t.deepEqual(await list('2024-03-01T13:00:00+02:00'), ['third']); // = 11:00Z
  t.deepEqual(await list('2024-03-01T10:30:00.5-01:00'), ['third']); // = 11:30:00.5Z
  t.deepEqual(await list('2024-03-01T12:00:00Z'), []);
  // Updating an old document brings it back into a later window.
  lrs.setNow('2024-03-01T13:00:00.000Z');
  await lrs.request('POST', '/activities/state' + qs({ activityId, agent, stateId: 'first' }), json({ touched: true }));
  t.deepEqual(await list('2024-03-01T12:00:00Z'), ['first']);
});

test.serial('the list carries Last-Modified of its most recently modified document', async (t) => {
  const activityId = activityIri();
  lrs.setNow('2024-04-01T08:00:00.000Z');
  await lrs.request('PUT', '/activities/profile' + qs({ activityId, profileId: 'a' }), json({}, { 'if-none-match': '*' }));
  lrs.setNow('2024-04-02T09:30:00.000Z');
  await lrs.request('PUT', '/activities/profile' + qs({ activityId, profileId: 'b' }), json({}, { 'if-none-match': '*' }));
  const res = await lrs.request('GET', '/activities/profile' + qs({ activityId }));
  t.is(res.headers.get('last-modified'), 'Tue, 02 Apr 2024 09:30:00 GMT');
  const since = await lrs.request('GET', '/activities/profile' + qs({ activityId, since: '2024-04-02T00:00:00Z' }));
  t.deepEqual(await since.json(), ['b']);
});

test.serial('a single document carries Last-Modified of its last write, merges included', async (t) => {
  const agent = mboxAgent();
  const p = { agent, profileId: 'lm' };
  lrs.setNow('2024-05-01T00:00:00.000Z');
  await lrs.request('POST', '/agents/profile' + qs(p), json({ a: 1 }));
  t.is((await lrs.request('GET', '/agents/profile' + qs(p))).headers.get('last-modified'), 'Wed, 01 May 2024 00:00:00 GMT');
  lrs.setNow('2024-05-03T12:34:56.000Z');
  await lrs.request('POST', '/agents/profile' + qs(p), json({ b: 2 }));
  t.is((await lrs.request('GET', '/agents/profile' + qs(p))).headers.get('last-modified'), 'Fri, 03 May 2024 12:34:56 GMT');
  t.deepEqual(await (await lrs.request('GET', '/agents/profile' + qs({ agent, since: '2024-05-02T00:00:00Z' }))).json(), ['lm']);
  t.deepEqual(await (await lrs.request('GET', '/agents/profile' + qs({ agent, since: '2024-05-04T00:00:00Z' }))).json(), []);
});

test.serial('since without a time zone, or not a date, is 400 naming since', async (t) => {
  for (const since of ['2024-03-01T10:00:00', '2024-03-01', 'yesterday', '2024-13-45T10:00:00Z']) {
    const res = await lrs.request('GET', '/activities/profile' + qs({ activityId: activityIri(), since }));
    t.is(res.status, 400, since);
    t.is(((await res.json()) as { error: { field: string } }).error.field, 'since');
  }
});
