/**
 * Concurrency of the Document Resources, per version, as the ADL conformance suite asserts:
 * ETags, If-Match / If-None-Match (412), PUT without either header (409 on an existing
 * document; 1.0.3 profiles also refuse to create without one: 400).
 */
import { createHash } from 'node:crypto';
import test from 'ava';
import { startLrsTestServer, type LrsTestServer } from '../test-support/lrs-test-server.js';
import { activityIri, json, mboxAgent, qs, type Params } from './doc-test-support.js';

let lrs: LrsTestServer;
test.before(async () => {
  lrs = await startLrsTestServer();
});
test.after.always(() => lrs?.close());

type Resource = { name: string; path: string; params: () => Params };
const STATE: Resource = { name: 'state', path: '/activities/state', params: () => ({ activityId: activityIri(), agent: mboxAgent(), stateId: 's' }) };
const ACTIVITY_PROFILE: Resource = { name: 'activity profile', path: '/activities/profile', params: () => ({ activityId: activityIri(), profileId: 'p' }) };
const AGENT_PROFILE: Resource = { name: 'agent profile', path: '/agents/profile', params: () => ({ agent: mboxAgent(), profileId: 'p' }) };
const ALL = [STATE, ACTIVITY_PROFILE, AGENT_PROFILE];
const V2 = { 'x-experience-api-version': '2.0.0' };

async function etagOf(r: Resource, p: Params): Promise<string> {
  const res = await lrs.request('GET', r.path + qs(p));
  if (res.status !== 200) throw new Error(`GET ${r.path}: ${res.status}`);
  return res.headers.get('etag')!;
}

async function bodyOf(r: Resource, p: Params): Promise<unknown> {
  return (await lrs.request('GET', r.path + qs(p))).json();
}

for (const r of ALL) {
  test(`${r.name}: the ETag is the quoted SHA-1 of the stored bytes`, async (t) => {
    const p = r.params();
    const body = '{"a": 1,  "b":[true]}';
    await lrs.request('POST', r.path + qs(p), { headers: { 'content-type': 'application/json' }, body });
    t.is(await etagOf(r, p), `"${createHash('sha1').update(body).digest('hex')}"`);
  });

  for (const version of ['1.0.3', '2.0.0']) {
    const headers = { 'x-experience-api-version': version };

    test(`${r.name} ${version}: PUT with the current ETag in If-Match replaces; a stale one is 412 and changes nothing`, async (t) => {
      const p = r.params();
      await lrs.request('POST', r.path + qs(p), json({ v: 1 }, headers));
      const tag = await etagOf(r, p);
      t.is((await lrs.request('PUT', r.path + qs(p), json({ v: 2 }, { ...headers, 'if-match': tag }))).status, 204);
      t.deepEqual(await bodyOf(r, p), { v: 2 });
      const stale = await lrs.request('PUT', r.path + qs(p), json({ v: 3 }, { ...headers, 'if-match': tag }));
      t.is(stale.status, 412);
      t.deepEqual(await bodyOf(r, p), { v: 2 });
      t.is((await lrs.request('PUT', r.path + qs(p), json({ v: 3 }, { ...headers, 'if-match': '"1111111111111111111111111111111111111111"' }))).status, 412);
      // Several tags, one of them current; and `*`.
      const current = await etagOf(r, p);
      t.is((await lrs.request('PUT', r.path + qs(p), json({ v: 4 }, { ...headers, 'if-match': `"abc", ${current}` }))).status, 204);
      t.is((await lrs.request('PUT', r.path + qs(p), json({ v: 5 }, { ...headers, 'if-match': '*' }))).status, 204);
      t.deepEqual(await bodyOf(r, p), { v: 5 });
    });

    test(`${r.name} ${version}: If-Match on a missing document is 412 and creates nothing`, async (t) => {
      const p = r.params();
      t.is((await lrs.request('PUT', r.path + qs(p), json({ v: 1 }, { ...headers, 'if-match': '*' }))).status, 412);
      t.is((await lrs.request('GET', r.path + qs(p))).status, 404);
    });

    test(`${r.name} ${version}: If-None-Match: * creates, and is 412 once the document exists`, async (t) => {
      const p = r.params();
      t.is((await lrs.request('PUT', r.path + qs(p), json({ v: 1 }, { ...headers, 'if-none-match': '*' }))).status, 204);
      t.is((await lrs.request('PUT', r.path + qs(p), json({ v: 2 }, { ...headers, 'if-none-match': '*' }))).status, 412);
      t.is((await lrs.request('POST', r.path + qs(p), json({ v: 2 }, { ...headers, 'if-none-match': '*' }))).status, 412);
      t.deepEqual(await bodyOf(r, p), { v: 1 });
    });

    test(`${r.name} ${version}: POST and DELETE honour If-Match`, async (t) => {
      const p = r.params();
      await lrs.request('POST', r.path + qs(p), json({ name: 'original' }, headers));
      const tag = await etagOf(r, p);
      t.is((await lrs.request('POST', r.path + qs(p), json({ name: 'x' }, { ...headers, 'if-match': '"1234"' }))).status, 412);
      t.deepEqual(await bodyOf(r, p), { name: 'original' });
      t.is((await lrs.request('POST', r.path + qs(p), json({ more: 1 }, { ...headers, 'if-match': tag }))).status, 204);
      t.deepEqual(await bodyOf(r, p), { name: 'original', more: 1 });
      t.is((await lrs.request('DELETE', r.path + qs(p), { headers: { ...headers, 'if-match': tag } })).status, 412);
      t.is((await lrs.request('GET', r.path + qs(p))).status, 200);
      t.is((await lrs.request('DELETE', r.path + qs(p), { headers: { ...headers, 'if-match': await etagOf(r, p) } })).status, 204);
      t.is((await lrs.request('GET', r.path + qs(p))).status, 404);
    });
  }
}

// PUT without If-Match / If-None-Match.

for (const r of [ACTIVITY_PROFILE, AGENT_PROFILE]) {
  test(`${r.name} 1.0.3: PUT without either header is 400 for a new document and 409 for an existing one`, async (t) => {
    const p = r.params();
    const create = await lrs.request('PUT', r.path + qs(p), json({ v: 1 }));
    t.is(create.status, 400);
    t.is(((await create.json()) as { error: { field: string } }).error.field, 'If-None-Match');
    t.is((await lrs.request('GET', r.path + qs(p))).status, 404);
    await lrs.request('POST', r.path + qs(p), json({ v: 1 }));
    const res = await lrs.request('PUT', r.path + qs(p), json({ v: 2 }));
    t.is(res.status, 409);
    t.regex(((await res.json()) as { error: { message: string } }).error.message, /If-Match/);
    t.deepEqual(await bodyOf(r, p), { v: 1 });
  });
}

test('state 1.0.3: PUT without either header creates and replaces (the State Resource permits it)', async (t) => {
  const p = STATE.params();
  t.is((await lrs.request('PUT', STATE.path + qs(p), json({ v: 1 }))).status, 204);
  t.is((await lrs.request('PUT', STATE.path + qs(p), json({ v: 2 }))).status, 204);
  t.deepEqual(await bodyOf(STATE, p), { v: 2 });
});

for (const r of ALL) {
  test(`${r.name} 2.0.0: PUT without either header creates a new document, and is 409 for an existing one`, async (t) => {
    const p = r.params();
    t.is((await lrs.request('PUT', r.path + qs(p), json({ v: 1 }, V2))).status, 204);
    const res = await lrs.request('PUT', r.path + qs(p), json({ v: 2 }, V2));
    t.is(res.status, 409);
    t.is(res.headers.get('x-experience-api-version'), '2.0.0');
    t.true(((await res.json()) as { error: { message: string } }).error.message.length > 0);
    t.deepEqual(await bodyOf(r, p), { v: 1 });
    // POST needs no header in either version.
    t.is((await lrs.request('POST', r.path + qs(p), json({ w: 1 }, V2))).status, 204);
    t.deepEqual(await bodyOf(r, p), { v: 1, w: 1 });
  });
}

test('concurrent If-None-Match: * creations: exactly one wins, the others are 412', async (t) => {
  const p = ACTIVITY_PROFILE.params();
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => lrs.request('PUT', ACTIVITY_PROFILE.path + qs(p), json({ writer: i }, { 'if-none-match': '*' }))),
  );
  const statuses = results.map((r) => r.status).sort();
  t.is(statuses.filter((s) => s === 204).length, 1);
  t.is(statuses.filter((s) => s === 412).length, 7);
});

test('concurrent POST merges lose no property', async (t) => {
  const p = STATE.params();
  await Promise.all(Array.from({ length: 8 }, (_, i) => lrs.request('POST', STATE.path + qs(p), json({ [`k${i}`]: i }))));
  t.deepEqual(await bodyOf(STATE, p), Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, i])));
});
