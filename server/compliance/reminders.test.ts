/** Reminders at 90/60/30 days, overdue, escalation, exactly once (also across a restart), by email or outbox. */
import test from 'ava';
import nodemailer from 'nodemailer';
import { learnerAgent, VERBS } from '../learning-record/identity.js';
import { HOME, openOrgRuntime } from './testing.js';

const DAY = 86400_000;
const START = '2026-03-01T09:00:00Z';
const DUE = new Date(Date.parse(START) + 100 * DAY);

/** A nodemailer transport that keeps what it is given (a real nodemailer pipeline, no network). */
function capturingTransport(opts: { fail?: () => boolean } = {}) {
  const sent: Array<{ to: string; subject: string; text: string }> = [];
  const transport = nodemailer.createTransport({
    name: 'capture',
    version: '1',
    send(mail: { data: { to: string; subject: string; text: string } }, done: (err: Error | null, info?: unknown) => void) {
      if (opts.fail?.()) return done(new Error('SMTP refused'));
      sent.push({ to: mail.data.to, subject: mail.data.subject, text: mail.data.text });
      done(null, { messageId: `<${sent.length}@capture>` });
    },
  } as never);
  return { sent, transport };
}

async function setup(opts: { dataDir?: string; seedPeople?: boolean; transport?: ReturnType<typeof capturingTransport>['transport']; start?: string } = {}) {
  const ctx = await openOrgRuntime({ dataDir: opts.dataDir, seedPeople: opts.seedPeople, start: opts.start ?? START, env: { REMINDER_ESCALATION_DAYS: '7' } });
  if (opts.transport) {
    // Reopen with the transport: the runtime takes it at start.
    await ctx.runtime.close();
    const again = await reopen(ctx.dataDir, opts.transport, opts.start ?? START);
    return { ...again, org: ctx.org };
  }
  return ctx;
}

async function reopen(dataDir: string, transport?: ReturnType<typeof capturingTransport>['transport'], at = START) {
  const { loadConfig } = await import('../config.js');
  const { createLogger } = await import('../logger.js');
  const { openRuntime } = await import('../runtime.js');
  const { manualClock } = await import('../clock.js');
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: HOME, REMINDER_ESCALATION_DAYS: '7' });
  const clock = manualClock(at);
  const runtime = await openRuntime(config, createLogger('silent'), { clock, mailTransport: transport });
  return { runtime, clock, dataDir };
}

test('90/60/30 days before, overdue, escalation to the manager after the delay; each exactly once, also after a restart', async (t) => {
  const first = await setup();
  const { org } = first;
  let { runtime, clock } = first;
  const dept = org.departments[6]!;
  const members = org.people.filter((p) => p.department === dept);
  await runtime.services.compliance.rules.create({ name: 'Harassment prevention', target: { type: 'activity', id: 'https://lms.test/activities/hp', title: 'Harassment prevention' }, criteria: { departments: [dept] }, due: { kind: 'absolute', date: DUE }, active: true });
  // One member completes early: they get nothing.
  const write = await runtime.lrs.internalWriter('test');
  const done = members[1]!;
  await write({ actor: learnerAgent(done, HOME), verb: { id: VERBS.completed }, object: { id: 'https://lms.test/activities/hp' } });

  const scan = async () => {
    await runtime.services.compliance.evaluate();
    return runtime.services.compliance.scanReminders();
  };
  const open = members.length - 1;
  t.is((await scan()).sent, 0, '100 days before: nothing yet');
  const kindsSent = async () => (await runtime.store.db.collection('reminders').find({ state: 'sent' }).toArray()).map((r) => r.kind as string);

  for (const [daysBefore, kind] of [[90, 'due-90'], [60, 'due-60'], [30, 'due-30']] as const) {
    clock.set(new Date(DUE.getTime() - daysBefore * DAY));
    t.is((await scan()).sent, open, kind);
    t.is((await scan()).sent, 0, `${kind} again: no duplicates`);
  }
  clock.set(new Date(DUE.getTime() + DAY));
  t.is((await scan()).sent, open, 'overdue');
  t.is((await kindsSent()).filter((k) => k === 'overdue').length, open);

  // Restart on the same data directory: nothing is sent twice.
  const dataDir = first.dataDir;
  await runtime.close();
  ({ runtime, clock } = await reopen(dataDir, undefined, new Date(DUE.getTime() + 2 * DAY).toISOString()));
  t.teardown(() => runtime.close());
  t.is((await scan()).sent, 0, 'after a restart: nothing again');

  // Escalation once overdue for 7 days, to each person's manager.
  clock.set(new Date(DUE.getTime() + 6 * DAY));
  t.is((await scan()).sent, 0, 'not yet');
  clock.set(new Date(DUE.getTime() + 8 * DAY));
  t.is((await scan()).sent, open, 'escalations');
  const escalations = await runtime.store.db.collection('reminders').find({ kind: 'escalation-overdue' }).toArray();
  // Someone who manages nobody (a manager also gets their reports' escalations).
  const someone = members.find((p) => p.id !== done.id && !org.people.some((q) => q.managerId === p.id))!;
  const theirs = escalations.find((e) => e.personId === someone.id)!;
  t.is(theirs.recipientId, someone.managerId);
  t.is((await scan()).sent, 0);

  // In-app: the person sees 4 reminders (after the notice of the assignment itself), unread; the manager sees an escalation; the completer none.
  const { items, unread } = await runtime.services.notifications.list(someone.id, { limit: 50 });
  t.deepEqual(items.map((i) => i.kind).sort(), ['assigned', 'due-30', 'due-60', 'due-90', 'overdue']);
  t.is(unread, 5);
  t.is(await runtime.services.notifications.markRead(someone.id), 5);
  t.is((await runtime.services.notifications.list(someone.id, { limit: 50 })).unread, 0);
  const managerView = await runtime.services.notifications.list(someone.managerId!, { limit: 500 });
  t.true(managerView.items.some((i) => i.kind === 'escalation-overdue' && i.title.includes('Harassment prevention')));
  t.false((await runtime.services.notifications.list(done.id, { limit: 500 })).items.some((i) => !i.kind.startsWith('escalation') && i.kind !== 'assigned'), 'the completer has no reminders of their own');

  // Without SMTP_URL, the emails went to the outbox.
  const outbox = await runtime.services.notifications.outbox({ limit: 2000, offset: 0 });
  t.is(outbox.delivery, 'outbox');
  t.is(outbox.items.filter((m) => m.subject === 'Assigned to you: "Harassment prevention"').length, members.length, 'one assignment email each, the completer too');
  t.is(outbox.total, open * 5 + members.length, 'and the reminders and escalations');
  t.true(outbox.items.some((m) => m.to === someone.email && m.subject === 'Overdue: "Harassment prevention"'));
});

test('expiry reminders for a recertification, and email through nodemailer; a failed send is retried, never doubled', async (t) => {
  let failing = true;
  const mail = capturingTransport({ fail: () => failing });
  const { runtime, clock, org } = await setup({ transport: mail.transport });
  t.teardown(() => runtime.close());
  const person = org.people[42]!;
  await runtime.services.compliance.rules.create({ name: 'Forklift licence', target: { type: 'activity', id: 'https://lms.test/activities/forklift', title: 'Forklift licence' }, criteria: { people: [person.id] }, due: { kind: 'none' }, recurrence: { validForMonths: 12, windowDays: 60 }, active: true });
  const write = await runtime.lrs.internalWriter('test');
  await write({ actor: learnerAgent(person, HOME), verb: { id: VERBS.passed }, object: { id: 'https://lms.test/activities/forklift' }, timestamp: '2026-03-01T09:00:00Z' });
  const scan = async () => {
    await runtime.services.compliance.evaluate();
    return runtime.services.compliance.scanReminders();
  };
  clock.set('2027-01-15T09:00:00Z'); // 45 days before expiry (2027-03-01): inside 60, the nearest threshold
  // The assignment emails (the first cycle, and the renewal this evaluation opens) failed too: the scan retries them beside the reminder.
  const failed = await scan();
  t.like(failed, { sent: 0, failed: 3 });
  t.is(mail.sent.length, 0);
  failing = false;
  t.like(await scan(), { sent: 3, failed: 0 });
  t.like(await scan(), { sent: 0 });
  const reminders = mail.sent.filter((m) => !m.subject.startsWith('Assigned to you') && !m.subject.startsWith('Time to renew'));
  t.is(mail.sent.length, 3);
  t.is(reminders.length, 1);
  t.is(reminders[0]!.to, person.email);
  t.regex(reminders[0]!.subject, /Forklift licence.*expires in 60 days or less/);
  const record = await runtime.store.db.collection('reminders').findOne({ personId: person.id, kind: 'expiry-60' });
  t.like(record, { kind: 'expiry-60', state: 'sent', attempts: 2 });
  t.is((await runtime.services.notifications.outbox({ limit: 10, offset: 0 })).total, 0, 'with a transport, nothing goes to the outbox');
  // The in-app notification was written once, on the first attempt: only the email was retried.
  t.is((await runtime.services.notifications.list(person.id, { limit: 10 })).items.filter((n) => n.kind.startsWith('expiry')).length, 1);
  clock.set('2027-03-02T09:00:00Z');
  t.like(await scan(), { sent: 1 });
  t.is(mail.sent.at(-1)!.subject, 'Expired: "Forklift licence"');
});

test('an assignment email goes through nodemailer once per assignment; a failed send is sent again by the reminder scan, once', async (t) => {
  let failing = false;
  const mail = capturingTransport({ fail: () => failing });
  const { runtime, org } = await setup({ transport: mail.transport });
  t.teardown(() => runtime.close());
  const [ann, bob] = [org.people[7]!, org.people[8]!];
  const { compliance } = runtime.services;
  await compliance.rules.create({ name: 'Ladder safety', target: { type: 'activity', id: 'https://lms.test/activities/ladders', title: 'Ladder safety' }, criteria: { people: [ann.id] }, due: { kind: 'none' }, active: true });
  await compliance.evaluate();
  await compliance.evaluate([ann.id]);
  const toAnn = mail.sent.filter((m) => m.to === ann.email);
  t.is(toAnn.length, 1, 'once, whatever re-runs');
  t.is(toAnn[0]!.subject, 'Assigned to you: "Ladder safety"');
  t.regex(toAnn[0]!.text, /by the rule “Ladder safety”\)\. Due: no due date\.\n\nOpen it here: https?:\/\/\S+\/#\/my-learning$/);

  failing = true;
  await compliance.rules.create({ name: 'Ladder safety, Bob', target: { type: 'activity', id: 'https://lms.test/activities/ladders', title: 'Ladder safety' }, criteria: { people: [bob.id] }, due: { kind: 'none' }, active: true });
  await compliance.evaluate();
  t.is((await runtime.services.notifications.list(bob.id, { limit: 10 })).items.filter((n) => n.kind === 'assigned').length, 1, 'Bob has the in-app notice');
  t.like(await runtime.store.db.collection('reminders').findOne({ personId: bob.id, kind: 'assigned' }), { state: 'failed', attempts: 1 });
  t.like(await compliance.scanReminders(), { failed: 1 }, 'still failing: kept');
  failing = false;
  await compliance.evaluate();
  t.is(mail.sent.filter((m) => m.to === bob.email).length, 0, 'an evaluation does not send it again (the notice is there)');
  t.like(await compliance.scanReminders(), { sent: 1 });
  t.like(await compliance.scanReminders(), { sent: 0 });
  const toBob = mail.sent.filter((m) => m.to === bob.email);
  t.is(toBob.length, 1, 'sent once, by the scan');
  t.is(toBob[0]!.subject, 'Assigned to you: "Ladder safety"');
  t.like(await runtime.store.db.collection('reminders').findOne({ personId: bob.id, kind: 'assigned' }), { state: 'sent', attempts: 3 });
  t.is(mail.sent.filter((m) => m.to === ann.email).length, 1, 'Ann’s email was never repeated');
});
