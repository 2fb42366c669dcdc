/**
 * The learner's to-do list over HTTP: a course assigned by a rule (not only paths and
 * policies) appears with its due date, the rule that assigned it and a Start action;
 * items are ordered by urgency; a course HR records as completed moves to the completions.
 */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { loadSamples } from '../helpers/samples.js';
import { todoListSchema, type TodoItem, type TodoList } from '#contract/todo.js';

const PASSWORD = 'Correct-Horse-Battery-42';


test('a rule-assigned course, a path and a policy are on one list, most urgent first; a completed course moves to completions', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr', 'author'] });
  const ella = await app.createUser({ email: 'ella@example.com', password: PASSWORD, name: 'Ella Employee', roles: ['employee'], department: 'Sales' });
  const samples = await loadSamples(app, { email: 'hr@example.com', password: PASSWORD });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);

  const policy = await hr.request('POST', '/api/policies', { title: 'Code of conduct', text: 'Be kind.' });
  t.is(policy.status, 201);
  const path = await hr.request('POST', '/api/paths', { title: 'Sales onboarding', steps: [{ id: 'intro', title: 'Introduction', type: 'package', ref: samples.scorm12 }] });
  t.is(path.status, 201);
  const { compliance } = app.runtime.services;
  const soon = new Date(Date.now() + 14 * 86_400_000);
  const late = new Date(Date.now() - 2 * 86_400_000);
  await compliance.rules.create({ name: 'Annual data protection', target: { type: 'package', id: samples.scorm2004, title: 'Data protection' }, criteria: { departments: ['Sales'] }, due: { kind: 'absolute', date: soon }, active: true });
  await compliance.rules.create({ name: 'Sales onboarding', target: { type: 'path', id: path.body.id, title: 'Sales onboarding' }, criteria: { departments: ['Sales'] }, due: { kind: 'none' }, active: true });
  await compliance.rules.create({ name: 'Conduct for everyone', target: { type: 'policy', id: policy.body.id, title: 'Code of conduct' }, criteria: { everyone: true }, due: { kind: 'absolute', date: late }, active: true });
  await compliance.evaluate([ella.id]);

  const ellaClient = new HttpClient(app.url);
  await ellaClient.login('ella@example.com', PASSWORD);
  const waitFor = async (probe: (b: TodoList) => boolean): Promise<TodoList> => {
    for (let i = 0; i < 100; i++) {
      const res = await ellaClient.request('GET', '/api/me/todo');
      t.is(res.status, 200);
      // The answer must be what the shared contract says the portal gets, field for field.
      const list = todoListSchema.parse(res.body);
      if (probe(list)) return list;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the to-do list never showed the three assignments');
  };
  const todo = await waitFor((b) => b.items.length >= 3);

  t.deepEqual(
    todo.items.map((i) => [i.kind, i.title]),
    [
      ['policy', 'Code of conduct'],
      ['course', 'Data protection'],
      ['path', 'Sales onboarding'],
    ],
    'overdue first, then by due date, then what has no due date',
  );
  const [conduct, course, onboarding] = todo.items as [TodoItem, TodoItem, TodoItem];
  t.is(conduct.status, 'overdue');
  t.is(conduct.why, 'Assigned by the rule “Conduct for everyone”');
  t.is(course.status, 'not_started');
  t.is(course.dueAt?.slice(0, 10), soon.toISOString().slice(0, 10));
  t.is(course.why, 'Assigned by the rule “Annual data protection”');
  t.deepEqual(course.action, { label: 'Start', view: 'player', params: [samples.scorm2004] });
  t.deepEqual(onboarding.action, { label: 'Start', view: 'my-learning', params: ['path', path.body.id] });
  t.deepEqual(todo.completions, []);

  // Each new assignment told once, in-app, with a link to the list; evaluating again tells nothing twice.
  await compliance.evaluate();
  const notices = (await ellaClient.request('GET', '/api/notifications?limit=50')).body as { items: Array<{ title: string; body: string; link?: string }>; unread: number };
  t.deepEqual(notices.items.map((n) => n.title).sort(), ['Assigned to you: Code of conduct', 'Assigned to you: Data protection', 'Assigned to you: Sales onboarding']);
  t.is(notices.unread, 3);
  t.true(notices.items.every((n) => n.link === '#/my-learning'));
  t.regex(notices.items.find((n) => n.title.endsWith('Data protection'))!.body, new RegExp(`Due ${soon.toISOString().slice(0, 10)}`));

  const recorded = await hr.request('POST', '/api/compliance/records', { personId: ella.id, target: { type: 'package', id: samples.scorm2004 }, kind: 'completed', reason: 'Attended the classroom version' });
  t.is(recorded.status, 201);
  const after = await waitFor((b) => b.completions.length === 1);
  t.false(after.items.some((i) => i.id === samples.scorm2004), 'a completed course leaves the list');
  t.like(after.completions[0], { kind: 'course', id: samples.scorm2004, title: 'Data protection' });

  // Someone else's list is their own: HR sees nothing of Ella's.
  const hrTodo = await hr.request('GET', '/api/me/todo');
  t.false(todoListSchema.parse(hrTodo.body).items.some((i) => i.id === samples.scorm2004));
});

test('the to-do list needs a signed-in person', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const res = await new HttpClient(app.url).request('GET', '/api/me/todo');
  t.is(res.status, 401);
});
