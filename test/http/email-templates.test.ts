/**
 * HR's words in the reminder emails, over HTTP: a changed template is what the next
 * reminder says, with the link opening the very item (a policy on My learning); a
 * placeholder the email does not fill, or a template without the link, is refused naming
 * the field; reset brings the default back. Only HR and admins may change them.
 */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';

const PASSWORD = 'Correct-Horse-Battery-42';

test('a changed reminder template is what the next email says; bad templates are refused naming the field', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  await app.createUser({ email: 'ella@example.com', password: PASSWORD, name: 'Ella Employee', roles: ['employee'] });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  const employee = new HttpClient(app.url);
  await employee.login('ella@example.com', PASSWORD);

  const list = await hr.request('GET', '/api/email-templates');
  t.is(list.status, 200);
  t.deepEqual(list.body.items.map((i: { kind: string }) => i.kind), ['assignment', 'due', 'overdue', 'expiry', 'expired', 'escalation']);
  t.false(list.body.items[0].customised);
  t.is((await employee.request('GET', '/api/email-templates')).status, 403);
  t.is((await employee.request('PUT', '/api/email-templates/due', { subject: 'x', text: '{link}' })).status, 403);

  const unknown = await hr.request('PUT', '/api/email-templates/due', { subject: 'Due: {title}', text: 'Dear {firstName}, {link}' });
  t.is(unknown.status, 400);
  t.is(unknown.body.error.field, 'text');
  t.regex(unknown.body.error.message, /\{firstName\} is not filled in/);
  const noLink = await hr.request('PUT', '/api/email-templates/due', { subject: 'Due: {title}', text: 'Please do it.' });
  t.is(noLink.body.error.field, 'text');
  t.is((await hr.request('PUT', '/api/email-templates/nonsense', { subject: 'x', text: '{link}' })).body.error.field, 'kind');

  const saved = await hr.request('PUT', '/api/email-templates/due', { subject: 'Please finish {title} ({days} days left)', text: 'Hi {name},\n{title} is due on {date}.\nOpen it here: {link}' });
  t.is(saved.status, 200);
  t.true(saved.body.items.find((i: { kind: string }) => i.kind === 'due').customised);

  const policy = await hr.request('POST', '/api/policies', { title: 'Code of conduct', text: 'Be kind.' });
  const due = new Date(app.runtime.clock.now().getTime() + 20 * 86_400_000);
  const { compliance } = app.runtime.services;
  await compliance.rules.create({ name: 'Conduct', target: { type: 'policy', id: policy.body.id, title: 'Code of conduct' }, criteria: { everyone: true }, due: { kind: 'absolute', date: due }, active: true });
  await compliance.evaluate();
  t.true((await compliance.scanReminders()).sent >= 1);
  const outbox = await hr.request('GET', '/api/outbox?limit=50');
  const mail = (outbox.body.items as Array<{ to: string; subject: string; text: string; reminderKey?: string }>).find((m) => m.to === 'ella@example.com' && m.reminderKey)!;
  t.truthy(mail, 'Ella was reminded');
  t.is(mail.subject, 'Please finish Code of conduct (30 days left)');
  t.is(mail.text, `Hi Ella Employee,\nCode of conduct is due on ${due.toISOString().slice(0, 10)}.\nOpen it here: ${app.runtime.config.publicUrl}/#/my-learning/policy/${policy.body.id}`);
  // The in-app copy links to the same page.
  const notices = await employee.request('GET', '/api/notifications');
  t.true((notices.body.items as Array<{ kind: string; link?: string }>).some((n) => n.kind === 'due-30' && n.link === `#/my-learning/policy/${policy.body.id}`));

  const reset = await hr.request('DELETE', '/api/email-templates/due');
  t.false(reset.body.items.find((i: { kind: string }) => i.kind === 'due').customised);
  t.is(reset.body.items.find((i: { kind: string }) => i.kind === 'due').subject, '"{title}" is due in {days} days or less');
});

test('a rule that assigns something emails each person once, in HR’s assignment template, linking to the item', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  const ella = await app.createUser({ email: 'ella@example.com', password: PASSWORD, name: 'Ella Employee', roles: ['employee'], department: 'Sales' });
  await app.createUser({ email: 'sam@example.com', password: PASSWORD, name: 'Sam Support', roles: ['employee'], department: 'Support' });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  const mails = async () => ((await hr.request('GET', '/api/outbox?limit=100')).body.items as Array<{ to: string; subject: string; text: string }>).filter((m) => /Assigned|assigned/.test(m.subject + m.text));

  // The template refuses a placeholder it does not fill, and needs the link.
  const bad = await hr.request('PUT', '/api/email-templates/assignment', { subject: 'New: {title}', text: 'Hi {firstName} {link}' });
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'text');
  t.is((await hr.request('PUT', '/api/email-templates/assignment', { subject: 'New: {title}', text: 'Assigned, no link' })).body.error.field, 'text');
  const saved = await hr.request('PUT', '/api/email-templates/assignment', { subject: 'Assigned: {title} (due {date})', text: 'Hi {name}, you were assigned {title} {reason}.\nStart here: {link}' });
  t.is(saved.status, 200);

  const policy = await hr.request('POST', '/api/policies', { title: 'Code of conduct', text: 'Be kind.' });
  const rule = await hr.request('POST', '/api/assignment-rules', { name: 'Sales conduct', target: { type: 'policy', id: policy.body.id, title: 'Code of conduct' }, criteria: { departments: ['Sales'] }, due: { kind: 'absolute', date: '2031-03-01' } });
  t.is(rule.status, 201);
  const { compliance } = app.runtime.services;
  await compliance.evaluate();
  const sent = await mails();
  t.is(sent.length, 1, 'Ella only: Sam is not in Sales');
  t.is(sent[0]!.to, 'ella@example.com');
  t.is(sent[0]!.subject, 'Assigned: Code of conduct (due 2031-03-01)');
  t.is(sent[0]!.text, `Hi Ella Employee, you were assigned Code of conduct by the rule “Sales conduct”.\nStart here: ${app.runtime.config.publicUrl}/#/my-learning/policy/${policy.body.id}`);

  // Re-evaluating (a full run, then Ella's own) sends nothing twice; the in-app notice is there once too.
  await compliance.evaluate();
  await compliance.evaluate([ella.id]);
  t.is((await mails()).length, 1, 'once per assignment');
  const ellaC = new HttpClient(app.url);
  await ellaC.login('ella@example.com', PASSWORD);
  const notices = (await ellaC.request('GET', '/api/notifications')).body.items as Array<{ title: string }>;
  t.is(notices.filter((n) => n.title === 'Assigned to you: Code of conduct').length, 1);

  // A course assigned with the default template links to the course's own page.
  t.is((await hr.request('DELETE', '/api/email-templates/assignment')).status, 200);
  const rule2 = await hr.request('POST', '/api/assignment-rules', { name: 'Everyone safety', target: { type: 'activity', id: 'https://lms.test/fire-safety', title: 'Fire safety' }, criteria: { everyone: true } });
  t.is(rule2.status, 201);
  await compliance.evaluate();
  const fire = (await mails()).filter((m) => m.subject === 'Assigned to you: "Fire safety"');
  t.deepEqual(fire.map((m) => m.to).sort(), ['ella@example.com', 'hr@example.com', 'sam@example.com']);
  t.regex(fire[0]!.text, /has been assigned to you \(by the rule “Everyone safety”\)\. Due: no due date\./);
});
