/** Admins create, list and revoke the credentials external tools use for /xapi. */
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';

let app: TestApp;
const password = 'a long enough passphrase';
test.before(async () => {
  app = await startTestApp();
  await app.createUser({ email: 'admin@example.com', password, name: 'Ada', roles: ['admin'] });
  await app.createUser({ email: 'hr@example.com', password, name: 'Hal', roles: ['hr'] });
});
test.after.always(() => app?.close());

const xapiStatus = (key: string, secret: string) =>
  fetch(`${app.url}/xapi/nowhere`, { headers: { authorization: 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64'), 'x-experience-api-version': '1.0.3' } }).then((r) => r.status);

test('an admin creates a client (secret shown once), the LRS accepts it, and revoking ends it', async (t) => {
  const admin = new HttpClient(app.url);
  await admin.login('admin@example.com', password);
  const created = await admin.request('POST', '/api/lrs/clients', { name: 'Survey tool', scopes: ['statements/write'] });
  t.is(created.status, 201);
  const { key, secret } = created.body;
  t.is(typeof secret, 'string');
  t.is(created.body.authority.account.name, key);
  t.is(await xapiStatus(key, secret), 404);
  const listed = await admin.request('GET', '/api/lrs/clients');
  const entry = listed.body.items.find((c: { key: string }) => c.key === key);
  t.deepEqual(entry.scopes, ['statements/write']);
  t.is(entry.secret, undefined, 'the secret is not listed');
  t.is((await admin.request('DELETE', `/api/lrs/clients/${key}`)).status, 204);
  t.is(await xapiStatus(key, secret), 401);
  const again = await admin.request('DELETE', `/api/lrs/clients/${key}`);
  t.is(again.status, 404);
  t.is(again.body.error.code, 'not_found');
});

test('bad input names the field; only admins manage clients', async (t) => {
  const admin = new HttpClient(app.url);
  await admin.login('admin@example.com', password);
  const badScope = await admin.request('POST', '/api/lrs/clients', { name: 'x', scopes: ['root'] });
  t.is(badScope.status, 400);
  t.is(badScope.body.error.field, 'scopes.0');
  const noName = await admin.request('POST', '/api/lrs/clients', { scopes: ['all'] });
  t.is(noName.body.error.field, 'name');
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', password);
  t.is((await hr.request('POST', '/api/lrs/clients', { name: 'x', scopes: ['all'] })).status, 403);
  // HR reads the list (it decides which client may certify what), never a secret.
  const listed = await hr.request('GET', '/api/lrs/clients');
  t.is(listed.status, 200);
  t.false(JSON.stringify(listed.body).includes('secret'));
  const employee = new HttpClient(app.url);
  await app.createUser({ email: 'emp@example.com', password, name: 'Emp', roles: ['employee'] });
  await employee.login('emp@example.com', password);
  t.is((await employee.request('GET', '/api/lrs/clients')).status, 403);
});
