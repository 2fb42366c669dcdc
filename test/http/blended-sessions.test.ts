/**
 * Live sessions over HTTP: seats under concurrent sign-ups, the waitlist, manager
 * approval, ICS invitations and cancellations in the mail, attendance by the trainer only,
 * the `attended` statement and the `session` path step it completes.
 */
import test from 'ava';
import type { OutboxDoc } from '../../server/notifications/notification-types.js';
import { lrsReader } from '../helpers/lrs-reader.js';
import { blendedSetup } from './blended-support.js';

const classroom = { id: 'room-1', kind: 'classroom', startsAt: '2026-12-10T09:00:00Z', endsAt: '2026-12-10T12:00:00Z', location: 'Room 4, Main St; 2nd floor', capacity: 1 };
const online = { id: 'web-1', kind: 'virtual', startsAt: '2026-12-11T14:00:00Z', endsAt: '2026-12-11T15:00:00Z', joinUrl: 'https://meet.example/abc' };

const mailTo = async (app: Awaited<ReturnType<typeof blendedSetup>>['app'], to: string) =>
  (await app.runtime.store.db.collection<OutboxDoc>('outbox').find({ to }).sort({ createdAt: 1 }).toArray()).filter((m) => /Booked|Cancelled/.test(m.subject));

test('one seat, two sign-ups at once: one booked with an ICS invitation, one waitlisted and promoted when the seat frees', async (t) => {
  const { app, ids, hr, ava, ben, boss } = await blendedSetup();
  t.teardown(() => app.close());

  const noLocation = await hr.request('POST', '/api/blended/events', { title: 'Safety', trainerIds: [ids.tom], sessions: [{ ...classroom, location: undefined }] });
  t.is(noLocation.status, 400);
  t.is(noLocation.body.error.field, 'sessions.0.location');
  const backwards = await hr.request('POST', '/api/blended/events', { title: 'Safety', trainerIds: [ids.tom], sessions: [{ ...online, endsAt: online.startsAt }] });
  t.is(backwards.body.error.field, 'sessions.0.endsAt');
  t.is((await ava.request('POST', '/api/blended/events', { title: 'x', trainerIds: [ids.tom], sessions: [online] })).status, 403);
  t.deepEqual((await ava.request('GET', '/api/blended/events')).body.items, [], 'nothing half-written');

  const event = (await hr.request('POST', '/api/blended/events', { title: 'Fire safety, hands on', trainerIds: [ids.tom], sessions: [classroom, online] })).body;
  const url = `/api/blended/events/${event.id}/sessions/room-1/signups`;
  const [a, b] = await Promise.all([ava.request('POST', url, {}), ben.request('POST', url, {})]);
  t.is(a.status, 201);
  t.is(b.status, 201);
  t.deepEqual([a.body.status, b.body.status].sort(), ['booked', 'waitlisted']);
  t.is((await ava.request('GET', `/api/blended/events/${event.id}`)).body.sessions[0].seatsLeft, 0);
  t.is((await ava.request('POST', url, {})).status, 409, 'one sign-up per person and event');
  t.is((await ben.request('POST', url, { personId: ids.ava })).status, 403, 'not for a colleague');

  const [booked, waiting] = a.body.status === 'booked' ? [a.body, b.body] : [b.body, a.body];
  const bookedEmail = booked.personId === ids.ava ? 'ava@example.com' : 'ben@example.com';
  const waitingEmail = booked.personId === ids.ava ? 'ben@example.com' : 'ava@example.com';
  const [invite] = await mailTo(app, bookedEmail);
  t.truthy(invite, 'the booked person got an invitation');
  const raw = invite!.attachments![0]!;
  t.false(raw.content.split('\r\n').some((l) => Buffer.byteLength(l) > 75), 'lines folded at 75 octets');
  const ics = { ...raw, content: raw.content.replace(/\r\n /g, '') };
  t.regex(ics.contentType, /^text\/calendar; charset=utf-8; method=REQUEST$/);
  t.regex(ics.content, /^BEGIN:VCALENDAR\r\n/);
  t.regex(ics.content, /\r\nMETHOD:REQUEST\r\n/);
  t.regex(ics.content, /\r\nDTSTART:20261210T090000Z\r\nDTEND:20261210T120000Z\r\n/);
  t.regex(ics.content, /\r\nLOCATION:Room 4\\, Main St\\; 2nd floor\r\n/, 'commas and semicolons escaped');
  t.regex(ics.content, /\r\nUID:[0-9a-f-]{36}@127\.0\.0\.1\r\n/);
  t.regex(ics.content, /\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
  t.false(/[^\r]\n/.test(ics.content), 'every line ends in CRLF');
  t.deepEqual(await mailTo(app, waitingEmail), [], 'no invitation while waitlisted');

  // The booked person cancels: they get a CANCEL, the waitlisted one is promoted and invited.
  const bookedClient = booked.personId === ids.ava ? ava : ben;
  t.is((await boss.request('POST', `/api/blended/signups/${booked.id}/cancel`)).status, 200, 'their manager may cancel for them');
  t.is((await bookedClient.request('POST', `/api/blended/signups/${booked.id}/cancel`)).status, 409, 'already cancelled');
  const cancelMail = (await mailTo(app, bookedEmail))[1]!;
  t.regex(cancelMail.attachments![0]!.content, /\r\nMETHOD:CANCEL\r\n[\s\S]*\r\nSTATUS:CANCELLED\r\n/);
  t.regex(cancelMail.attachments![0]!.content, new RegExp(`UID:${ics.content.match(/UID:([^\r]+)/)![1]!.replace(/[.]/g, '\\.')}`), 'the cancel names the invitation it withdraws');
  const roster = (await hr.request('GET', `/api/blended/events/${event.id}/sessions/room-1/roster`)).body.items;
  t.like(roster.find((r: { id: string }) => r.id === waiting.id), { status: 'booked' });
  t.is((await mailTo(app, waitingEmail)).length, 1, 'the promoted person is invited');
  t.is((await hr.request('GET', `/api/blended/events/${event.id}`)).body.sessions[0].seatsLeft, 0);
});

test('approval: a self sign-up waits for the manager; HR cancelling a session tells everyone on it', async (t) => {
  const { app, ids, hr, ava, ben, boss } = await blendedSetup();
  t.teardown(() => app.close());
  const event = (await hr.request('POST', '/api/blended/events', { title: 'Negotiation', trainerIds: [ids.tom], approval: true, sessions: [{ ...classroom, capacity: 5 }] })).body;
  const url = `/api/blended/events/${event.id}/sessions/room-1/signups`;
  const pending = (await ava.request('POST', url, {})).body;
  t.is(pending.status, 'pending');
  const ask = (await app.runtime.store.db.collection<OutboxDoc>('outbox').find({ to: 'boss@example.com' }).toArray()).map((m) => m.subject);
  t.deepEqual(ask, ['Approve: Ava Stone for Negotiation'], 'the manager is asked by email');
  t.is((await ben.request('POST', `/api/blended/signups/${pending.id}/decision`, { approve: true })).status, 403, 'a colleague does not approve');
  t.deepEqual((await boss.request('GET', '/api/me/blended/work')).body.approvals.map((a: { id: string; name: string; eventTitle: string }) => [a.id, a.name, a.eventTitle]), [[pending.id, 'Ava Stone', 'Negotiation']]);
  t.deepEqual((await ben.request('GET', '/api/me/blended/work')).body.approvals, [], 'not for a colleague');
  t.is((await boss.request('POST', `/api/blended/signups/${pending.id}/decision`, {})).body.error.field, 'approve');
  // Two approvals at once (a double click, the manager and HR): one decides, one seat is taken.
  const both = await Promise.all([boss.request('POST', `/api/blended/signups/${pending.id}/decision`, { approve: true }), hr.request('POST', `/api/blended/signups/${pending.id}/decision`, { approve: true })]);
  t.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
  t.is(both.find((r) => r.status === 200)!.body.status, 'booked');
  t.is((await hr.request('GET', `/api/blended/events/${event.id}`)).body.sessions[0].seatsLeft, 4);
  t.is((await boss.request('POST', `/api/blended/signups/${pending.id}/decision`, { approve: true })).status, 409);
  const byManager = (await boss.request('POST', url, { personId: ids.ben })).body;
  t.is(byManager.status, 'booked', 'a manager signing their report up needs no approval');

  t.is((await ava.request('POST', `/api/blended/events/${event.id}/sessions/room-1/cancel`)).status, 403);
  t.deepEqual((await hr.request('POST', `/api/blended/events/${event.id}/sessions/room-1/cancel`)).body, { notified: 2 });
  for (const email of ['ava@example.com', 'ben@example.com']) {
    const mails = await mailTo(app, email);
    t.regex(mails.at(-1)!.attachments![0]!.content, /METHOD:CANCEL/);
  }
  t.is((await ava.request('POST', url, {})).status, 409, 'no sign-up to a cancelled session');
  t.like((await ava.request('GET', '/api/me/blended/signups')).body.items[0], { status: 'cancelled' });
});

test('the trainer takes attendance; attended completes the session step, partial does not, and the statement names trainer and session', async (t) => {
  const { app, ids, hr, ava, ben, tom, boss } = await blendedSetup();
  t.teardown(() => app.close());
  const home = app.runtime.config.publicUrl;
  const hour = 3600_000;
  const running = { ...online, startsAt: new Date(Date.now() - hour).toISOString(), endsAt: new Date(Date.now() + hour).toISOString() };
  const over = { ...online, id: 'web-0', startsAt: new Date(Date.now() - 3 * hour).toISOString(), endsAt: new Date(Date.now() - 2 * hour).toISOString() };
  const event = (await hr.request('POST', '/api/blended/events', { title: 'First aid', trainerIds: [ids.tom], sessions: [running, over, { ...online, id: 'web-2' }] })).body;
  t.is((await ava.request('POST', `/api/blended/events/${event.id}/sessions/web-0/signups`, {})).body.error.field, 'sessionId', 'no sign-up once a session is over');
  const path = (await hr.request('POST', '/api/paths', { title: 'Safety', steps: [{ id: 'fa', title: 'First aid', type: 'session', ref: event.id }] })).body;
  t.is((await hr.request('POST', '/api/paths', { title: 'x', steps: [{ id: 'fa', title: 'x', type: 'session', ref: 'nope' }] })).body.error.field, 'steps.0.ref');
  const url = `/api/blended/events/${event.id}/sessions/web-1`;
  t.is((await ava.request('POST', `${url}/signups`, {})).body.status, 'booked', 'a virtual session without capacity has room');
  t.is((await ben.request('POST', `${url}/signups`, {})).body.status, 'booked');

  t.is((await boss.request('POST', `${url}/attendance`, { records: [{ personId: ids.ava, status: 'attended' }] })).status, 403, 'only the trainer');
  const early = await tom.request('POST', `/api/blended/events/${event.id}/sessions/web-2/attendance`, { records: [{ personId: ids.ava, status: 'attended' }] });
  t.is(early.status, 409, 'no attendance before the session starts');
  t.is(early.body.error.field, 'sessionId');
  t.is((await ava.request('GET', `${url}/roster`)).status, 403);
  const bad = await tom.request('POST', `${url}/attendance`, { records: [{ personId: ids.ava, status: 'attended' }, { personId: ids.boss, status: 'attended' }] });
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'records.1.personId');
  t.is((await tom.request('POST', `${url}/attendance`, { records: [{ personId: ids.ava, status: 'late' }] })).body.error.field, 'records.0.status');
  const lrs = await lrsReader(app);
  t.deepEqual(await lrs.statements({ activity: event.activityId }), [], 'nothing written for a refused roll');

  await hr.request('POST', '/api/enrolments', { personIds: [ids.ava, ids.ben], targetType: 'path', targetId: path.id });
  const taken = await tom.request('POST', `${url}/attendance`, { records: [{ personId: ids.ava, status: 'attended' }, { personId: ids.ben, status: 'partial' }] });
  t.is(taken.status, 200);
  t.deepEqual(taken.body.items.map((i: { attendance: string }) => i.attendance), ['attended', 'partial']);
  // The completion sweep (no one opens the path) writes the path completion from the attendance.
  await app.runtime.services.learning.sweepCompletions();
  const pathDone = await lrs.statements({ activity: `${home}/activities/path/${path.id}` });
  t.deepEqual(pathDone.map((s) => s.actor.account.name), [ids.ava], 'attended completes the path; partial does not');
  t.is((await ava.request('GET', `/api/users/${ids.ava}/paths/${path.id}/progress`)).body.status, 'complete');
  t.is((await ben.request('GET', `/api/users/${ids.ben}/paths/${path.id}/progress`)).body.steps[0].state, 'in_progress', 'partial attendance does not complete');

  // Taking the same roll again writes nothing new; correcting partial to attended does.
  await tom.request('POST', `${url}/attendance`, { records: [{ personId: ids.ava, status: 'attended' }] });
  await tom.request('POST', `${url}/attendance`, { records: [{ personId: ids.ben, status: 'attended' }] });
  t.is((await ben.request('GET', `/api/users/${ids.ben}/paths/${path.id}/progress`)).body.status, 'complete');
  const statements = await lrs.statements({ activity: event.activityId });
  t.is(statements.length, 3);
  const st = statements.find((s) => s.actor.account.name === ids.ava)!;
  t.is(st.verb.id, 'http://adlnet.gov/expapi/verbs/attended');
  t.is(st.context.instructor.account.name, ids.tom);
  t.is(st.context.contextActivities.parent[0].id, `${home}/activities/event/${event.id}/session/web-1`);
  t.is(st.object.id, `${home}/activities/event/${event.id}`);
  t.is(st.result.completion, true);
});
