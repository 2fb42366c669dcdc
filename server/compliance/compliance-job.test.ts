/** The compliance queue: a rule change enqueues an evaluation; the scan job evaluates and sends reminders. */
import test from 'ava';
import { startTestApp } from '../../test/helpers/app.js';
import { seedOrganisation } from '../../test/fixtures/seed-organisation.js';
import { COMPLIANCE_QUEUE, type ComplianceJob } from './compliance-job.js';

test('rule changes evaluate in the background; the scan job sends the reminders due', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const org = await seedOrganisation({ db: app.runtime.store.db, people: 60, departments: 2, seed: 3 });
  const queue = app.runtime.jobs.queue<ComplianceJob>(COMPLIANCE_QUEUE);
  const finished = (task: ComplianceJob['task']) =>
    new Promise<unknown>((resolve, reject) => {
      const offDone = queue.on('completed', (job, result) => job.data.task === task && (offDone(), offFail(), resolve(result)));
      const offFail = queue.on('failed', (job, reason) => job.data.task === task && (offDone(), offFail(), reject(new Error(reason))));
    });
  const evaluated = finished('evaluate');
  await app.runtime.services.compliance.rules.create({ name: 'Due soon', target: { type: 'activity', id: 'https://lms.test/a', title: 'Due soon' }, criteria: { everyone: true }, due: { kind: 'afterAssignment', days: 10 }, active: true });
  t.like(await evaluated, { created: org.people.length });
  t.is(await app.runtime.services.compliance.statuses.countDocuments({ status: 'not_started' }), org.people.length);

  const scanned = finished('scan');
  await queue.add({ task: 'scan' });
  const result = (await scanned) as { reminders: { sent: number } };
  t.is(result.reminders.sent, org.people.length, 'due in 10 days: the 30-day reminder for everyone');
  const mails = (await app.runtime.services.notifications.outbox({ limit: 500, offset: 0 })).items;
  t.is(mails.filter((m) => m.subject === '"Due soon" is due in 30 days or less').length, org.people.length, 'a reminder each');
  t.is(mails.filter((m) => m.subject === 'Assigned to you: "Due soon"').length, org.people.length, 'and the email of the assignment itself');
  t.is(mails.length, 2 * org.people.length);
});
