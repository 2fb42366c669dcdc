/** State Resource over HTTP: storage, merge, scoping by registration, lists, delete-all, parameters, limits, scopes. */
import { createHash } from 'node:crypto';
import test from 'ava';
import { startLrsTestServer, type LrsTestServer } from '../test-support/lrs-test-server.js';
import { RICK, activityIri, json, mboxAgent, qs, type Params } from './doc-test-support.js';

let lrs: LrsTestServer;
test.before(async () => {
  lrs = await startLrsTestServer();
});
test.after.always(() => lrs?.close());

const STATE = '/activities/state';

function stateParams(extra: Params = {}): Params {
  return { activityId: activityIri(), agent: mboxAgent(), stateId: 'bookmark', ...extra };
}

async function errorOf(res: Response): Promise<{ status: number; field?: string; message: string }> {
  return ((await res.json()) as { error: { status: number; field?: string; message: string } }).error;
}

test('binary documents round-trip byte-exact with their Content-Type, ETag and Last-Modified', async (t) => {
  const p = stateParams();
  const bytes = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0x00, 0x7f, 0xc3, 0x28]);
  const put = await lrs.request('PUT', STATE + qs(p), { headers: { 'content-type': 'application/x-scorm-suspend' }, body: bytes });
  t.is(put.status, 204);
  const res = await lrs.request('GET', STATE + qs(p));
  t.is(res.status, 200);
  t.is(res.headers.get('content-type'), 'application/x-scorm-suspend');
  t.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
  t.is(res.headers.get('etag'), `"${createHash('sha1').update(bytes).digest('hex')}"`);
  t.false(Number.isNaN(Date.parse(res.headers.get('last-modified') ?? '')));
  t.is(put.headers.get('etag'), res.headers.get('etag'));
});

test('text documents keep their exact Content-Type (no charset added) and bytes', async (t) => {
  const p = stateParams();
  const body = 'cmi.suspend_data=ab%20c\n  spaced  ';
  t.is((await lrs.request('PUT', STATE + qs(p), { headers: { 'content-type': 'text/plain' }, body })).status, 204);
  const res = await lrs.request('GET', STATE + qs(p));
  t.is(res.headers.get('content-type'), 'text/plain');
  t.is(await res.text(), body);
});

test('a document sent without Content-Type is stored as application/octet-stream', async (t) => {
  const p = stateParams();
  t.is((await lrs.request('PUT', STATE + qs(p), { body: Buffer.from('raw') })).status, 204);
  const res = await lrs.request('GET', STATE + qs(p));
  t.is(res.headers.get('content-type'), 'application/octet-stream');
  t.is(await res.text(), 'raw');
});

test('HEAD answers like GET without a body', async (t) => {
  const p = stateParams();
  await lrs.request('PUT', STATE + qs(p), json({ a: 1 }));
  const get = await lrs.request('GET', STATE + qs(p));
  const head = await lrs.request('HEAD', STATE + qs(p));
  t.is(head.status, 200);
  t.is(head.headers.get('etag'), get.headers.get('etag'));
  t.is(head.headers.get('content-type'), 'application/json');
  t.is(await head.text(), '');
  t.is((await lrs.request('HEAD', STATE + qs(stateParams()))).status, 404);
});

test('POST creates a document, then merges top-level properties of JSON objects', async (t) => {
  const p = stateParams();
  t.is((await lrs.request('POST', STATE + qs(p), json({ car: { make: 'Ford', model: 'Escape' }, driver: 'Dale', keep: true }))).status, 204);
  t.deepEqual(await (await lrs.request('GET', STATE + qs(p))).json(), { car: { make: 'Ford', model: 'Escape' }, driver: 'Dale', keep: true });
  t.is((await lrs.request('POST', STATE + qs(p), json({ car: { make: 'Dodge' }, driver: 'Jeff', added: [1] }))).status, 204);
  // One level deep: "car" is replaced whole, not merged.
  t.deepEqual(await (await lrs.request('GET', STATE + qs(p))).json(), { car: { make: 'Dodge' }, driver: 'Jeff', keep: true, added: [1] });
});

test('POST that cannot merge is 400 and leaves the document unchanged', async (t) => {
  const p = stateParams();
  await lrs.request('POST', STATE + qs(p), json({ x: 'foo' }));
  const cases: Array<{ headers: Record<string, string>; body: string }> = [
    { headers: { 'content-type': 'not/json' }, body: 'abcdefg' },
    { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'abc' },
    { headers: { 'content-type': 'application/json' }, body: '{"x":"bash"}{' },
    { headers: { 'content-type': 'application/json' }, body: '["x"]' },
    { headers: { 'content-type': 'application/json' }, body: '"x"' },
  ];
  for (const c of cases) {
    const res = await lrs.request('POST', STATE + qs(p), c);
    t.is(res.status, 400, c.body);
    t.is((await errorOf(res)).field, 'Content-Type');
  }
  t.deepEqual(await (await lrs.request('GET', STATE + qs(p))).json(), { x: 'foo' });

  // Existing document not JSON: a JSON POST is refused too.
  const q = stateParams();
  await lrs.request('PUT', STATE + qs(q), { headers: { 'content-type': 'application/octet-stream' }, body: '/ asdf / undefined' });
  t.is((await lrs.request('POST', STATE + qs(q), json({ y: 1 }))).status, 400);
  t.is(await (await lrs.request('GET', STATE + qs(q))).text(), '/ asdf / undefined');

  // Existing document claims JSON but is not an object: refused.
  const r = stateParams();
  await lrs.request('PUT', STATE + qs(r), { headers: { 'content-type': 'application/json' }, body: '[1,2]' });
  t.is((await lrs.request('POST', STATE + qs(r), json({ y: 1 }))).status, 400);
  t.is(await (await lrs.request('GET', STATE + qs(r))).text(), '[1,2]');
});

test('a "__proto__" key merges as plain data', async (t) => {
  const p = stateParams();
  await lrs.request('POST', STATE + qs(p), json({ a: 1 }));
  t.is((await lrs.request('POST', STATE + qs(p), { headers: { 'content-type': 'application/json' }, body: '{"__proto__":{"polluted":true},"b":2}' })).status, 204);
  const text = await (await lrs.request('GET', STATE + qs(p))).text();
  t.deepEqual(JSON.parse(text), JSON.parse('{"a":1,"__proto__":{"polluted":true},"b":2}'));
  t.is(({} as Record<string, unknown>).polluted, undefined);
});

test('registration scopes single documents; GET without one never sees registered documents', async (t) => {
  const base = stateParams();
  const reg = '6fe5e7c3-1d29-4f28-a7d6-3a5d1d7c2b10';
  await lrs.request('PUT', STATE + qs(base), json({ which: 'none' }));
  await lrs.request('PUT', STATE + qs({ ...base, registration: reg }), json({ which: 'reg' }));
  t.deepEqual(await (await lrs.request('GET', STATE + qs(base))).json(), { which: 'none' });
  t.deepEqual(await (await lrs.request('GET', STATE + qs({ ...base, registration: reg }))).json(), { which: 'reg' });
  // UUIDs compare case-insensitively.
  t.deepEqual(await (await lrs.request('GET', STATE + qs({ ...base, registration: reg.toUpperCase() }))).json(), { which: 'reg' });
  t.is((await lrs.request('GET', STATE + qs({ ...base, registration: '11111111-2222-4333-8444-555555555555' }))).status, 404);
});

test('documents belong to the agent identity (IFI), whatever else the agent object says', async (t) => {
  const activityId = activityIri();
  await lrs.request('PUT', STATE + qs({ activityId, agent: RICK, stateId: 's' }), json({ who: 'rick' }));
  const sameIdentity = { name: 'Rick', account: { name: 'Rick James', homePage: 'http://www.example.com/agentId/1' } };
  t.deepEqual(await (await lrs.request('GET', STATE + qs({ activityId, agent: sameIdentity, stateId: 's' }))).json(), { who: 'rick' });
  const other = { objectType: 'Agent', account: { homePage: 'http://www.example.com/agentId/1', name: 'Someone Else' } };
  t.is((await lrs.request('GET', STATE + qs({ activityId, agent: other, stateId: 's' }))).status, 404);
});

test('GET without stateId lists the ids of the activity and agent (one registration when given)', async (t) => {
  const activityId = activityIri();
  const agent = mboxAgent();
  const reg = 'c9a4a4f5-0b3b-4bd1-9d56-0c3b1f7a2a11';
  await lrs.request('PUT', STATE + qs({ activityId, agent, stateId: 'a' }), json({}));
  await lrs.request('PUT', STATE + qs({ activityId, agent, stateId: 'b', registration: reg }), json({}));
  await lrs.request('PUT', STATE + qs({ activityId, agent: mboxAgent(), stateId: 'other-agent' }), json({}));
  await lrs.request('PUT', STATE + qs({ activityId: activityIri(), agent, stateId: 'other-activity' }), json({}));
  const all = await lrs.request('GET', STATE + qs({ activityId, agent }));
  t.is(all.status, 200);
  t.deepEqual(((await all.json()) as string[]).sort(), ['a', 'b']);
  t.false(Number.isNaN(Date.parse(all.headers.get('last-modified') ?? '')));
  t.deepEqual(await (await lrs.request('GET', STATE + qs({ activityId, agent, registration: reg }))).json(), ['b']);
  const none = await lrs.request('GET', STATE + qs({ activityId, agent: mboxAgent() }));
  t.deepEqual(await none.json(), []);
  t.is(none.headers.get('last-modified'), null);
});

test('DELETE with stateId deletes one document; deleting a missing one is 204', async (t) => {
  const p = stateParams();
  await lrs.request('PUT', STATE + qs(p), json({ a: 1 }));
  await lrs.request('PUT', STATE + qs({ ...p, stateId: 'kept' }), json({ b: 1 }));
  t.is((await lrs.request('DELETE', STATE + qs(p))).status, 204);
  t.is((await lrs.request('GET', STATE + qs(p))).status, 404);
  t.is((await lrs.request('GET', STATE + qs({ ...p, stateId: 'kept' }))).status, 200);
  t.is((await lrs.request('DELETE', STATE + qs(p))).status, 204);
});

test('DELETE without stateId deletes every document of the activity and agent, and only those', async (t) => {
  const activityId = activityIri();
  const agent = mboxAgent();
  const otherAgent = mboxAgent();
  const reg = '0b0e4c2e-8d8c-4f62-9b7e-9c2f2f1f3a01';
  await lrs.request('PUT', STATE + qs({ activityId, agent, stateId: 'a' }), json({}));
  await lrs.request('PUT', STATE + qs({ activityId, agent, stateId: 'b', registration: reg }), json({}));
  await lrs.request('PUT', STATE + qs({ activityId, agent: otherAgent, stateId: 'c' }), json({}));
  t.is((await lrs.request('DELETE', STATE + qs({ activityId, agent }))).status, 204);
  t.deepEqual(await (await lrs.request('GET', STATE + qs({ activityId, agent }))).json(), []);
  t.deepEqual(await (await lrs.request('GET', STATE + qs({ activityId, agent: otherAgent }))).json(), ['c']);
});

test('DELETE without stateId but with registration deletes only that registration', async (t) => {
  const activityId = activityIri();
  const agent = mboxAgent();
  const reg1 = '0b0e4c2e-8d8c-4f62-9b7e-9c2f2f1f3a02';
  const reg2 = '0b0e4c2e-8d8c-4f62-9b7e-9c2f2f1f3a03';
  await lrs.request('PUT', STATE + qs({ activityId, agent, stateId: 'none' }), json({}));
  await lrs.request('PUT', STATE + qs({ activityId, agent, stateId: 'r1', registration: reg1 }), json({}));
  await lrs.request('PUT', STATE + qs({ activityId, agent, stateId: 'r2', registration: reg2 }), json({}));
  t.is((await lrs.request('DELETE', STATE + qs({ activityId, agent, registration: reg1 }))).status, 204);
  t.deepEqual(((await (await lrs.request('GET', STATE + qs({ activityId, agent }))).json()) as string[]).sort(), ['none', 'r2']);
});

test('GET of a missing document is 404', async (t) => {
  t.is((await lrs.request('GET', STATE + qs(stateParams()))).status, 404);
});

test('missing or malformed parameters are 400 naming the parameter', async (t) => {
  const cases: Array<{ method: string; params: Params; field: string }> = [
    { method: 'GET', params: stateParams({ activityId: undefined }), field: 'activityId' },
    { method: 'PUT', params: stateParams({ activityId: undefined }), field: 'activityId' },
    { method: 'DELETE', params: stateParams({ activityId: undefined }), field: 'activityId' },
    { method: 'POST', params: stateParams({ activityId: 'true' }), field: 'activityId' },
    { method: 'GET', params: stateParams({ activityId: 'not an iri' }), field: 'activityId' },
    { method: 'GET', params: stateParams({ agent: undefined }), field: 'agent' },
    { method: 'DELETE', params: stateParams({ agent: undefined }), field: 'agent' },
    { method: 'PUT', params: stateParams({ agent: 'true' }), field: 'agent' },
    { method: 'POST', params: stateParams({ agent: '{"objectType":"Agent","account":{"homePage"%22http://x"}}' }), field: 'agent' },
    { method: 'GET', params: stateParams({ agent: { objectType: 'Agent', name: 'no ifi' } }), field: 'agent' },
    { method: 'GET', params: stateParams({ agent: { mbox: 'mailto:a@b.c', openid: 'http://openid.example/a' } }), field: 'agent.openid' },
    { method: 'GET', params: stateParams({ agent: { mbox: 'a@b.c' } }), field: 'agent.mbox' },
    { method: 'GET', params: stateParams({ agent: { mbox_sha1sum: 'xyz' } }), field: 'agent.mbox_sha1sum' },
    { method: 'GET', params: stateParams({ agent: { account: { homePage: 'http://x.example' } } }), field: 'agent.account.name' },
    { method: 'GET', params: stateParams({ agent: { objectType: 'Person', mbox: 'mailto:a@b.c' } }), field: 'agent.objectType' },
    { method: 'GET', params: stateParams({ agent: { mbox: 'mailto:a@b.c', name: null } }), field: 'agent.name' },
    { method: 'GET', params: stateParams({ registration: 'true' }), field: 'registration' },
    { method: 'PUT', params: stateParams({ registration: 'not-a-uuid' }), field: 'registration' },
    { method: 'DELETE', params: stateParams({ registration: '1234' }), field: 'registration' },
    { method: 'PUT', params: stateParams({ stateId: undefined }), field: 'stateId' },
    { method: 'POST', params: stateParams({ stateId: undefined }), field: 'stateId' },
    { method: 'GET', params: stateParams({ stateId: undefined, since: 'not a timestamp' }), field: 'since' },
    { method: 'GET', params: stateParams({ stateId: undefined, since: '2024-01-01T00:00:00' }), field: 'since' },
    { method: 'GET', params: stateParams({ foo: 'bar' }), field: 'foo' },
    { method: 'GET', params: stateParams({ activityId: undefined, activityID: activityIri() }), field: 'activityID' },
    { method: 'DELETE', params: stateParams({ stateId: undefined, since: '2024-01-01T00:00:00Z' }), field: 'since' },
  ];
  for (const c of cases) {
    const body = c.method === 'PUT' || c.method === 'POST' ? json({ a: 1 }) : {};
    const res = await lrs.request(c.method, STATE + qs(c.params), body);
    t.is(res.status, 400, `${c.method} ${JSON.stringify(c.params)}`);
    t.is((await errorOf(res)).field, c.field, `${c.method} ${JSON.stringify(c.params)}`);
  }
});

test('a parameter given twice is 400', async (t) => {
  const p = stateParams();
  const res = await lrs.request('GET', STATE + qs(p) + '&stateId=again');
  t.is(res.status, 400);
  t.is((await errorOf(res)).field, 'stateId');
});

test('an identified Group may hold state', async (t) => {
  const p = stateParams({ agent: { objectType: 'Group', name: 'Team', mbox: 'mailto:team@example.com', member: [] } });
  t.is((await lrs.request('PUT', STATE + qs(p), json({ g: 1 }))).status, 204);
  t.deepEqual(await (await lrs.request('GET', STATE + qs(p))).json(), { g: 1 });
});

test('documents over 10 MB are 413 and not stored', async (t) => {
  const p = stateParams();
  const res = await lrs.request('PUT', STATE + qs(p), { headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(10 * 1024 * 1024 + 1, 1) });
  t.is(res.status, 413);
  t.is((await lrs.request('GET', STATE + qs(p))).status, 404);
  // Exactly the limit is accepted.
  const ok = await lrs.request('PUT', STATE + qs(p), { headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(10 * 1024 * 1024, 2) });
  t.is(ok.status, 204);
});

test('a chunked body (no Content-Length) over 10 MB is 413 too', async (t) => {
  const p = stateParams();
  const chunk = new Uint8Array(1024 * 1024).fill(7);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent > 10) return controller.close();
      sent++;
      controller.enqueue(chunk);
    },
  });
  const res = await fetch(`${lrs.endpoint}${STATE}${qs(p)}`, {
    method: 'PUT',
    headers: { authorization: lrs.auth, 'x-experience-api-version': '1.0.3', 'content-type': 'application/octet-stream' },
    body,
    duplex: 'half',
  } as RequestInit);
  t.is(res.status, 413);
  t.is((await lrs.request('GET', STATE + qs(p))).status, 404);
});

test('the state scope is required: profile-only clients get 403, all/read may only read', async (t) => {
  const p = stateParams();
  const profileOnly = await lrs.clientWith(['profile']);
  const res = await lrs.request('PUT', STATE + qs(p), { ...json({ a: 1 }), headers: { 'content-type': 'application/json', authorization: profileOnly } });
  t.is(res.status, 403);
  t.is((await lrs.request('GET', STATE + qs(p), { headers: { authorization: profileOnly } })).status, 403);
  const stateClient = await lrs.clientWith(['state']);
  t.is((await lrs.request('PUT', STATE + qs(p), { ...json({ a: 1 }), headers: { 'content-type': 'application/json', authorization: stateClient } })).status, 204);
  const reader = await lrs.clientWith(['all/read']);
  t.is((await lrs.request('GET', STATE + qs(p), { headers: { authorization: reader } })).status, 200);
  t.is((await lrs.request('DELETE', STATE + qs(p), { headers: { authorization: reader } })).status, 403);
  t.is((await lrs.request('GET', STATE + qs(p))).status, 200);
});
