/**
 * Checklist task reminders: the one who must tick a task with a due date is told in-app
 * and by email in HR's due/overdue templates (due, then overdue), once each however often
 * the job runs, and nothing once it is done.
 */
import test from 'ava';
import type { NotificationDoc } from '../../server/notifications/notification-types.js';
import { createTaskReminders, taskReminderDeps } from '../../server/blended/task-reminders.js';
import { blendedSetup } from './blended-support.js';

test('the manager is reminded of a due task and told once when it is overdue; a done task is not chased', async (t) => {
  const { app, ids, hr, boss } = await blendedSetup();
  t.teardown(() => app.close());
  // Ava was hired 2026-11-02: one task due 2026-11-03 (overdue today), one due a year after hire (not yet), one ticked by HR (not chased).
  const lunch = (await hr.request('POST', '/api/blended/tasks', { title: 'Team lunch', doneBy: 'manager', dueDaysAfterHire: 1 })).body;
  const review = (await hr.request('POST', '/api/blended/tasks', { title: 'One-year review', doneBy: 'manager', dueDaysAfterHire: 365 })).body;
  const badge = (await hr.request('POST', '/api/blended/tasks', { title: 'Badge', doneBy: 'hr', dueDaysAfterHire: 1 })).body;
  const path = (
    await hr.request('POST', '/api/paths', {
      title: 'Onboarding',
      steps: [
        { id: 'lunch', title: 'Lunch', type: 'task', ref: lunch.id },
        { id: 'review', title: 'Review', type: 'task', ref: review.id },
        { id: 'badge', title: 'Badge', type: 'task', ref: badge.id },
      ],
    })
  ).body;
  await hr.request('POST', '/api/enrolments', { personIds: [ids.ava, ids.ben], targetType: 'path', targetId: path.id });
  const inbox = app.runtime.store.db.collection<NotificationDoc>('notifications');
  const deps = taskReminderDeps(app.runtime);

  // Ben has no hire date: nothing is due for him. Ava's lunch is overdue.
  t.is(await createTaskReminders(deps).run(), 1);
  t.is(await createTaskReminders(deps).run(), 0, 'a re-run sends nothing twice');
  const sent = await inbox.find({ personId: ids.boss }).toArray();
  t.deepEqual(sent.map((n) => [n.kind, n.title, n.link]), [['task-overdue', 'Overdue 2026-11-03: Team lunch for Ava Stone', '#/blended']]);
  const taskMails = async () =>
    ((await hr.request('GET', '/api/outbox?limit=100')).body.items as Array<{ to: string; subject: string; text: string }>).filter((m) => /Team lunch|One-year review/.test(m.subject));
  const lunchMail = await taskMails();
  t.is(lunchMail.length, 1, 'one email, however often the job runs');
  t.like(lunchMail[0], { to: 'boss@example.com', subject: 'Overdue: "Team lunch for Ava Stone"' });
  t.regex(lunchMail[0]!.text, /was due on 2026-11-03[\s\S]*\/#\/blended/);

  // HR's edited "due" template is the one used.
  t.is((await hr.request('PUT', '/api/email-templates/due', { subject: 'Coming up: {title} ({days} days)', text: 'Due {date}. {link}' })).status, 200);

  // Near the one-year review (3 days before): "due"; once ticked, nothing more.
  const nearReview = taskReminderDeps(app.runtime);
  nearReview.now = () => new Date('2027-10-30T10:00:00Z');
  t.is(await createTaskReminders(nearReview).run(), 1);
  t.like((await inbox.find({ personId: ids.boss, kind: 'task-due' }).toArray())[0], { title: 'Due 2027-11-02: One-year review for Ava Stone' });
  t.deepEqual((await taskMails()).map((m) => m.subject).sort(), ['Coming up: One-year review for Ava Stone (3 days)', 'Overdue: "Team lunch for Ava Stone"']);
  t.is((await boss.request('POST', `/api/blended/tasks/${review.id}/completions`, { personId: ids.ava })).status, 201);
  nearReview.now = () => new Date('2027-11-05T10:00:00Z');
  t.is(await createTaskReminders(nearReview).run(), 0, 'done: no overdue notice');
  t.is(await inbox.countDocuments({ personId: ids.hr }), 0, 'HR-done tasks are not chased by notice');
});
