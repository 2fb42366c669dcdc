/** The rules, compliance and notifications APIs over HTTP, with their role checks. */
import test from 'ava';
import { startTestApp } from '../../test/helpers/app.js';
import { HttpClient } from '../../test/helpers/http-client.js';
import { seedOrganisation } from '../../test/fixtures/seed-organisation.js';

const PASSWORD = 'correct horse battery';

test('HR creates and previews rules; a manager sees their team; the calendar lists due dates; roles are enforced', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const org = await seedOrganisation({ db: app.runtime.store.db, people: 300, departments: 3, seed: 5 });
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'HR', roles: ['hr'] });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  const dept = org.departments[1]!;
  const head = org.heads.get(dept)!;
  await app.runtime.services.people.setPassword(head.id, PASSWORD);
  const manager = new HttpClient(app.url);
  t.is((await manager.login(head.email, PASSWORD)).status, 200);

  const preview = await hr.request('POST', '/api/assignment-rules/preview', { criteria: { departments: [dept] }, limit: 3 });
  t.is(preview.status, 200);
  t.is(preview.body.total, org.people.filter((p) => p.department === dept).length);
  t.is(preview.body.people.length, 3);

  const bad = await hr.request('POST', '/api/assignment-rules', { name: 'x', target: { type: 'course', id: 'a', title: 'A' }, criteria: { everyone: true } });
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'target.type');
  const empty = await hr.request('POST', '/api/assignment-rules', { name: 'x', target: { type: 'activity', id: 'a', title: 'A' }, criteria: {} });
  t.is(empty.body.error.field, 'criteria');
  // A rule for something that does not exist would assign a ghost to everyone it selects.
  const ghost = await hr.request('POST', '/api/assignment-rules', { name: 'Ghost', target: { type: 'policy', id: 'conduct', title: 'Ghost' }, criteria: { departments: [dept] } });
  t.is(ghost.status, 400);
  t.is(ghost.body.error.field, 'target.id');
  const conduct = (await app.runtime.services.learning.policies.create({ title: 'Code of conduct', text: 'Be kind.' }, 'test')).id;
  const created = await hr.request('POST', '/api/assignment-rules', {
    name: 'Code of conduct',
    target: { type: 'policy', id: conduct, title: 'Code of conduct' },
    criteria: { departments: [dept] },
    due: { kind: 'absolute', date: '2027-09-30' },
  });
  t.is(created.status, 201);
  t.is((await manager.request('POST', '/api/assignment-rules', created.body)).status, 403, 'managers do not make rules');
  t.is((await hr.request('GET', '/api/assignment-rules')).body.items.length, 1);
  await app.runtime.services.compliance.evaluate();

  const team = await manager.request('GET', '/api/compliance/team');
  t.is(team.status, 200);
  const below = org.people.filter((p) => p.department === dept && p.id !== head.id);
  t.is(team.body.people, below.length);
  t.is(team.body.total, below.length);
  t.is(team.body.counts.not_started, below.length);
  t.true(team.body.items.every((i: { title: string }) => i.title === 'Code of conduct'));
  // A manager cannot read someone outside their team.
  const outsider = org.people.find((p) => p.department !== dept)!;
  t.is((await manager.request('GET', `/api/compliance/status?personId=${outsider.id}`)).status, 403);
  t.is((await manager.request('GET', '/api/compliance/status')).body.total, below.length + 1, 'their team and themselves');
  t.is((await hr.request('GET', `/api/compliance/status?department=${encodeURIComponent(dept)}&status=not_started`)).body.total, below.length + 1);

  const cal = await hr.request('GET', '/api/compliance/calendar?from=2026-09-01&to=2027-09-30');
  t.is(cal.status, 200);
  t.is(cal.body.events.length, below.length + 1);
  t.like(cal.body.events[0], { kind: 'due', date: '2027-09-30T00:00:00.000Z', title: 'Code of conduct' });
  t.is((await hr.request('GET', '/api/compliance/calendar?from=2027-10-01&to=2027-12-31')).body.events.length, 0);
  t.is((await hr.request('GET', '/api/compliance/calendar?from=2026-10-01&to=2026-01-01')).body.error.field, 'to');

  const me = await manager.request('GET', '/api/assignments/me');
  t.deepEqual(me.body.items.map((a: { target: { id: string } }) => a.target.id), [conduct]);

  // Notifications are per person (the manager was told of their own assignment); the outbox is HR's.
  await app.runtime.services.notifications.notify({ personId: head.id, kind: 'test', title: 'Hello', body: 'World' });
  const inbox = await manager.request('GET', '/api/notifications');
  t.deepEqual(inbox.body.items.map((n: { title: string }) => n.title).sort(), ['Assigned to you: Code of conduct', 'Hello']);
  t.is(inbox.body.unread, 2);
  t.is((await manager.request('POST', '/api/notifications/read', {})).body.marked, 2);
  t.is((await manager.request('GET', '/api/notifications?unread=true')).body.items.length, 0);
  t.is((await manager.request('GET', '/api/outbox')).status, 403);
  t.is((await hr.request('GET', '/api/outbox')).status, 200);

  const job = await hr.request('POST', '/api/compliance/evaluate', {});
  t.is(job.status, 202);
  t.truthy(job.body.jobId);
  t.is((await hr.request('POST', '/api/compliance/rebuild', {})).status, 403, 'a rebuild is for admins');

  t.is((await hr.request('DELETE', `/api/assignment-rules/${created.body.id}`)).status, 204);
  t.is((await hr.request('GET', `/api/assignment-rules/${created.body.id}`)).status, 404);
});

test('org lists: derived from people, managed by HR', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await seedOrganisation({ db: app.runtime.store.db, people: 100, departments: 4, seed: 5 });
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'HR', roles: ['hr'] });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  const lists = await hr.request('GET', '/api/org');
  t.is(lists.body.departments.length, 4);
  t.is(lists.body.departments.reduce((n: number, d: { people: number }) => n + d.people, 0), 100);
  const put = await hr.request('PUT', '/api/org/locations', { values: [{ name: 'Lisbon' }] });
  t.is(put.status, 200);
  t.like(put.body.items.find((l: { name: string }) => l.name === 'Lisbon'), { managed: true, people: 0 });
  t.is((await hr.request('PUT', '/api/org/planets', { values: [] })).body.error.field, 'kind');
});
