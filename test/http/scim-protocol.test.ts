/**
 * The SCIM protocol's edges over real HTTP: discovery, paging, ETags, the error schema for
 * every refusal (token, filter, attribute, uniqueness, version, media type), and the admin
 * API for tokens (admins only, CSRF, shown once, revocable, last use recorded).
 */
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { parseListQuery } from '../../server/scim/scim-paging.js';
import { ENTERPRISE, ERROR, PATCH_OP, USER, filterQuery, scimClient } from '../helpers/scim-client.js';

let app: TestApp;
let admin: HttpClient;
let scim: ReturnType<typeof scimClient>;
const password = 'a long enough passphrase';

test.before(async () => {
  app = await startTestApp();
  await app.createUser({ email: 'admin@example.com', password, name: 'Ada', roles: ['admin'] });
  await app.createUser({ email: 'hr@example.com', password, name: 'Hal', roles: ['hr'] });
  admin = new HttpClient(app.url);
  await admin.login('admin@example.com', password);
  const created = await admin.request('POST', '/api/scim/tokens', { name: 'Entra' });
  scim = scimClient(app.url, created.body.token);
});
test.after.always(() => app?.close());

function isScimError(t: import('ava').ExecutionContext, res: { status: number; headers: Headers; body: any }, status: number, scimType?: string) {
  t.is(res.status, status, JSON.stringify(res.body));
  t.regex(res.headers.get('content-type') ?? '', /^application\/scim\+json/);
  t.deepEqual(res.body.schemas, [ERROR]);
  t.is(res.body.status, String(status), 'status is a string');
  t.is(res.body.scimType, scimType);
  t.is(typeof res.body.detail, 'string');
}

test.serial('discovery: ServiceProviderConfig, ResourceTypes and Schemas describe what is supported', async (t) => {
  const spc = await scim('GET', '/ServiceProviderConfig');
  t.is(spc.status, 200);
  t.like(spc.body, { patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 200 }, etag: { supported: true }, sort: { supported: false } });
  const types = await scim('GET', '/ResourceTypes');
  t.deepEqual(types.body.Resources.map((r: { id: string }) => r.id), ['User', 'Group']);
  t.deepEqual(types.body.Resources[0].schemaExtensions, [{ schema: ENTERPRISE, required: false }]);
  const schemas = await scim('GET', '/Schemas');
  const enterprise = schemas.body.Resources.find((s: { id: string }) => s.id === ENTERPRISE);
  t.deepEqual(enterprise.attributes.map((a: { name: string }) => a.name).filter((n: string) => ['employeeNumber', 'department', 'manager'].includes(n)), ['employeeNumber', 'department', 'manager']);
  t.is((await scim('GET', `/Schemas/${USER}`)).body.attributes[0].name, 'userName');
  isScimError(t, await scim('GET', '/Schemas/urn:nope'), 404);
});

test.serial('bad or missing bearer tokens get 401 in the SCIM error schema', async (t) => {
  isScimError(t, await scimClient(app.url, 'scim_not-a-real-token')('GET', '/Users'), 401);
  const none = await fetch(`${app.url}/scim/v2/Users`);
  t.is(none.status, 401);
  t.is(none.headers.get('www-authenticate'), 'Bearer realm="scim"');
  t.is((await none.json()).status, '401');
  // A browser session is no SCIM credential.
  const withSession = await admin.request('GET', '/scim/v2/Users');
  t.is(withSession.status, 401);
});

test.serial('refusals: unknown filter attribute or bad syntax, unknown attribute, duplicate userName, bad PATCH, media type', async (t) => {
  isScimError(t, await scim('GET', `/Users?${filterQuery('favouriteColour eq "blue"')}`), 400, 'invalidFilter');
  isScimError(t, await scim('GET', `/Users?${filterQuery('userName eq')}`), 400, 'invalidFilter');
  isScimError(t, await scim('GET', `/Users?${filterQuery('userName eq "a" and')}`), 400, 'invalidFilter');
  isScimError(t, await scim('GET', `/Groups?${filterQuery('userName eq "x"')}`), 400, 'invalidFilter');
  isScimError(t, await scim('GET', '/Users?sortBy=userName'), 400, 'invalidValue');
  isScimError(t, await scim('GET', '/Users?count=ten'), 400, 'invalidValue');

  isScimError(t, await scim('POST', '/Users', { schemas: [USER], userName: 'x@example.com', favouriteColour: 'blue' }), 400, 'invalidValue');
  isScimError(t, await scim('POST', '/Users', { schemas: [USER], displayName: 'No Name' }), 400, 'invalidValue');
  isScimError(t, await scim('POST', '/Users', { schemas: [USER], userName: 'not-an-email' }), 400, 'invalidValue');
  isScimError(t, await scim('POST', '/Users', { schemas: [USER], userName: 'x@example.com', active: 'maybe' }), 400, 'invalidValue');
  isScimError(t, await scim('POST', '/Users', '{"schemas": ['), 400, 'invalidSyntax');

  const first = await scim('POST', '/Users', { schemas: [USER], userName: 'dup@example.com', active: true });
  t.is(first.status, 201);
  const before = await app.runtime.services.people.count();
  isScimError(t, await scim('POST', '/Users', { schemas: [USER], userName: 'DUP@example.com', active: true }), 409, 'uniqueness');
  // Same email under another userName: the person's email is unique too.
  isScimError(t, await scim('POST', '/Users', { schemas: [USER], userName: 'other-name', emails: [{ value: 'dup@example.com', primary: true }] }), 409, 'uniqueness');
  t.is(await app.runtime.services.people.count(), before, 'nothing half-written');
  // The refused userName was not left reserved: a fresh one with it would still be refused only by the first.
  t.is((await scim('GET', `/Users?${filterQuery('userName eq "other-name"')}`)).body.totalResults, 0);
  const unknownManager = await scim('POST', '/Users', { schemas: [USER, ENTERPRISE], userName: 'm@example.com', [ENTERPRISE]: { manager: { value: '0123456789abcdef01234567' } } });
  isScimError(t, unknownManager, 400, 'invalidValue');
  t.is((await scim('GET', `/Users?${filterQuery('userName eq "m@example.com"')}`)).body.totalResults, 0);

  const id = first.body.id;
  isScimError(t, await scim('PATCH', `/Users/${id}`, { Operations: [{ op: 'replace', path: 'active', value: false }] }), 400, 'invalidValue');
  isScimError(t, await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'favouriteColour', value: 'blue' }] }), 400, 'invalidPath');
  isScimError(t, await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'frobnicate', path: 'active', value: false }] }), 400, 'invalidSyntax');
  isScimError(t, await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove' }] }), 400, 'noTarget');
  isScimError(t, await scim('GET', '/Users/0123456789abcdef01234567'), 404);
  isScimError(t, await scim('GET', '/Users/nope'), 404);
  isScimError(t, await scim('POST', '/Users', 'userName=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415);
  isScimError(t, await scim('POST', '/Users', JSON.stringify({ schemas: [USER], userName: 'big@example.com', nickName: 'x'.repeat(600_000) })), 413);

  // Plain application/json is accepted as well.
  const plain = await scim('POST', '/Users', { schemas: [USER], userName: 'plain@example.com' }, { 'content-type': 'application/json' });
  t.is(plain.status, 201);
});

test.serial('admins are not managed over SCIM (a leaked token must not take over an admin account)', async (t) => {
  const found = await scim('GET', `/Users?${filterQuery('userName eq "admin@example.com"')}`);
  const id = found.body.Resources[0].id;
  isScimError(t, await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'evil@example.com' }] }), 403);
  isScimError(t, await scim('DELETE', `/Users/${id}`), 403);
  t.is((await app.runtime.services.people.get(id))!.email, 'admin@example.com');
});

test.serial('ETags: meta.version is the ETag; If-Match with an old version is refused with 412 and changes nothing', async (t) => {
  const created = await scim('POST', '/Users', { schemas: [USER], userName: 'etag@example.com', displayName: 'E One' });
  const v1 = created.body.meta.version;
  t.regex(v1, /^W\/".+"$/);
  const changed = await scim('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'E Two' }] }, { 'if-match': v1 });
  t.is(changed.status, 200);
  const v2 = changed.headers.get('etag');
  t.not(v2, v1);
  isScimError(t, await scim('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'E Three' }] }, { 'if-match': v1 }), 412);
  isScimError(t, await scim('PUT', `/Users/${created.body.id}`, { schemas: [USER], userName: 'etag@example.com', displayName: 'E Three' }, { 'if-match': v1 }), 412);
  isScimError(t, await scim('DELETE', `/Users/${created.body.id}`, undefined, { 'if-match': v1 }), 412);
  t.is((await app.runtime.services.people.get(created.body.id))!.name, 'E Two');
  t.is((await scim('PUT', `/Users/${created.body.id}`, { schemas: [USER], userName: 'etag@example.com', displayName: 'E Three' }, { 'if-match': v2! })).status, 200);
});

test.serial('paging: startIndex and count over everyone, totalResults, count capped at 200', async (t) => {
  for (let i = 0; i < 5; i++) t.is((await scim('POST', '/Users', { schemas: [USER], userName: `page${i}@example.com` })).status, 201);
  const all = await scim('GET', '/Users?count=1000');
  const total = all.body.totalResults;
  t.true(total >= 7);
  t.is(all.body.itemsPerPage, total);
  const page = await scim('GET', '/Users?startIndex=3&count=2');
  t.like(page.body, { totalResults: total, startIndex: 3, itemsPerPage: 2 });
  t.deepEqual(page.body.Resources.map((r: { id: string }) => r.id), all.body.Resources.slice(2, 4).map((r: { id: string }) => r.id));
  const none = await scim('GET', '/Users?count=0');
  t.like(none.body, { totalResults: total, itemsPerPage: 0 });
  t.deepEqual(parseListQuery({ count: '1000', startIndex: '-4' }), { count: 200, startIndex: 1 }, 'out of range: the nearest allowed value');
  const filtered = await scim('GET', `/Users?${filterQuery('userName sw "page"')}&startIndex=2&count=2`);
  t.like(filtered.body, { totalResults: 5, startIndex: 2, itemsPerPage: 2 });
  const enterprise = await scim('POST', '/Users', { schemas: [USER, ENTERPRISE], userName: 'emp@example.com', [ENTERPRISE]: { employeeNumber: 'E-900', department: 'Legal' } });
  t.is(enterprise.status, 201);
  const byUrn = await scim('GET', `/Users?${filterQuery(`${ENTERPRISE}:employeeNumber eq "E-900"`)}`);
  t.deepEqual(byUrn.body.Resources.map((r: { id: string }) => r.id), [enterprise.body.id]);
  const combined = await scim('GET', `/Users?${filterQuery('department eq "Legal" and active eq true')}`);
  t.deepEqual(combined.body.Resources.map((r: { id: string }) => r.id), [enterprise.body.id]);
});

test.serial('tokens: admins create (shown once), list with last use, revoke; others may not; CSRF applies', async (t) => {
  const created = await admin.request('POST', '/api/scim/tokens', { name: 'Okta' });
  t.is(created.status, 201);
  t.regex(created.body.token, /^scim_[A-Za-z0-9_-]{43}$/);
  const own = scimClient(app.url, created.body.token);
  let listed = await admin.request('GET', '/api/scim/tokens');
  let entry = listed.body.items.find((i: { id: string }) => i.id === created.body.id);
  t.is(entry.name, 'Okta');
  t.is(entry.lastUsedAt, undefined);
  t.false(JSON.stringify(listed.body).includes(created.body.token), 'the token is never listed');
  // Only its hash is stored.
  const stored = await app.runtime.store.db.collection('scim_tokens').findOne({ _id: created.body.id } as never);
  t.false(JSON.stringify(stored).includes(created.body.token));

  t.is((await own('GET', '/ServiceProviderConfig')).status, 200);
  listed = await admin.request('GET', '/api/scim/tokens');
  entry = listed.body.items.find((i: { id: string }) => i.id === created.body.id);
  t.truthy(entry.lastUsedAt);

  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', password);
  t.is((await hr.request('GET', '/api/scim/tokens')).status, 403);
  t.is((await hr.request('POST', '/api/scim/tokens', { name: 'x' })).status, 403);
  const noCsrf = await admin.request('POST', '/api/scim/tokens', { name: 'x' }, { 'x-csrf-token': 'wrong' });
  t.is(noCsrf.status, 403);
  const noName = await admin.request('POST', '/api/scim/tokens', { name: ' ' });
  t.is(noName.status, 400);
  t.is(noName.body.error.field, 'name');

  t.is((await admin.request('DELETE', `/api/scim/tokens/${created.body.id}`)).status, 204);
  t.is((await own('GET', '/ServiceProviderConfig')).status, 401, 'a revoked token stops working');
  t.is((await admin.request('DELETE', `/api/scim/tokens/${created.body.id}`)).status, 404);
  t.false((await admin.request('GET', '/api/scim/tokens')).body.items.some((i: { id: string }) => i.id === created.body.id));
});
