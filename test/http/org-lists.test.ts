/** Managed org lists over HTTP: a rename carries through people and rules, a rule naming an unknown value is refused, a used value cannot be deleted. */
import test from 'ava';
import { Types } from 'mongoose';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { seedOrganisation } from '../fixtures/seed-organisation.js';

const PASSWORD = 'correct horse battery';

test('renaming a department moves its people and the rules naming it, and keeps their assignments', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const org = await seedOrganisation({ db: app.runtime.store.db, people: 60, departments: 3, seed: 4 });
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'HR', roles: ['hr'] });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  const dept = org.departments[0]!;
  const members = org.people.filter((p) => p.department === dept).map((p) => p.id).sort();

  const refused = await hr.request('POST', '/api/assignment-rules', { name: 'Ghost dept', target: { type: 'activity', id: 'https://lms.test/a', title: 'A' }, criteria: { departments: [dept, 'Atlantis'] } });
  t.is(refused.status, 400);
  t.is(refused.body.error.field, 'criteria.departments.1');
  const badRole = await hr.request('POST', '/api/assignment-rules', { name: 'Ghost role', target: { type: 'activity', id: 'https://lms.test/a', title: 'A' }, criteria: { jobRoles: [{ jobRole: 'Astronaut' }] } });
  t.is(badRole.body.error.field, 'criteria.jobRoles.0.jobRole');

  const rule = await hr.request('POST', '/api/assignment-rules', { name: 'Dept safety', target: { type: 'activity', id: 'https://lms.test/safety', title: 'Safety' }, criteria: { departments: [dept] } });
  t.is(rule.status, 201);
  await app.runtime.services.compliance.evaluate();
  const before = await app.runtime.services.compliance.cols.assignments.find({ ruleId: rule.body.id, active: true }).toArray();
  t.deepEqual(before.map((a) => a.personId).sort(), members);

  // A catalogue course open to that department only (a package record is enough here).
  const pkg = new Types.ObjectId();
  await app.runtime.store.db.collection('content_packages').insertOne({ _id: pkg, title: 'Dept course', kind: 'scorm12', identity: 'dept-course', currentVersion: 1, latestVersion: 1, archivedAt: null, createdBy: 'test' });
  t.is((await hr.request('PUT', `/api/packages/${pkg.toHexString()}/self-enrolment/audience`, { audience: { departments: [dept] } })).status, 200);

  t.is((await hr.request('POST', '/api/org/departments/rename', { from: dept, to: org.departments[1]! })).status, 409, 'no rename onto a value that exists');
  const renamed = await hr.request('POST', '/api/org/departments/rename', { from: dept, to: 'Customer Care' });
  t.is(renamed.status, 200);
  t.deepEqual(renamed.body, { people: members.length, rules: 1 });

  const lists = (await hr.request('GET', '/api/org')).body;
  t.falsy(lists.departments.find((d: { name: string }) => d.name === dept));
  t.is(lists.departments.find((d: { name: string }) => d.name === 'Customer Care').people, members.length);
  const moved = await app.runtime.services.people.getMany(members);
  t.deepEqual([...new Set(moved.map((p) => p.department))], ['Customer Care']);
  t.deepEqual((await hr.request('GET', `/api/assignment-rules/${rule.body.id}`)).body.criteria.departments, ['Customer Care']);
  t.deepEqual((await hr.request('GET', `/api/packages/${pkg.toHexString()}/self-enrolment`)).body.audience, { departments: ['Customer Care'] });

  // The re-evaluation after the rename keeps the same people assigned (nobody ended, nobody new).
  await app.runtime.services.compliance.evaluate();
  const after = await app.runtime.services.compliance.cols.assignments.find({ ruleId: rule.body.id, active: true }).toArray();
  t.deepEqual(after.map((a) => a.personId).sort(), members);
  t.is((await hr.request('POST', '/api/org/departments/rename', { from: 'Nowhere', to: 'X' })).status, 404);
});

test('HR adds values; a value in use cannot be deleted (409 names what uses it); an unused one can', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const org = await seedOrganisation({ db: app.runtime.store.db, people: 20, departments: 2, seed: 6 });
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'HR', roles: ['hr'] });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);

  const added = await hr.request('POST', '/api/org/locations', { name: 'Lisbon' });
  t.is(added.status, 201);
  t.like(added.body, { name: 'Lisbon', managed: true, people: 0 });
  t.is((await hr.request('POST', '/api/org/locations', { name: 'Lisbon' })).status, 409);
  t.is((await hr.request('POST', '/api/org/locations', { name: ' ' })).body.error.field, 'name');
  const role = await hr.request('POST', '/api/org/jobRoles', { name: 'Pilot', levels: ['Junior', 'Senior'] });
  t.deepEqual(role.body.levels, ['Junior', 'Senior']);

  // A rule may name a value on the list nobody carries yet.
  const rule = await hr.request('POST', '/api/assignment-rules', { name: 'Lisbon onboarding', target: { type: 'activity', id: 'https://lms.test/lx', title: 'Lisbon' }, criteria: { locations: ['Lisbon'] } });
  t.is(rule.status, 201);
  const used = await hr.request('DELETE', '/api/org/locations/Lisbon');
  t.is(used.status, 409);
  t.regex(used.body.error.message, /Lisbon onboarding/);
  const dept = org.departments[0]!;
  const byPeople = await hr.request('DELETE', `/api/org/departments/${encodeURIComponent(dept)}`);
  t.is(byPeople.status, 409);
  t.regex(byPeople.body.error.message, /\d+ people/);

  t.is((await hr.request('DELETE', `/api/assignment-rules/${rule.body.id}`)).status, 204);
  t.is((await hr.request('DELETE', '/api/org/locations/Lisbon')).status, 204);
  t.falsy((await hr.request('GET', '/api/org')).body.locations.find((l: { name: string }) => l.name === 'Lisbon'));
  t.is((await hr.request('DELETE', '/api/org/locations/Lisbon')).status, 404);
});

test('only HR and admins manage the lists', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'e@example.com', password: PASSWORD, name: 'E', roles: ['employee'] });
  const e = new HttpClient(app.url);
  await e.login('e@example.com', PASSWORD);
  t.is((await e.request('POST', '/api/org/departments', { name: 'X' })).status, 403);
  t.is((await e.request('POST', '/api/org/departments/rename', { from: 'X', to: 'Y' })).status, 403);
  t.is((await e.request('DELETE', '/api/org/departments/X')).status, 403);
});

test('a department, location or job role HR sets on a person that is not on the lists joins them (managed); a value on the list stays as it is', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'HR', roles: ['hr'] });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  t.is((await hr.request('POST', '/api/org/departments', { name: 'Sales' })).status, 201);

  const created = await hr.request('POST', '/api/users', { name: 'Nora New', email: 'nora@example.com', roles: ['employee'], department: 'Sales', location: 'Lisbon', jobRole: 'Pilot' });
  t.is(created.status, 201);
  const lists = async () => (await hr.request('GET', '/api/org')).body as Record<string, Array<{ name: string; managed: boolean; people: number }>>;
  let org = await lists();
  t.deepEqual(org.departments!.map((d) => [d.name, d.managed, d.people]), [['Sales', true, 1]], 'Sales once, as it was');
  t.like(org.locations!.find((l) => l.name === 'Lisbon'), { managed: true, people: 1 });
  t.like(org.jobRoles!.find((r) => r.name === 'Pilot'), { managed: true, people: 1 });

  // An edit to a new location adds it; the old one stays on the list, now unused, so it can be deleted.
  t.is((await hr.request('PATCH', `/api/users/${created.body.id}`, { location: 'Porto' })).status, 200);
  org = await lists();
  t.like(org.locations!.find((l) => l.name === 'Porto'), { managed: true, people: 1 });
  t.like(org.locations!.find((l) => l.name === 'Lisbon'), { managed: true, people: 0 });
  t.is((await hr.request('DELETE', '/api/org/locations/Lisbon')).status, 204);
  // A refused edit adds nothing.
  t.is((await hr.request('PATCH', `/api/users/${created.body.id}`, { location: 'Faro', email: 'not an email' })).status, 400);
  t.falsy((await lists()).locations!.find((l) => l.name === 'Faro'));
});
