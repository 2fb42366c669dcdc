/**
 * Assignments made outside a rule send the assignment email too, in HR's template, once per
 * assignment: HR enrolling people in a path or a policy (a repeat enrolment, e.g. a changed
 * due date, is not announced again), and a learner enrolling from the catalogue (a second
 * click is not either).
 */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { loadSamples } from '../helpers/samples.js';

const PASSWORD = 'Correct-Horse-Battery-42';

test('HR enrolments in a path or policy, and catalogue self-enrolments, email the learner once each', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'author@example.com', password: PASSWORD, name: 'Ava Author', roles: ['author'] });
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  const ella = await app.createUser({ email: 'ella@example.com', password: PASSWORD, name: 'Ella Employee', roles: ['employee'] });
  const sam = await app.createUser({ email: 'sam@example.com', password: PASSWORD, name: 'Sam Support', roles: ['employee'] });
  const samples = await loadSamples(app, { email: 'author@example.com', password: PASSWORD });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  const ellaC = new HttpClient(app.url);
  await ellaC.login('ella@example.com', PASSWORD);
  const publicUrl = app.runtime.config.publicUrl;
  type Mail = { to: string; subject: string; text: string };
  const mails = async (to: string) => ((await hr.request('GET', '/api/outbox?limit=100')).body.items as Mail[]).filter((m) => m.to === to && /assigned/i.test(m.subject));

  t.is((await hr.request('PUT', '/api/email-templates/assignment', { subject: 'Assigned: {title} (due {date})', text: 'Hi {name}, {title} is yours {reason}.\nStart here: {link}' })).status, 200);

  // A path, for two people with a due date.
  const path = await hr.request('POST', '/api/paths', { title: 'Onboarding', steps: [{ id: 'basics', title: 'Basics', type: 'package', ref: samples.scorm12 }] });
  t.is(path.status, 201);
  const enrolPath = { personIds: [ella.id, sam.id], targetType: 'path', targetId: path.body.id, dueAt: '2031-05-01T00:00:00.000Z' };
  t.is((await hr.request('POST', '/api/enrolments', enrolPath)).status, 201);
  const ellaPath = await mails('ella@example.com');
  t.is(ellaPath.length, 1);
  t.is(ellaPath[0]!.subject, 'Assigned: Onboarding (due 2031-05-01)');
  t.is(ellaPath[0]!.text, `Hi Ella Employee, Onboarding is yours by HR.\nStart here: ${publicUrl}/#/my-learning/path/${path.body.id}`);
  t.is((await mails('sam@example.com')).length, 1);
  const inbox = await ellaC.request('GET', '/api/notifications');
  t.true((inbox.body.items as Array<{ title: string }>).some((n) => n.title === 'Assigned to you: Onboarding'), 'the in-app notice too');

  // Enrolling again (a new due date) is not a new assignment: no second email.
  t.is((await hr.request('POST', '/api/enrolments', { ...enrolPath, dueAt: '2031-06-01T00:00:00.000Z' })).status, 201);
  t.is((await mails('ella@example.com')).length, 1, 'once per assignment');

  // A policy, without a due date.
  const policy = await hr.request('POST', '/api/policies', { title: 'Code of conduct', text: 'Be kind.' });
  t.is(policy.status, 201);
  t.is((await hr.request('POST', '/api/enrolments', { personIds: [ella.id], targetType: 'policy', targetId: policy.body.id })).status, 201);
  const policyMail = (await mails('ella@example.com')).filter((m) => m.subject.includes('Code of conduct'));
  t.is(policyMail.length, 1);
  t.is(policyMail[0]!.subject, 'Assigned: Code of conduct (due no due date)');
  t.true(policyMail[0]!.text.endsWith(`${publicUrl}/#/my-learning/policy/${policy.body.id}`));

  // A refused enrolment (no such path) sends nothing.
  const ghost = await hr.request('POST', '/api/enrolments', { personIds: [sam.id], targetType: 'path', targetId: '0123456789abcdef01234567' });
  t.is(ghost.status, 400);
  t.is(ghost.body.error.field, 'targetId');
  t.is((await mails('sam@example.com')).length, 1);

  // Ella enrols herself in a catalogue course: one email linking to the course; a second click sends none.
  const first = await ellaC.request('POST', `/api/catalogue/${samples.cmi5}/enrol`);
  t.is(first.status, 201, JSON.stringify(first.body));
  t.true(first.body.created);
  const courseMail = async () => (await mails('ella@example.com')).filter((m) => m.text.includes(`#/player/${samples.cmi5}`));
  const course = await courseMail();
  t.is(course.length, 1);
  t.regex(course[0]!.text, /is yours you enrolled from the catalogue\./);
  t.false((await ellaC.request('POST', `/api/catalogue/${samples.cmi5}/enrol`)).body.created);
  t.is((await courseMail()).length, 1, 'once per assignment');
  t.is((await mails('sam@example.com')).length, 1, 'nothing for anyone else');
});
