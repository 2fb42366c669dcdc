/** The xAPI surface every resource shares: about, version header, credentials, scopes, CORS. */
import test from 'ava';
import { startLrsTestServer, basicHeader, type LrsTestServer } from '../test-support/lrs-test-server.js';

let lrs: LrsTestServer;
test.before(async () => {
  lrs = await startLrsTestServer();
});
test.after.always(() => lrs?.close());

test('GET /about needs no credentials and lists the versions', async (t) => {
  const res = await fetch(`${lrs.endpoint}/about`);
  t.is(res.status, 200);
  const body = (await res.json()) as { version: string[] };
  t.true(body.version.includes('1.0.3'));
  t.true(body.version.includes('2.0.0'));
  t.is(res.headers.get('x-experience-api-version'), '2.0.0', 'no version asked: the newest');
});

test('every response names the version, 2.0.0 when the request asked for 2.0', async (t) => {
  const res = await lrs.request('GET', '/nowhere', { headers: { 'x-experience-api-version': '2.0.0' } });
  t.is(res.headers.get('x-experience-api-version'), '2.0.0');
  const err = await lrs.request('GET', '/nowhere', { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
  t.is(err.status, 401);
  t.is(err.headers.get('x-experience-api-version'), '1.0.3');
});

test('a request naming no version is answered in the version its client last spoke', async (t) => {
  const speaker103 = await lrs.clientWith(['all']);
  const speaker20 = await lrs.clientWith(['all']);
  const fresh = await lrs.clientWith(['all']);
  await lrs.request('GET', '/statements?limit=1', { headers: { authorization: speaker103, 'x-experience-api-version': '1.0.3' } });
  await lrs.request('GET', '/statements?limit=1', { headers: { authorization: speaker20, 'x-experience-api-version': '2.0.0' } });
  const versionOf = async (auth: string) => {
    const res = await fetch(`${lrs.endpoint}/statements`, { headers: { authorization: auth } });
    t.is(res.status, 400);
    return res.headers.get('x-experience-api-version');
  };
  t.is(await versionOf(speaker103), '1.0.3');
  t.is(await versionOf(speaker20), '2.0.0');
  t.is(await versionOf(fresh), '2.0.0', 'no history: the newest version');
});

test('missing or unsupported version headers are 400 naming the header', async (t) => {
  for (const v of [undefined, '0.95', '3.0.0', 'abc']) {
    const headers: Record<string, string> = { authorization: lrs.auth };
    if (v) headers['x-experience-api-version'] = v;
    const res = await fetch(`${lrs.endpoint}/statements`, { headers });
    t.is(res.status, 400, `version ${v}`);
    const body = (await res.json()) as { error: { field: string } };
    t.is(body.error.field, 'X-Experience-API-Version');
  }
});

test('wrong, missing and revoked credentials are 401; the right secret is needed every time', async (t) => {
  const noAuth = await fetch(`${lrs.endpoint}/statements`, { headers: { 'x-experience-api-version': '1.0.3' } });
  t.is(noAuth.status, 401);
  t.regex(noAuth.headers.get('www-authenticate') ?? '', /Basic/);
  const { client, secret } = await lrs.lrs.credentials.create({ name: 'tool', scopes: ['all'] });
  const good = basicHeader(client.key, secret);
  t.not((await lrs.request('GET', '/nowhere', { headers: { authorization: good } })).status, 401);
  // Cached record, wrong secret: still refused.
  t.is((await lrs.request('GET', '/nowhere', { headers: { authorization: basicHeader(client.key, secret + 'x') } })).status, 401);
  await lrs.lrs.credentials.revoke(client.key);
  t.is((await lrs.request('GET', '/nowhere', { headers: { authorization: good } })).status, 401);
});

test('CORS preflight is answered for browser content on other origins', async (t) => {
  const res = await fetch(`${lrs.endpoint}/statements`, {
    method: 'OPTIONS',
    headers: { origin: 'https://content.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type,x-experience-api-version' },
  });
  t.is(res.status, 204);
  t.is(res.headers.get('access-control-allow-origin'), 'https://content.example');
  t.regex(res.headers.get('access-control-allow-methods') ?? '', /PUT/);
  t.regex(res.headers.get('access-control-allow-headers') ?? '', /x-experience-api-version/);
});

test('client secrets are stored hashed, never in clear', async (t) => {
  const { client, secret } = await lrs.lrs.credentials.create({ name: 'audit', scopes: ['statements/read'] });
  const listed = await lrs.lrs.credentials.list();
  const found = listed.find((c) => c.key === client.key)!;
  t.deepEqual(found.scopes, ['statements/read']);
  t.false(JSON.stringify(listed).includes(secret));
  await t.throwsAsync(() => lrs.lrs.credentials.create({ name: 'x', scopes: ['nope' as never] }), { message: /scopes/ });
});
