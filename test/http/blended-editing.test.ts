/**
 * Editing blended definitions over HTTP: a task, an observation form's criteria, an event
 * and a session's time, place and seats. A capacity cut below the booked seats is refused
 * naming the field; a time change sends the booked people an updated ICS with SEQUENCE+1.
 */
import test from 'ava';
import type { OutboxDoc } from '../../server/notifications/notification-types.js';
import { blendedSetup } from './blended-support.js';

const classroom = { id: 'room-1', kind: 'classroom', startsAt: '2026-12-10T09:00:00Z', endsAt: '2026-12-10T12:00:00Z', location: 'Room 4', capacity: 3 };

const unfold = (ics: string) => ics.replace(/\r\n /g, '');

test('HR edits a task and an observation form; others may not; bad input names the field and changes nothing', async (t) => {
  const { app, ids, hr, ava } = await blendedSetup();
  t.teardown(() => app.close());
  const task = (await hr.request('POST', '/api/blended/tasks', { title: 'Laptop', doneBy: 'role', roleName: 'IT', dueDaysAfterHire: 1 })).body;

  t.is((await ava.request('PUT', `/api/blended/tasks/${task.id}`, { title: 'x', doneBy: 'learner' })).status, 403);
  const bad = await hr.request('PUT', `/api/blended/tasks/${task.id}`, { title: 'Laptop', doneBy: 'role' });
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'roleName');
  t.is((await hr.request('PUT', '/api/blended/tasks/nope', { title: 'x', doneBy: 'learner' })).status, 404);
  const edited = await hr.request('PUT', `/api/blended/tasks/${task.id}`, { title: '30-day review', doneBy: 'manager', dueDaysAfterHire: 30, evidenceRequired: true });
  t.is(edited.status, 200);
  t.like(edited.body, { id: task.id, title: '30-day review', doneBy: 'manager', dueDaysAfterHire: 30, evidenceRequired: true });
  t.false('roleName' in edited.body, 'the role went with the change of doer');
  t.like((await ava.request('GET', `/api/blended/tasks/${task.id}`)).body, { title: '30-day review', doneBy: 'manager' });

  const form = (await hr.request('POST', '/api/blended/observation-forms', { title: 'Call', criteria: [{ id: 'open', text: 'Opens with an agenda' }] })).body;
  const dup = await hr.request('PUT', `/api/blended/observation-forms/${form.id}`, { title: 'Call', criteria: [{ id: 'a', text: 'A' }, { id: 'a', text: 'B' }] });
  t.is(dup.body.error.field, 'criteria.1.id');
  const noAssessor = await hr.request('PUT', `/api/blended/observation-forms/${form.id}`, { title: 'Call', criteria: [{ id: 'a', text: 'A' }], assessorIds: ['0123456789abcdef01234567'] });
  t.is(noAssessor.body.error.field, 'assessorIds.0');
  t.deepEqual((await hr.request('GET', `/api/blended/observation-forms/${form.id}`)).body.criteria, [{ id: 'open', text: 'Opens with an agenda' }], 'nothing half-written');
  const criteria = [
    { id: 'open', text: 'Opens with an agenda' },
    { id: 'close', text: 'Agrees a next step' },
  ];
  const saved = await hr.request('PUT', `/api/blended/observation-forms/${form.id}`, { title: 'Discovery call', criteria, assessorIds: [ids.tom] });
  t.is(saved.status, 200);
  t.like(saved.body, { title: 'Discovery call', assessorIds: [ids.tom] });
  t.deepEqual(saved.body.criteria, criteria);

  // An observation now must answer the new criterion too.
  const url = `/api/blended/observation-forms/${form.id}/observations`;
  const short = await hr.request('POST', url, { personId: ids.ava, results: [{ criterionId: 'open', outcome: 'pass' }] });
  t.is(short.body.error.field, 'results');
  t.is((await hr.request('POST', url, { personId: ids.ava, results: criteria.map((c) => ({ criterionId: c.id, outcome: 'pass' })) })).status, 201);
});

test('a session is moved and resized: a cut below the booked seats is refused, a time change sends an updated ICS with SEQUENCE+1', async (t) => {
  const { app, ids, hr, ava, ben, boss } = await blendedSetup();
  t.teardown(() => app.close());
  const event = (await hr.request('POST', '/api/blended/events', { title: 'Fire safety', trainerIds: [ids.tom], sessions: [classroom] })).body;
  const signups = `/api/blended/events/${event.id}/sessions/room-1/signups`;
  t.is((await ava.request('POST', signups, {})).body.status, 'booked');
  t.is((await ben.request('POST', signups, {})).body.status, 'booked');
  const session = `/api/blended/events/${event.id}/sessions/room-1`;

  t.is((await boss.request('PATCH', session, { capacity: 5 })).status, 403, 'HR edits sessions');
  const cut = await hr.request('PATCH', session, { capacity: 1 });
  t.is(cut.status, 409);
  t.is(cut.body.error.field, 'capacity');
  t.regex(cut.body.error.message, /2 people are booked/);
  t.like((await hr.request('GET', `/api/blended/events/${event.id}`)).body.sessions[0], { capacity: 3, seatsLeft: 1 }, 'nothing changed');
  t.is((await hr.request('PATCH', session, { endsAt: '2026-12-10T08:00:00Z' })).body.error.field, 'endsAt');
  t.is((await hr.request('PATCH', session, { joinUrl: 'https://meet.example/x' })).body.error.field, 'joinUrl', 'a classroom has no join URL');
  t.is((await hr.request('PATCH', session, {})).status, 400);

  const down = await hr.request('PATCH', session, { capacity: 2 });
  t.is(down.status, 200);
  t.like(down.body.sessions[0], { capacity: 2, seatsLeft: 0 });
  t.is((await boss.request('POST', signups, {})).body.status, 'waitlisted', 'full at the new capacity');
  const up = await hr.request('PATCH', session, { capacity: 4 });
  t.like(up.body.sessions[0], { capacity: 4, seatsLeft: 1 }, 'the waitlisted person took one of the new seats');
  const roster = (await hr.request('GET', `${session}/roster`)).body.items;
  t.like(roster.find((r: { personId: string }) => r.personId === ids.boss), { status: 'booked' });

  // Moving the session: everyone booked gets the same UID with SEQUENCE 1 and the new times.
  const outbox = app.runtime.store.db.collection<OutboxDoc>('outbox');
  const before = await outbox.countDocuments({ subject: /^Updated:/ });
  t.is(before, 0);
  const moved = await hr.request('PATCH', session, { startsAt: '2026-12-11T09:00:00Z', endsAt: '2026-12-11T12:00:00Z', location: 'Room 7' });
  t.is(moved.status, 200);
  t.like(moved.body.sessions[0], { startsAt: '2026-12-11T09:00:00.000Z', location: 'Room 7' });
  const avaMail = await outbox.find({ to: 'ava@example.com' }).sort({ createdAt: 1 }).toArray();
  const first = unfold(avaMail.find((m) => m.subject.startsWith('Booked:'))!.attachments![0]!.content);
  const update = avaMail.find((m) => m.subject.startsWith('Updated:'));
  t.truthy(update, 'the booked person got the update');
  const ics = unfold(update!.attachments![0]!.content);
  t.regex(first, /\r\nSEQUENCE:0\r\n/);
  t.regex(ics, /\r\nMETHOD:REQUEST\r\n/);
  t.regex(ics, /\r\nSEQUENCE:1\r\n/);
  t.regex(ics, /\r\nDTSTART:20261211T090000Z\r\n/);
  t.regex(ics, /\r\nLOCATION:Room 7\r\n/);
  t.is(ics.match(/UID:([^\r]+)/)![1], first.match(/UID:([^\r]+)/)![1], 'the same invitation, updated');
  t.is(await outbox.countDocuments({ subject: /^Updated:/ }), 3, 'Ava, Ben and Bea (all booked) were told');

  // A capacity-only change sends nothing; a cancel after the move is SEQUENCE 2.
  await hr.request('PATCH', session, { capacity: 6 });
  t.is(await outbox.countDocuments({ subject: /^Updated:/ }), 3);
  const mine = (await ava.request('GET', '/api/me/blended/signups')).body.items[0];
  t.is((await ava.request('POST', `/api/blended/signups/${mine.id}/cancel`)).status, 200);
  const cancel = (await outbox.find({ to: 'ava@example.com', subject: /^Cancelled:/ }).toArray())[0]!;
  t.regex(unfold(cancel.attachments![0]!.content), /\r\nSEQUENCE:2\r\n/);

  // The event's own fields.
  t.is((await hr.request('PUT', `/api/blended/events/${event.id}`, { title: 'Fire safety', trainerIds: ['0123456789abcdef01234567'] })).body.error.field, 'trainerIds.0');
  const renamed = await hr.request('PUT', `/api/blended/events/${event.id}`, { title: 'Fire safety, hands on', trainerIds: [ids.tom, ids.boss], approval: true });
  t.like(renamed.body, { title: 'Fire safety, hands on', approval: true, trainerIds: [ids.tom, ids.boss] });
  t.is(renamed.body.sessions.length, 1, 'sessions kept');

  // A cancelled session is not edited.
  t.is((await hr.request('POST', `${session}/cancel`)).status, 200);
  const late = await hr.request('PATCH', session, { location: 'Room 8' });
  t.is(late.status, 409);
  t.is(late.body.error.field, 'sessionId');
});
