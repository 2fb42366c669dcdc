/** Activity Profile and Agent Profile Resources over HTTP: storage, lists, merge, parameters, scopes. */
import test from 'ava';
import { startLrsTestServer, type LrsTestServer } from '../test-support/lrs-test-server.js';
import { RICK, activityIri, json, mboxAgent, qs, type Params } from './doc-test-support.js';

let lrs: LrsTestServer;
test.before(async () => {
  lrs = await startLrsTestServer();
});
test.after.always(() => lrs?.close());

const ACTIVITY_PROFILE = '/activities/profile';
const AGENT_PROFILE = '/agents/profile';
const CREATE = { 'if-none-match': '*' };

async function fieldOf(res: Response): Promise<string | undefined> {
  return ((await res.json()) as { error: { field?: string } }).error.field;
}

const resources: Array<{ name: string; path: string; scope: () => Params; scopeParam: string }> = [
  { name: 'activity profile', path: ACTIVITY_PROFILE, scope: () => ({ activityId: activityIri() }), scopeParam: 'activityId' },
  { name: 'agent profile', path: AGENT_PROFILE, scope: () => ({ agent: mboxAgent() }), scopeParam: 'agent' },
];

for (const r of resources) {
  test(`${r.name}: PUT with If-None-Match: * stores byte-exact; GET returns it with ETag and Last-Modified`, async (t) => {
    const p = { ...r.scope(), profileId: 'p1' };
    const bytes = Buffer.from([1, 2, 3, 0, 255]);
    t.is((await lrs.request('PUT', r.path + qs(p), { headers: { ...CREATE, 'content-type': 'image/x-test' }, body: bytes })).status, 204);
    const res = await lrs.request('GET', r.path + qs(p));
    t.is(res.status, 200);
    t.is(res.headers.get('content-type'), 'image/x-test');
    t.regex(res.headers.get('etag') ?? '', /^"[0-9a-f]{40}"$/);
    t.false(Number.isNaN(Date.parse(res.headers.get('last-modified') ?? '')));
    t.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
  });

  test(`${r.name}: GET without profileId lists the ids of the scope only`, async (t) => {
    const scope = r.scope();
    await lrs.request('POST', r.path + qs({ ...scope, profileId: 'a' }), json({}));
    await lrs.request('POST', r.path + qs({ ...scope, profileId: 'b' }), json({}));
    await lrs.request('POST', r.path + qs({ ...r.scope(), profileId: 'elsewhere' }), json({}));
    const res = await lrs.request('GET', r.path + qs(scope));
    t.is(res.status, 200);
    t.deepEqual(((await res.json()) as string[]).sort(), ['a', 'b']);
    t.deepEqual(await (await lrs.request('GET', r.path + qs({ ...scope, since: '2999-01-01T00:00:00Z' }))).json(), []);
    t.deepEqual(((await (await lrs.request('GET', r.path + qs({ ...scope, since: '2000-01-01T00:00:00+02:00' }))).json()) as string[]).sort(), ['a', 'b']);
  });

  test(`${r.name}: POST merges JSON and refuses non-JSON merges`, async (t) => {
    const p = { ...r.scope(), profileId: 'merge' };
    await lrs.request('POST', r.path + qs(p), json({ car: 'Honda' }));
    t.is((await lrs.request('POST', r.path + qs(p), json({ type: 'Civic' }))).status, 204);
    t.deepEqual(await (await lrs.request('GET', r.path + qs(p))).json(), { car: 'Honda', type: 'Civic' });
    t.is((await lrs.request('POST', r.path + qs(p), { headers: { 'content-type': 'application/octet-stream' }, body: 'abcdefg' })).status, 400);
    t.deepEqual(await (await lrs.request('GET', r.path + qs(p))).json(), { car: 'Honda', type: 'Civic' });
  });

  test(`${r.name}: DELETE removes the document`, async (t) => {
    const p = { ...r.scope(), profileId: 'gone' };
    await lrs.request('POST', r.path + qs(p), json({ a: 1 }));
    t.is((await lrs.request('DELETE', r.path + qs(p))).status, 204);
    t.is((await lrs.request('GET', r.path + qs(p))).status, 404);
  });

  test(`${r.name}: missing or malformed parameters are 400 naming the parameter`, async (t) => {
    const cases: Array<{ method: string; params: Params; field: string }> = [
      { method: 'PUT', params: { ...r.scope(), profileId: undefined }, field: 'profileId' },
      { method: 'POST', params: { ...r.scope() }, field: 'profileId' },
      { method: 'DELETE', params: { ...r.scope() }, field: 'profileId' },
      { method: 'PUT', params: { profileId: 'x' }, field: r.scopeParam },
      { method: 'POST', params: { profileId: 'x' }, field: r.scopeParam },
      { method: 'GET', params: { profileId: 'x' }, field: r.scopeParam },
      { method: 'DELETE', params: { profileId: 'x' }, field: r.scopeParam },
      { method: 'GET', params: { [r.scopeParam]: 'true', profileId: 'x' }, field: r.scopeParam },
      { method: 'GET', params: { ...r.scope(), since: 'true' }, field: 'since' },
      { method: 'GET', params: { ...r.scope(), profileId: 'x', stateId: 'y' }, field: 'stateId' },
      { method: 'GET', params: { ...r.scope(), profileID: 'x' }, field: 'profileID' },
    ];
    for (const c of cases) {
      const init = c.method === 'PUT' || c.method === 'POST' ? json({ a: 1 }, CREATE) : {};
      const res = await lrs.request(c.method, r.path + qs(c.params), init);
      t.is(res.status, 400, `${c.method} ${JSON.stringify(c.params)}`);
      t.is(await fieldOf(res), c.field, `${c.method} ${JSON.stringify(c.params)}`);
    }
  });

  test(`${r.name}: needs the profile scope (403 for state-only clients)`, async (t) => {
    const p = { ...r.scope(), profileId: 'scoped' };
    const stateOnly = await lrs.clientWith(['state']);
    t.is((await lrs.request('POST', r.path + qs(p), { ...json({ a: 1 }), headers: { 'content-type': 'application/json', authorization: stateOnly } })).status, 403);
    t.is((await lrs.request('GET', r.path + qs(p), { headers: { authorization: stateOnly } })).status, 403);
    const profile = await lrs.clientWith(['profile']);
    t.is((await lrs.request('POST', r.path + qs(p), { ...json({ a: 1 }), headers: { 'content-type': 'application/json', authorization: profile } })).status, 204);
    t.is((await lrs.request('GET', r.path + qs(p), { headers: { authorization: profile } })).status, 200);
  });
}

test('agent profiles are keyed by the agent IFI; identified Groups are accepted, anonymous ones are not', async (t) => {
  const profileId = `p-${Date.now()}`;
  await lrs.request('PUT', AGENT_PROFILE + qs({ agent: RICK, profileId }), json({ rick: true }, CREATE));
  const sameIdentity = { account: { homePage: 'http://www.example.com/agentId/1', name: 'Rick James' }, name: 'R.' };
  t.deepEqual(await (await lrs.request('GET', AGENT_PROFILE + qs({ agent: sameIdentity, profileId }))).json(), { rick: true });
  const group = { objectType: 'Group', openid: 'http://openid.example.com/team' };
  t.is((await lrs.request('PUT', AGENT_PROFILE + qs({ agent: group, profileId }), json({ team: true }, CREATE))).status, 204);
  const anonymous = { objectType: 'Group', member: [{ mbox: 'mailto:a@example.com' }] };
  const res = await lrs.request('GET', AGENT_PROFILE + qs({ agent: anonymous, profileId }));
  t.is(res.status, 400);
  t.is(await fieldOf(res), 'agent');
});

test('activity profiles need the activityId to be an IRI', async (t) => {
  const res = await lrs.request('GET', ACTIVITY_PROFILE + qs({ activityId: 'example.com/no-scheme', profileId: 'x' }));
  t.is(res.status, 400);
  t.is(await fieldOf(res), 'activityId');
});

test('State has no say over profiles: a state document and a profile with the same ids are distinct', async (t) => {
  const activityId = activityIri();
  const agent = mboxAgent();
  await lrs.request('PUT', '/activities/state' + qs({ activityId, agent, stateId: 'same' }), json({ kind: 'state' }));
  await lrs.request('PUT', ACTIVITY_PROFILE + qs({ activityId, profileId: 'same' }), json({ kind: 'activity profile' }, CREATE));
  await lrs.request('PUT', AGENT_PROFILE + qs({ agent, profileId: 'same' }), json({ kind: 'agent profile' }, CREATE));
  t.deepEqual(await (await lrs.request('GET', '/activities/state' + qs({ activityId, agent, stateId: 'same' }))).json(), { kind: 'state' });
  t.deepEqual(await (await lrs.request('GET', ACTIVITY_PROFILE + qs({ activityId, profileId: 'same' }))).json(), { kind: 'activity profile' });
  t.deepEqual(await (await lrs.request('GET', AGENT_PROFILE + qs({ agent, profileId: 'same' }))).json(), { kind: 'agent profile' });
});
