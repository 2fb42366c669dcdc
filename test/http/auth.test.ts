/** Sign-in, sessions, CSRF and role checks over real HTTP against the real app. */
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';

let app: TestApp;
const password = 'a long enough passphrase';
const ids: Record<string, string> = {};

test.before(async () => {
  app = await startTestApp();
  ids.admin = (await app.createUser({ email: 'admin@example.com', password, name: 'Ada Admin', roles: ['admin'] })).id;
  ids.hr = (await app.createUser({ email: 'hr@example.com', password, name: 'Hana HR', roles: ['hr'] })).id;
  ids.manager = (await app.createUser({ email: 'mgr@example.com', password, name: 'Mo Manager', roles: ['manager'] })).id;
  ids.employee = (await app.createUser({ email: 'emp@example.com', password, name: 'Eve Employee', roles: ['employee'], managerId: ids.manager })).id;
  ids.other = (await app.createUser({ email: 'other@example.com', password, name: 'Otto Other', roles: ['employee'] })).id;
});
test.after.always(() => app?.close());

test('login sets an HttpOnly SameSite session cookie and returns the user and a CSRF token', async (t) => {
  const client = new HttpClient(app.url);
  const res = await client.request('POST', '/api/session', { email: 'EMP@example.com', password });
  t.is(res.status, 200);
  t.is(res.body.user.email, 'emp@example.com');
  t.deepEqual(res.body.user.roles, ['employee']);
  t.is(res.body.user.passwordHash, undefined);
  t.is(typeof res.body.csrfToken, 'string');
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lms.sid='))!;
  t.regex(cookie, /HttpOnly/i);
  t.regex(cookie, /SameSite=Lax/i);
  const me = await client.request('GET', '/api/session');
  t.is(me.status, 200);
  t.is(me.body.user.id, ids.employee);
});

test('wrong password and unknown email both answer 401 invalid_credentials with no cookie', async (t) => {
  for (const email of ['emp@example.com', 'ghost@example.com']) {
    const client = new HttpClient(app.url);
    const res = await client.login(email, 'not the password');
    t.is(res.status, 401);
    t.is(res.body.error.code, 'invalid_credentials');
    t.false(client.hasSessionCookie);
  }
});

test('bad login input is a 400/415 naming the field', async (t) => {
  const client = new HttpClient(app.url);
  const noPassword = await client.request('POST', '/api/session', { email: 'emp@example.com' });
  t.is(noPassword.status, 400);
  t.is(noPassword.body.error.field, 'password');
  const badEmail = await client.request('POST', '/api/session', { email: 'nope', password: 'x' });
  t.is(badEmail.body.error.field, 'email');
  const form = await client.request('POST', '/api/session', 'email=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' });
  t.is(form.status, 415);
  const broken = await client.request('POST', '/api/session', '{"email":', { 'content-type': 'application/json' });
  t.is(broken.status, 400);
  t.is(broken.body.error.code, 'invalid_json');
});

test('state-changing calls need the CSRF token of the session', async (t) => {
  const client = new HttpClient(app.url);
  await client.login('hr@example.com', password);
  const token = client.csrfToken!;
  client.csrfToken = undefined;
  const missing = await client.request('POST', '/api/users', { email: 'n1@example.com', name: 'N1' });
  t.is(missing.status, 403);
  t.is(missing.body.error.code, 'csrf');
  const wrong = await client.request('POST', '/api/users', { email: 'n1@example.com', name: 'N1' }, { 'x-csrf-token': 'forged' });
  t.is(wrong.status, 403);
  client.csrfToken = token;
  const ok = await client.request('POST', '/api/users', { email: 'n1@example.com', name: 'N1', department: 'Finance', hireDate: '2026-02-01' });
  t.is(ok.status, 201);
  t.is(ok.body.department, 'Finance');
  // Another session's token does not work here.
  const other = new HttpClient(app.url);
  await other.login('admin@example.com', password);
  const crossed = await client.request('POST', '/api/users', { email: 'n2@example.com', name: 'N2' }, { 'x-csrf-token': other.csrfToken! });
  t.is(crossed.status, 403);
  t.is((await client.request('GET', '/api/users?q=n2@')).body.total, 0, 'nothing was written by the refused call');
});

test('role checks: employees cannot manage people; HR can; only admins grant admin', async (t) => {
  const anon = new HttpClient(app.url);
  t.is((await anon.request('GET', '/api/users')).status, 401);
  const emp = new HttpClient(app.url);
  await emp.login('emp@example.com', password);
  t.is((await emp.request('GET', '/api/users')).status, 403);
  t.is((await emp.request('POST', '/api/users', { email: 'x@example.com', name: 'X' })).status, 403);
  t.is((await emp.request('GET', `/api/users/${ids.other}`)).status, 404, 'another employee is invisible');
  t.is((await emp.request('GET', `/api/users/${ids.employee}`)).status, 200, 'but oneself is visible');

  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', password);
  const list = await hr.request('GET', '/api/users?limit=2');
  t.is(list.status, 200);
  t.is(list.body.items.length, 2);
  t.true(list.body.total >= 5);
  const grant = await hr.request('PATCH', `/api/users/${ids.other}`, { roles: ['admin'] });
  t.is(grant.status, 403);
  const badField = await hr.request('PATCH', `/api/users/${ids.other}`, { hireDate: '31/01/2026' });
  t.is(badField.status, 400);
  t.is(badField.body.error.field, 'hireDate');
  const unknownField = await hr.request('PATCH', `/api/users/${ids.other}`, { salary: 1 });
  t.is(unknownField.status, 400);

  const mgr = new HttpClient(app.url);
  await mgr.login('mgr@example.com', password);
  const team = await mgr.request('GET', '/api/users');
  t.deepEqual(team.body.items.map((u: { id: string }) => u.id), [ids.employee], 'a manager lists their reports');
  t.is((await mgr.request('GET', `/api/users/${ids.employee}`)).status, 200);
  t.is((await mgr.request('GET', `/api/users/${ids.other}`)).status, 404);
});

test('logout ends the session; the old cookie no longer works', async (t) => {
  const client = new HttpClient(app.url);
  await client.login('other@example.com', password);
  const cookieBefore = (client as unknown as { cookies: Map<string, string> }).cookies.get('lms.sid')!;
  t.is((await client.request('DELETE', '/api/session')).status, 204);
  t.is((await client.request('GET', '/api/session')).status, 401);
  const replay = new HttpClient(app.url);
  (replay as unknown as { cookies: Map<string, string> }).cookies.set('lms.sid', cookieBefore);
  t.is((await replay.request('GET', '/api/session')).status, 401);
});

test('deactivating a person ends their sessions at once', async (t) => {
  const { id } = await app.createUser({ email: 'leaver@example.com', password, name: 'Lee Leaver', roles: ['employee'] });
  const leaver = new HttpClient(app.url);
  await leaver.login('leaver@example.com', password);
  t.is((await leaver.request('GET', '/api/session')).status, 200);
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', password);
  t.is((await hr.request('PATCH', `/api/users/${id}`, { active: false })).status, 200);
  t.is((await leaver.request('GET', '/api/session')).status, 401);
  t.is((await leaver.login('leaver@example.com', password)).status, 401);
});

test('repeated wrong passwords are throttled with 429', async (t) => {
  await app.createUser({ email: 'target@example.com', password, name: 'T', roles: ['employee'] });
  const client = new HttpClient(app.url);
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push((await client.login('target@example.com', `wrong ${i} password`)).status);
  t.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
  t.is(statuses[10], 429);
  t.is((await client.login('target@example.com', password)).status, 429, 'even the right password waits out the window');
});

test('passwords: self-service needs the current one; admins reset others', async (t) => {
  const { id } = await app.createUser({ email: 'pw@example.com', password, name: 'P W', roles: ['employee'] });
  const self = new HttpClient(app.url);
  await self.login('pw@example.com', password);
  const wrong = await self.request('POST', `/api/users/${id}/password`, { currentPassword: 'nope', newPassword: 'new passphrase 123' });
  t.is(wrong.status, 400);
  t.is(wrong.body.error.field, 'currentPassword');
  const short = await self.request('POST', `/api/users/${id}/password`, { currentPassword: password, newPassword: 'short' });
  t.is(short.body.error.field, 'newPassword');
  t.is((await self.request('POST', `/api/users/${id}/password`, { currentPassword: password, newPassword: 'new passphrase 123' })).status, 204);
  t.is((await new HttpClient(app.url).login('pw@example.com', 'new passphrase 123')).status, 200);
  t.is((await self.request('POST', `/api/users/${ids.other}/password`, { newPassword: 'hijack passphrase' })).status, 403);
});

test('GET /health reports store, queue and version', async (t) => {
  const res = await new HttpClient(app.url).request('GET', '/health');
  t.is(res.status, 200);
  t.is(res.body.status, 'ok');
  t.regex(res.body.version, /^\d+\.\d+\.\d+/);
  t.deepEqual(res.body.store, { kind: process.env.MONGODB_URI ? 'mongodb' : 'embedded', ok: true });
  t.deepEqual(res.body.queue, { kind: 'in-process', ok: true });
});

test('unknown API routes are JSON 404s', async (t) => {
  const res = await new HttpClient(app.url).request('GET', '/api/nope');
  t.is(res.status, 404);
  t.is(res.body.error.code, 'not_found');
});
