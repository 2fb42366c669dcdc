/**
 * SCIM provisioning as Okta and Entra do it, replayed over real HTTP from their public
 * documentation (Okta's SCIM 2.0 reference and test suite; Microsoft's "Develop a SCIM
 * endpoint" tutorial and SCIM validator): look up by userName, create, read, update by PUT
 * or by PATCH, deactivate, reactivate; and what follows in the LMS (rules, sign-in).
 */
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { ENTERPRISE, GROUP, PATCH_OP, USER, filterQuery, scimClient } from '../helpers/scim-client.js';

let app: TestApp;
let scim: ReturnType<typeof scimClient>;
const password = 'a long enough passphrase';

test.before(async () => {
  app = await startTestApp();
  await app.createUser({ email: 'hr@example.com', password, name: 'Hal', roles: ['hr'] });
  const { token } = await (await import('../../server/scim/index.js')).openScim(app.runtime).then((s) => s.tokens.create('okta', 'test'));
  scim = scimClient(app.url, token);
});
test.after.always(() => app?.close());

async function signIn(email: string) {
  const c = new HttpClient(app.url);
  const res = await c.login(email, password);
  return { client: c, status: res.status };
}

test.serial('Okta: GET by filter, POST, GET by id, PUT the whole user, PATCH active false, then back to true', async (t) => {
  const lookup = await scim('GET', `/Users?${filterQuery('userName eq "test.user@okta.local"')}&startIndex=1&count=100`);
  t.is(lookup.status, 200);
  t.regex(lookup.headers.get('content-type')!, /^application\/scim\+json/);
  t.deepEqual(lookup.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
  t.is(lookup.body.totalResults, 0);

  const created = await scim('POST', '/Users', {
    schemas: [USER],
    userName: 'test.user@okta.local',
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7',
    groups: [],
    password: '1mz050nq',
    active: true,
  });
  t.is(created.status, 201);
  const id = created.body.id;
  t.is(created.headers.get('location'), `${app.url}/scim/v2/Users/${id}`);
  t.is(created.headers.get('etag'), created.body.meta.version);
  t.is(created.body.userName, 'test.user@okta.local');
  t.is(created.body.externalId, '00ujl29u0le5T6Aj10h7');
  t.deepEqual(created.body.name, { givenName: 'Test', familyName: 'User' });
  t.true(created.body.active);
  t.false('password' in created.body, 'a password is never returned');
  // The person exists in the LMS, made by the people service.
  const person = await app.runtime.services.people.get(id);
  t.is(person?.email, 'test.user@okta.local');
  t.is(person?.name, 'Test User');

  const found = await scim('GET', `/Users?${filterQuery('userName eq "TEST.USER@okta.local"')}&startIndex=1&count=100`);
  t.is(found.body.totalResults, 1, 'userName matches without regard to case (caseExact false)');
  t.is(found.body.Resources[0].id, id);

  const read = await scim('GET', `/Users/${id}`);
  t.is(read.status, 200);
  t.deepEqual(read.body, created.body);

  const put = await scim('PUT', `/Users/${id}`, {
    schemas: [USER, ENTERPRISE],
    id,
    userName: 'test.user@okta.local',
    name: { givenName: 'Another', familyName: 'User' },
    displayName: 'Another User',
    title: 'Account Executive',
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
    active: true,
    [ENTERPRISE]: { employeeNumber: 'OK-1', department: 'Sales' },
  });
  t.is(put.status, 200);
  t.is(put.body.displayName, 'Another User');
  t.is(put.body[ENTERPRISE].department, 'Sales');
  t.not(put.body.meta.version, created.body.meta.version);
  const updated = await app.runtime.services.people.get(id);
  t.like(updated, { name: 'Another User', jobRole: 'Account Executive', department: 'Sales', employeeId: 'OK-1' });

  const off = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] });
  t.is(off.status, 200);
  t.false(off.body.active);
  t.false((await app.runtime.services.people.get(id))!.active);

  const on = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] });
  t.true(on.body.active);
  t.true((await app.runtime.services.people.get(id))!.active);
});

test.serial('Entra: GET by filter, POST with a non-email userName, PATCH Replace ops, active "False", manager, then reactivate', async (t) => {
  const userName = 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1';
  t.is((await scim('GET', `/Users?${filterQuery(`userName eq "${userName}"`)}`)).body.totalResults, 0);
  const created = await scim('POST', '/Users', {
    schemas: [USER, ENTERPRISE],
    externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: 'Test_User_fd0ea19b@testuser.com' }],
    meta: { resourceType: 'User' },
    name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    roles: [],
  });
  t.is(created.status, 201);
  const id = created.body.id;
  t.is(created.body.emails[0].value, 'test_user_fd0ea19b@testuser.com');
  t.is((await scim('GET', `/Users?${filterQuery('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"')}`)).body.Resources[0].id, id);

  const boss = await scim('POST', '/Users', { schemas: [USER], userName: 'boss@testuser.com', displayName: 'The Boss', active: true });
  t.is(boss.status, 201);

  const patched = await scim('PATCH', `/Users/${id}`, {
    schemas: [PATCH_OP],
    Operations: [
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@testuser.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Finance' },
      { op: 'Add', path: `${ENTERPRISE}:employeeNumber`, value: 'E-77' },
      { op: 'Add', path: `${ENTERPRISE}:manager`, value: boss.body.id },
      { op: 'Replace', value: { displayName: 'Given Updated', title: 'Analyst' } },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'Lisbon' },
    ],
  });
  t.is(patched.status, 200, JSON.stringify(patched.body));
  t.is(patched.body.name.familyName, 'updatedFamilyName');
  t.is(patched.body[ENTERPRISE].manager.value, boss.body.id);
  const person = await app.runtime.services.people.get(id);
  t.like(person, { email: 'updatedemail@testuser.com', name: 'Given Updated', department: 'Finance', location: 'Lisbon', employeeId: 'E-77', jobRole: 'Analyst', managerId: boss.body.id });
  // The manager view follows from the link, as anywhere in the LMS.
  t.true((await app.runtime.services.people.get(boss.body.id))!.roles.includes('manager'));

  const off = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
  t.is(off.status, 200);
  t.false(off.body.active);
  t.false((await app.runtime.services.people.get(id))!.active);

  const removeManager = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: `${ENTERPRISE}:manager` }] });
  t.is(removeManager.status, 200);
  t.is((await app.runtime.services.people.get(id))!.managerId, undefined);

  const on = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'True' }] });
  t.true(on.body.active);
  t.true((await app.runtime.services.people.get(id))!.active);
});

test.serial('Entra and Okta groups: create, find by displayName without members, add and remove members', async (t) => {
  const a = await scim('POST', '/Users', { schemas: [USER], userName: 'ga@example.com', displayName: 'Group A', active: true });
  const b = await scim('POST', '/Users', { schemas: [USER], userName: 'gb@example.com', displayName: 'Group B', active: true });
  const created = await scim('POST', '/Groups', { schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'], externalId: 'g-ext-1', displayName: 'Sales EMEA', meta: { resourceType: 'Group' } });
  t.is(created.status, 201);
  const gid = created.body.id;
  const byName = await scim('GET', `/Groups?excludedAttributes=members&${filterQuery('displayName eq "Sales EMEA"')}`);
  t.is(byName.body.totalResults, 1);
  t.false('members' in byName.body.Resources[0]);

  // Entra: Add with a value list; Okta: add, then remove by a value filter.
  const added = await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: a.body.id }, { value: b.body.id }] }] });
  t.is(added.status, 200, JSON.stringify(added.body));
  t.deepEqual(added.body.members.map((m: { value: string }) => m.value).sort(), [a.body.id, b.body.id].sort());
  t.is((await scim('GET', `/Users/${a.body.id}`)).body.groups[0].display, 'Sales EMEA', 'a user shows the groups it is in');
  const removed = await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${a.body.id}"]` }] });
  t.deepEqual(removed.body.members.map((m: { value: string }) => m.value), [b.body.id]);
  const entraRemove = await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'Remove', path: 'members', value: [{ value: b.body.id }] }] });
  t.deepEqual(entraRemove.body.members, []);
  const renamed = await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id: gid, displayName: 'Sales Europe' } }] });
  t.is(renamed.body.displayName, 'Sales Europe');

  const unknownMember = await scim('PATCH', `/Groups/${gid}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: '0123456789abcdef01234567' }] }] });
  t.is(unknownMember.status, 400);
  t.is(unknownMember.body.scimType, 'invalidValue');

  t.is((await scim('DELETE', `/Groups/${gid}`)).status, 204);
  t.is((await scim('GET', `/Groups/${gid}`)).status, 404);
});

test.serial('a person created over SCIM is assigned by an existing rule; a department change re-evaluates them', async (t) => {
  const hr = (await signIn('hr@example.com')).client;
  // A rule names departments from the organisation's managed lists (nobody is in it yet).
  t.is((await hr.request('POST', '/api/org/departments', { name: 'Field Sales' })).status, 201);
  const rule = await hr.request('POST', '/api/assignment-rules', { name: 'Sales onboarding', target: { type: 'activity', id: 'https://example.com/sales-onboarding', title: 'Sales onboarding' }, criteria: { departments: ['Field Sales'] } });
  t.is(rule.status, 201);
  const created = await scim('POST', '/Users', { schemas: [USER, ENTERPRISE], userName: 'rep@example.com', displayName: 'Rita Rep', active: true, [ENTERPRISE]: { department: 'Field Sales' } });
  t.is(created.status, 201);
  const statuses = app.runtime.services.compliance.statuses;
  t.is(await statuses.countDocuments({ personId: created.body.id }), 1, 'assigned at creation, as by the CSV import');
  await scim('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Marketing' }] });
  t.is(await statuses.countDocuments({ personId: created.body.id }), 0, 'out of the rule after the department change');
  await scim('PATCH', `/Users/${created.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Field Sales' }] });
  t.is(await statuses.countDocuments({ personId: created.body.id }), 1);
});

test.serial('a person deactivated over SCIM is signed out and cannot sign in; reactivated, they can; DELETE keeps the record', async (t) => {
  const created = await scim('POST', '/Users', { schemas: [USER], userName: 'leaver@example.com', displayName: 'Lee Leaver', active: true });
  const id = created.body.id;
  await app.runtime.services.people.setPassword(id, password);
  const session = await signIn('leaver@example.com');
  t.is(session.status, 200);
  t.is((await session.client.request('GET', '/api/session')).status, 200);

  await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
  t.is((await session.client.request('GET', '/api/session')).status, 401, 'the open session ended');
  t.is((await signIn('leaver@example.com')).status, 401);

  await scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: true }] });
  t.is((await signIn('leaver@example.com')).status, 200);

  t.is((await scim('DELETE', `/Users/${id}`)).status, 204);
  t.is((await scim('GET', `/Users/${id}`)).status, 404, 'gone for SCIM');
  t.is((await scim('GET', `/Users?${filterQuery('userName eq "leaver@example.com"')}`)).body.totalResults, 0);
  const kept = await app.runtime.services.people.get(id);
  t.false(kept!.active, 'the person stays, deactivated, with their record');
  t.is((await signIn('leaver@example.com')).status, 401);
});

test.serial('someone already in the LMS (from the CSV import) is found by userName = email and linked on the first PATCH', async (t) => {
  const existing = await app.createUser({ email: 'csv.person@example.com', password, name: 'Cee Ess', roles: ['employee'] });
  const found = await scim('GET', `/Users?${filterQuery('userName eq "csv.person@example.com"')}`);
  t.is(found.body.totalResults, 1);
  t.is(found.body.Resources[0].id, existing.id);
  const linked = await scim('PATCH', `/Users/${existing.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'externalId', value: 'okta-123' }] });
  t.is(linked.status, 200);
  t.is((await scim('GET', `/Users?${filterQuery('externalId eq "okta-123"')}`)).body.Resources[0].id, existing.id);
});

test.serial('a manager is resolved as the CSV import resolves it: by id, else employee number, else email', async (t) => {
  const boss = await app.createUser({ email: 'the.boss@example.com', password, name: 'Bea Boss', roles: ['employee'] });
  await app.runtime.services.people.update(boss.id, { employeeId: 'B-1' }, { id: 'test', roles: ['admin'] });
  const byNumber = await scim('POST', '/Users', { schemas: [USER, ENTERPRISE], userName: 'report1@example.com', [ENTERPRISE]: { manager: { value: 'B-1' } } });
  t.is(byNumber.status, 201);
  t.is(byNumber.body[ENTERPRISE].manager.value, boss.id);
  const byEmail = await scim('PATCH', `/Users/${byNumber.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `${ENTERPRISE}:manager` }, { op: 'add', path: `${ENTERPRISE}:manager`, value: { value: 'The.Boss@example.com' } }] });
  t.is(byEmail.status, 200);
  t.is((await app.runtime.services.people.get(byNumber.body.id))!.managerId, boss.id);
  const unknown = await scim('PATCH', `/Users/${byNumber.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: `${ENTERPRISE}:manager`, value: 'nobody-here' }] });
  t.is(unknown.status, 400);
  t.is(unknown.body.scimType, 'invalidValue');
  t.regex(unknown.body.detail, /^manager: /);
  t.is((await app.runtime.services.people.get(byNumber.body.id))!.managerId, boss.id, 'unchanged after the refusal');
});
