/**
 * People and access over HTTP: the directory's search, filters and paging; a person's page;
 * create and edit with field-naming errors; deactivation ending browser sessions and launch
 * tokens; bulk set-manager refusing a cycle; the manager view following the org; accounts
 * that are not people left out of "everyone".
 */
import test from 'ava';
import { TINCAN_AUTHORITY } from '../../server/launch/tincan/tincan-authority.js';
import { learnerAgent } from '../../server/learning-record/identity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';

let app: TestApp;
const password = 'a long enough passphrase';
/** Filled by the `before` hook. */
const ids = {} as Record<'ann' | 'bob' | 'boss' | 'cy' | 'hr' | 'sysadmin', string>;

test.before(async () => {
  app = await startTestApp();
  const people = app.runtime.services.people;
  ids.hr = (await app.createUser({ email: 'hr@example.com', password, name: 'Hana HR', roles: ['hr'] })).id;
  // The admin account made at install (ADMIN_EMAIL / admin:create) is not an employee.
  ids.sysadmin = (await people.upsertAdmin({ email: 'root@example.com', password, name: 'System Admin' })).user.id;
  ids.boss = (await app.createUser({ email: 'boss@example.com', password, name: 'Bea Boss', roles: ['employee'], department: 'Sales' })).id;
  ids.ann = (await people.create({ email: 'ann@example.com', password, name: 'Ann Archer', roles: ['employee'], department: 'Sales', location: 'Berlin', employeeId: 'E-100', managerId: ids.boss })).id;
  ids.bob = (await people.create({ email: 'bob@example.com', password, name: 'Bob Baker', roles: ['employee'], department: 'Sales', location: 'London', employeeId: 'E-101', managerId: ids.boss })).id;
  ids.cy = (await people.create({ email: 'cy@example.com', name: 'Cy Cooper', roles: ['employee'], department: 'Finance', location: 'Berlin', employeeId: 'E-102' })).id;
  for (let i = 0; i < 12; i++) await people.create({ email: `p${i}@example.com`, name: `Zed Person ${String(i).padStart(2, '0')}`, roles: ['employee'], department: 'Ops' });
});
test.after.always(() => app?.close());

async function signIn(email: string): Promise<HttpClient> {
  const c = new HttpClient(app.url);
  const res = await c.login(email, password);
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  return c;
}

test.serial('directory: search by name, email and employee id; filters; paged and sorted by name with a total', async (t) => {
  const hr = await signIn('hr@example.com');
  const names = (res: { body: { items: Array<{ name: string }> } }) => res.body.items.map((p) => p.name);
  t.deepEqual(names(await hr.request('GET', '/api/users?q=archer')), ['Ann Archer']);
  t.deepEqual(names(await hr.request('GET', '/api/users?q=bob%40example')), ['Bob Baker']);
  t.deepEqual(names(await hr.request('GET', '/api/users?q=E-102')), ['Cy Cooper']);
  t.deepEqual(names(await hr.request('GET', '/api/users?department=Sales&location=Berlin')), ['Ann Archer']);
  t.deepEqual(names(await hr.request('GET', `/api/users?managerId=${ids.boss}`)), ['Ann Archer', 'Bob Baker']);
  // Cy has never signed in; Ann signs in now.
  await signIn('ann@example.com');
  const signedIn = await hr.request('GET', '/api/users?department=Sales&status=never-signed-in');
  t.deepEqual(names(signedIn), ['Bea Boss', 'Bob Baker']);
  const ann = (await hr.request('GET', '/api/users?q=archer')).body.items[0];
  t.is(ann.signInState, 'signed-in');
  t.truthy(ann.lastSignInAt);

  const page1 = await hr.request('GET', '/api/users?department=Ops&limit=5&offset=0');
  const page3 = await hr.request('GET', '/api/users?department=Ops&limit=5&offset=10');
  t.is(page1.body.total, 12);
  t.deepEqual(names(page1), ['Zed Person 00', 'Zed Person 01', 'Zed Person 02', 'Zed Person 03', 'Zed Person 04']);
  t.deepEqual(names(page3), ['Zed Person 10', 'Zed Person 11']);

  const bad = await hr.request('GET', '/api/users?status=sleeping');
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'status');
  const badLimit = await hr.request('GET', '/api/users?limit=0');
  t.is(badLimit.body.error.field, 'limit');
});

test.serial('create and edit a person: 400 naming the field, 409 naming email, then the person page', async (t) => {
  const hr = await signIn('hr@example.com');
  const noName = await hr.request('POST', '/api/users', { email: 'new@example.com', name: '' });
  t.is(noName.status, 400);
  t.is(noName.body.error.field, 'name');
  const taken = await hr.request('POST', '/api/users', { email: 'ANN@example.com', name: 'Another Ann' });
  t.is(taken.status, 409);
  t.is(taken.body.error.field, 'email');
  const created = await hr.request('POST', '/api/users', { email: 'dee@example.com', name: 'Dee Dalton', department: 'Finance', managerId: ids.cy });
  t.is(created.status, 201);
  t.true(created.body.isPerson, 'HR-created accounts are people');
  const edited = await hr.request('PATCH', `/api/users/${created.body.id}`, { location: 'Madrid' });
  t.is(edited.body.location, 'Madrid');
  // An edit that leaves roles out keeps them.
  await hr.request('PATCH', `/api/users/${created.body.id}`, { roles: ['employee', 'author'] });
  const kept = await hr.request('PATCH', `/api/users/${created.body.id}`, { jobRole: 'Analyst' });
  t.deepEqual(kept.body.assignedRoles, ['employee', 'author']);
  const badEdit = await hr.request('PATCH', `/api/users/${created.body.id}`, { email: 'not an email' });
  t.is(badEdit.body.error.field, 'email');

  const profile = await hr.request('GET', `/api/users/${created.body.id}/profile`);
  t.is(profile.status, 200);
  t.is(profile.body.person.location, 'Madrid');
  t.deepEqual(profile.body.managerChain.map((m: { name: string }) => m.name), ['Cy Cooper']);
  const cyProfile = await hr.request('GET', `/api/users/${ids.cy}/profile`);
  t.deepEqual(cyProfile.body.directReports.map((m: { name: string }) => m.name), ['Dee Dalton']);
  t.true(Array.isArray(cyProfile.body.assignments));
  // The person's own roles now include the manager view (derived: Dee reports to Cy).
  t.true(cyProfile.body.person.roles.includes('manager'));
  t.false(cyProfile.body.person.assignedRoles.includes('manager'));
});

test.serial('the manager view follows the org: direct reports give it, managerRole never takes it away', async (t) => {
  const boss = await signIn('boss@example.com');
  const me = await boss.request('GET', '/api/session');
  t.true(me.body.user.roles.includes('manager'));
  t.is((await boss.request('GET', '/api/compliance/team')).status, 200);

  const hr = await signIn('hr@example.com');
  t.is((await hr.request('PATCH', `/api/users/${ids.boss}`, { managerRole: 'never' })).status, 200);
  t.false((await boss.request('GET', '/api/session')).body.user.roles.includes('manager'));
  t.is((await boss.request('GET', '/api/compliance/team')).status, 403);
  await hr.request('PATCH', `/api/users/${ids.boss}`, { managerRole: 'auto' });
  // Someone without reports does not get it.
  t.false((await hr.request('GET', '/api/session')).body.user.roles.includes('manager'));
});

test.serial("an 'everyone' rule leaves out the admin account that is not a person, until it is marked as one", async (t) => {
  const hr = await signIn('hr@example.com');
  const preview = await hr.request('POST', '/api/assignment-rules/preview', { criteria: { everyone: true }, limit: 500 });
  t.is(preview.status, 200);
  const matched = preview.body.people.map((p: { id: string }) => p.id);
  t.false(matched.includes(ids.sysadmin));
  t.true(matched.includes(ids.hr));
  const admin = await hr.request('GET', `/api/users/${ids.sysadmin}`);
  t.false(admin.body.isPerson);
  // The directory lists accounts that are not people only when asked.
  t.false((await hr.request('GET', '/api/users?limit=500')).body.items.some((p: { id: string }) => p.id === ids.sysadmin));
  t.true((await hr.request('GET', '/api/users?limit=500&kind=accounts')).body.items.some((p: { id: string }) => p.id === ids.sysadmin));

  const root = await signIn('root@example.com');
  t.is((await root.request('PATCH', `/api/users/${ids.sysadmin}`, { isPerson: true })).status, 200);
  const again = await hr.request('POST', '/api/assignment-rules/preview', { criteria: { everyone: true }, limit: 500 });
  t.true(again.body.people.some((p: { id: string }) => p.id === ids.sysadmin));
  await root.request('PATCH', `/api/users/${ids.sysadmin}`, { isPerson: false });
});

test.serial('deactivation ends browser sessions and launch tokens at once, keeps the record; reactivation restores', async (t) => {
  const bob = await signIn('bob@example.com');
  t.is((await bob.request('GET', '/api/session')).status, 200);
  const actor = learnerAgent({ id: ids.bob, name: 'Bob Baker' }, app.runtime.config.publicUrl);
  const registration = '6f1c2b2e-0d6f-4a51-9d55-2f3c7a9e0b11';
  const { token } = await app.runtime.lrs.sessions.open({
    profile: 'xapi', actor, registration, activityId: 'https://example.com/course', sessionId: 'e2a4b3c1-5d6e-4f70-8a9b-0c1d2e3f4a5b',
    authorityName: TINCAN_AUTHORITY, expiresAt: new Date(Date.now() + 3600_000), issueTokenNow: true,
  });
  const xapi = (auth: string) =>
    fetch(`${app.url}/xapi/statements?registration=${registration}`, { headers: { Authorization: `Basic ${auth}`, 'X-Experience-API-Version': '1.0.3' } });
  t.is((await xapi(token!)).status, 200);

  const hr = await signIn('hr@example.com');
  // An 'everyone' rule assigns Bob (and not the admin account that is not a person).
  const rule = await hr.request('POST', '/api/assignment-rules', { name: 'Code of conduct', target: { type: 'activity', id: 'https://example.com/conduct', title: 'Code of conduct' }, criteria: { everyone: true } });
  t.is(rule.status, 201);
  await app.runtime.services.compliance.evaluate();
  const statuses = app.runtime.services.compliance.statuses;
  t.is(await statuses.countDocuments({ personId: ids.bob }), 1);
  t.is(await statuses.countDocuments({ personId: ids.sysadmin }), 0);
  // Marking the account as a person assigns it at once; unmarking ends that.
  const root = await signIn('root@example.com');
  await root.request('PATCH', `/api/users/${ids.sysadmin}`, { isPerson: true });
  t.is(await statuses.countDocuments({ personId: ids.sysadmin }), 1);
  await root.request('PATCH', `/api/users/${ids.sysadmin}`, { isPerson: false });
  t.is(await statuses.countDocuments({ personId: ids.sysadmin }), 0);

  const res = await hr.request('POST', `/api/users/${ids.bob}/deactivate`);
  t.is(res.status, 200);
  t.false(res.body.active);
  t.is(res.body.signInState, 'deactivated');
  t.is((await bob.request('GET', '/api/session')).status, 401);
  t.true([401, 403].includes((await xapi(token!)).status));
  t.is(await app.runtime.store.db.collection('sessions').countDocuments({ userId: ids.bob }), 0);
  // The record stays; the directory finds it under "deactivated".
  const listed = await hr.request('GET', '/api/users?status=deactivated');
  t.deepEqual(listed.body.items.map((p: { name: string }) => p.name), ['Bob Baker']);
  t.is((await new HttpClient(app.url).login('bob@example.com', password)).status, 401);

  // Out of rules and dashboards while deactivated; the assignment history is kept.
  t.is(await statuses.countDocuments({ personId: ids.bob }), 0);
  t.is(await app.runtime.services.compliance.cols.assignments.countDocuments({ personId: ids.bob }), 1);
  const dashboard = await hr.request('GET', '/api/reports/compliance/people?limit=500');
  t.false(JSON.stringify(dashboard.body).includes(ids.bob));

  const back = await hr.request('POST', `/api/users/${ids.bob}/reactivate`);
  t.true(back.body.active);
  t.is(await statuses.countDocuments({ personId: ids.bob }), 1);
  t.is((await new HttpClient(app.url).login('bob@example.com', password)).status, 200);
});

test.serial('an import that deactivates someone ends their sessions and launch tokens too', async (t) => {
  const people = app.runtime.services.people;
  const leaver = await people.create({ email: 'lee@example.com', password, name: 'Lee Leaver', roles: ['employee'], employeeId: 'E-200' });
  const lee = await signIn('lee@example.com');
  const registration = '0b5d3c0e-6a41-4f0a-9a7e-3c1f2d4e5a6b';
  const { token } = await app.runtime.lrs.sessions.open({
    profile: 'xapi', actor: learnerAgent({ id: leaver.id }, app.runtime.config.publicUrl), registration, activityId: 'https://example.com/course', sessionId: '9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    authorityName: TINCAN_AUTHORITY, expiresAt: new Date(Date.now() + 3600_000), issueTokenNow: true,
  });
  const hr = await signIn('hr@example.com');
  const mapping = encodeURIComponent(JSON.stringify({ employeeId: 'Employee ID', email: 'Email', name: 'Name', status: 'Status' }));
  const res = await hr.request('POST', `/api/people/import?dryRun=false&mode=partial&mapping=${mapping}`, 'Employee ID,Email,Name,Status\nE-200,lee@example.com,Lee Leaver,Terminated', { 'content-type': 'text/csv' });
  t.is(res.status, 200);
  t.is(res.body.applied.deactivated, 1);
  t.is(await app.runtime.store.db.collection('sessions').countDocuments({ userId: leaver.id }), 0);
  const xapi = await fetch(`${app.url}/xapi/statements?registration=${registration}`, { headers: { Authorization: `Basic ${token}`, 'X-Experience-API-Version': '1.0.3' } });
  t.true([401, 403].includes(xapi.status));
  t.is((await lee.request('GET', '/api/session')).status, 401);
});

test.serial('bulk: set manager on a selection, refusing a reporting cycle and naming the person', async (t) => {
  const hr = await signIn('hr@example.com');
  const ok = await hr.request('POST', '/api/users/bulk', { action: 'set-manager', ids: [ids.ann, ids.cy], managerId: ids.bob });
  t.is(ok.status, 200);
  t.is(ok.body.updated, 2);
  t.is((await hr.request('GET', `/api/users/${ids.cy}`)).body.managerId, ids.bob);
  // Bob's manager is Bea: making Bea report to Ann would not cycle; Bob reporting to Cy would (Cy reports to Bob).
  const cycle = await hr.request('POST', '/api/users/bulk', { action: 'set-manager', ids: [ids.boss, ids.bob], managerId: ids.cy });
  t.is(cycle.status, 400);
  t.is(cycle.body.error.field, 'managerId');
  t.regex(cycle.body.error.message, /Bob Baker/);
  // Nothing changed: all or nothing.
  t.is((await hr.request('GET', `/api/users/${ids.boss}`)).body.managerId, undefined);
  const empty = await hr.request('POST', '/api/users/bulk', { action: 'set-manager', ids: [], managerId: ids.cy });
  t.is(empty.body.error.field, 'ids');

  const off = await hr.request('POST', '/api/users/bulk', { action: 'deactivate', ids: [ids.ann] });
  t.is(off.body.updated, 1);
  t.false((await hr.request('GET', `/api/users/${ids.ann}`)).body.active);
  await hr.request('POST', '/api/users/bulk', { action: 'reactivate', ids: [ids.ann] });
  t.true((await hr.request('GET', `/api/users/${ids.ann}`)).body.active);
});

test.serial('HR cannot deactivate themselves; employees cannot use the directory', async (t) => {
  const hr = await signIn('hr@example.com');
  const self = await hr.request('POST', `/api/users/${ids.hr}/deactivate`);
  t.is(self.status, 400);
  const ann = await signIn('cy@example.com').catch(() => null);
  t.is(ann, null, 'Cy has no password');
  const dee = await signIn('ann@example.com');
  t.is((await dee.request('GET', '/api/users?department=Sales')).status, 403);
});
