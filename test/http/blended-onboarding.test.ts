/**
 * An onboarding journey over HTTP: HR marks a path of a checklist task, an observation and
 * a live session as a job role's onboarding template with 30/60/90-day checkpoints; a new
 * hire imported from CSV is assigned it by the template's rule (a long-serving colleague
 * in the role is not); the onboarding report shows each checkpoint overdue, due or done as
 * the work is recorded; the path's evidence pack lists the three with their statements.
 */
import { createHash } from 'node:crypto';
import test from 'ava';
import { parse } from 'csv-parse/sync';
import { EVIDENCE_PACK_QUEUE } from '../../server/reports/evidence/evidence-job.js';
import { unzipBuffer } from '../helpers/unzip.js';
import { HttpClient } from '../helpers/http-client.js';
import { blendedSetup, PASSWORD } from './blended-support.js';

const DAY = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('review notes, signed')]);

test('an onboarding template is assigned on import, its checkpoints move from overdue and due to done, and the evidence pack holds the blended work', async (t) => {
  const { app, ids, hr, boss, tom } = await blendedSetup();
  t.teardown(() => app.close());
  const people = app.runtime.services.people;
  // A long-serving account executive: the job role is on the org's lists, and the template must pass them by.
  const veteran = await people.create({ email: 'vera@example.com', name: 'Vera Veteran', roles: ['employee'], jobRole: 'Account executive', hireDate: '2019-03-01', password: PASSWORD });

  const review = (await hr.request('POST', '/api/blended/tasks', { title: '30-day review with manager', doneBy: 'manager', dueDaysAfterHire: 30 })).body;
  const form = (await hr.request('POST', '/api/blended/observation-forms', { title: 'Supervised discovery call', criteria: [{ id: 'needs', text: 'Asks about needs first' }] })).body;
  const now = Date.now();
  const event = (
    await hr.request('POST', '/api/blended/events', {
      title: 'Product workshop',
      trainerIds: [ids.tom],
      sessions: [{ id: 's1', kind: 'classroom', startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 3600_000).toISOString(), location: 'Room 2', capacity: 10 }],
    })
  ).body;
  const path = (
    await hr.request('POST', '/api/paths', {
      title: 'Account executive onboarding',
      steps: [
        { id: 'review', title: '30-day review', type: 'task', ref: review.id },
        { id: 'call', title: 'Observed call', type: 'observation', ref: form.id },
        { id: 'workshop', title: 'Product workshop', type: 'session', ref: event.id },
      ],
    })
  ).body;
  const url = `/api/blended/onboarding-templates/${path.id}`;
  const checkpoints = [
    { day: 30, stepIds: ['review'] },
    { day: 60, stepIds: ['call'] },
    { day: 90, stepIds: ['workshop'] },
  ];

  // Bad input names the field; nothing is written.
  t.is((await boss.request('PUT', url, { jobRole: 'Account executive', checkpoints })).status, 403);
  t.is((await hr.request('PUT', url, { jobRole: 'Account executive', checkpoints: [{ day: 30, stepIds: ['nope'] }] })).body.error.field, 'checkpoints.0.stepIds.0');
  t.is((await hr.request('PUT', url, { jobRole: 'Account executive', checkpoints: [...checkpoints, { day: 30, stepIds: ['call'] }] })).body.error.field, 'checkpoints.3.day');
  t.is((await hr.request('PUT', url, { jobRole: 'Astronaut', checkpoints })).body.error.field, 'jobRole', 'a job role off the org lists');
  t.is((await hr.request('PUT', url, { jobRole: 'Account executive', hiredAfter: '2026-13-01', checkpoints })).body.error.field, 'hiredAfter');
  t.deepEqual((await hr.request('GET', '/api/blended/onboarding-templates')).body.items, []);
  t.deepEqual((await hr.request('GET', '/api/assignment-rules')).body.items ?? [], [], 'no rule half-written');

  const saved = await hr.request('PUT', url, { jobRole: 'Account executive', hiredAfter: day(-60), checkpoints });
  t.is(saved.status, 200);
  t.like(saved.body, { pathId: path.id, pathTitle: 'Account executive onboarding', jobRole: 'Account executive', hiredAfter: day(-60) });
  t.deepEqual(saved.body.checkpoints.map((c: { day: number; steps: string[] }) => [c.day, c.steps]), [[30, ['30-day review']], [60, ['Observed call']], [90, ['Product workshop']]]);
  const other = (await hr.request('POST', '/api/paths', { title: 'Other', steps: [{ id: 'r', title: 'R', type: 'task', ref: review.id }] })).body;
  t.is((await hr.request('PUT', `/api/blended/onboarding-templates/${other.id}`, { jobRole: 'Account executive' })).status, 409, 'one template per job role');

  // The new hire arrives by CSV import (started 35 days ago) and is assigned the journey at once.
  const csv = ['Email,Name,Job,Manager,Start', `nia@example.com,Nia New,Account executive,boss@example.com,${day(-35)}`].join('\n');
  const mapping = encodeURIComponent(JSON.stringify({ email: 'Email', name: 'Name', jobRole: 'Job', manager: 'Manager', hireDate: 'Start' }));
  const imported = await hr.request('POST', `/api/people/import?dryRun=false&mapping=${mapping}`, csv, { 'content-type': 'text/csv' });
  t.is(imported.status, 200, JSON.stringify(imported.body));
  const nia = imported.body.creates[0].id as string;
  const assigned = await app.runtime.services.learning.assignments.peopleAssigned('path', path.id);
  t.deepEqual(assigned, [nia], 'the new hire is assigned; the veteran in the same role is not');
  t.false(assigned.includes(veteran.id));

  const report = async () => (await hr.request('GET', '/api/reports/onboarding')).body.hires.find((h: { personId: string }) => h.personId === nia);
  const statuses = async () => (await report()).checkpoints.map((c: { day: number; status: string }) => `${c.day}:${c.status}`);
  const first = await report();
  t.like(first, { name: 'Nia New', jobRole: 'Account executive', hireDate: day(-35), pathTitle: 'Account executive onboarding' });
  t.deepEqual(first.checkpoints.map((c: { dueAt: string }) => c.dueAt), [day(-5), day(25), day(55)]);
  t.deepEqual(await statuses(), ['30:overdue', '60:due', '90:due']);

  // Named people: a manager sees the checkpoints of their own chain only.
  const mona = await people.create({ email: 'mona@example.com', name: 'Mona Manager', roles: ['manager'], password: PASSWORD });
  await people.create({ email: 'otto@example.com', name: 'Otto Other', roles: ['manager'], password: PASSWORD });
  await people.update(ids.boss, { managerId: mona.id }, { id: ids.hr, roles: ['hr'] });
  const as = async (email: string) => {
    const c = new HttpClient(app.url);
    await c.login(email, PASSWORD);
    return (await c.request('GET', '/api/reports/onboarding')).body.hires.map((h: { name: string }) => h.name);
  };
  t.deepEqual(await as('mona@example.com'), ['Nia New'], 'her manager’s manager sees her');
  t.deepEqual(await as('otto@example.com'), [], 'a manager elsewhere does not');

  // The manager ticks the review with a file, observes the call; the trainer takes attendance.
  const f = new FormData();
  f.append('personId', nia);
  f.append('pathId', path.id);
  f.append('note', 'Good first month');
  f.append('evidence', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'review.png');
  t.is((await boss.upload(`/api/blended/tasks/${review.id}/completions`, f)).status, 201);
  t.deepEqual(await statuses(), ['30:done', '60:due', '90:due']);
  t.is((await boss.request('POST', `/api/blended/observation-forms/${form.id}/observations`, { personId: nia, pathId: path.id, results: [{ criterionId: 'needs', outcome: 'pass' }] })).status, 201);
  t.is((await hr.request('POST', `/api/blended/events/${event.id}/sessions/s1/signups`, { personId: nia })).body.status, 'booked');
  t.is((await tom.request('POST', `/api/blended/events/${event.id}/sessions/s1/attendance`, { records: [{ personId: nia, status: 'attended' }] })).status, 200);
  t.deepEqual(await statuses(), ['30:done', '60:done', '90:done']);
  const progress = (await hr.request('GET', `/api/users/${nia}/paths/${path.id}/progress`)).body;
  t.is(progress.status, 'complete');

  // The path's evidence pack: the three blended records with their statements.
  const done = new Promise<void>((resolve) => app.runtime.jobs.queue(EVIDENCE_PACK_QUEUE).on('completed', () => resolve()));
  const pack = await hr.request('POST', '/api/reports/evidence-packs', { target: { type: 'path', id: path.id } });
  t.is(pack.status, 202);
  await done;
  const status = (await hr.request('GET', `/api/reports/evidence-packs/${pack.body.id}`)).body;
  t.is(status.counts.blended, 3);
  const files = await unzipBuffer(Buffer.from(await (await hr.fetchRaw(status.downloadUrl)).arrayBuffer()));
  const sha2 = createHash('sha256').update(PNG).digest('hex');
  t.deepEqual([...files.keys()].sort(), ['blended.csv', 'completions.csv', `evidence/${sha2}/review.png`, 'manifest.json', 'outstanding.csv', 'statements.json']);
  t.deepEqual(files.get(`evidence/${sha2}/review.png`), PNG, 'the evidence file itself is in the pack');
  t.is(status.counts.evidenceFiles, 1);
  const rows = parse(files.get('blended.csv')!, { columns: true }) as Array<Record<string, string>>;
  t.deepEqual(rows.map((r) => [r.person, r.step, r.kind, r.verb, r.recorded_by, r.outcome]).sort(), [
    ['Nia New', '30-day review', 'task', 'completed', 'Bea Boss', 'done'],
    ['Nia New', 'Observed call', 'observation', 'passed', 'Bea Boss', 'passed'],
    ['Nia New', 'Product workshop', 'attendance', 'attended', 'Tom Trainer', 'attended'],
  ]);
  const task = rows.find((r) => r.kind === 'task')!;
  t.like(task, { note: 'Good first month', evidence_file: 'review.png', evidence_sha2: sha2 });
  const statements = JSON.parse(files.get('statements.json')!.toString('utf8')) as Array<{ id: string; verb: { id: string } }>;
  for (const r of rows) t.true(statements.some((s) => s.id === r.statement_id), `${r.kind}: its statement is in statements.json`);
  const completions = parse(files.get('completions.csv')!, { columns: true }) as Array<Record<string, string>>;
  t.deepEqual(completions.map((c) => [c.person, c.requirement, c.verb]), [['Nia New', 'Account executive onboarding', 'completed']], 'the path completion; the steps are in blended.csv');
});
