/**
 * The learning API over HTTP: who may do what (least privilege), errors as JSON naming the
 * field, and the flow an employee sees in "My learning".
 */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';

const PASSWORD = 'Correct-Horse-Battery-42';

async function setup() {
  const app = await startTestApp();
  const hrUser = await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  const boss = await app.createUser({ email: 'boss@example.com', password: PASSWORD, name: 'Bea Boss', roles: ['manager', 'employee'] });
  const ava = await app.createUser({ email: 'ava@example.com', password: PASSWORD, name: 'Ava Stone', roles: ['employee'], managerId: boss.id });
  const ben = await app.createUser({ email: 'ben@example.com', password: PASSWORD, name: 'Ben Okafor', roles: ['employee'] });
  const as = async (email: string) => {
    const c = new HttpClient(app.url);
    await c.login(email, PASSWORD);
    return c;
  };
  return { app, ids: { hr: hrUser.id, boss: boss.id, ava: ava.id, ben: ben.id }, hr: await as('hr@example.com'), boss: await as('boss@example.com'), ava: await as('ava@example.com'), ben: await as('ben@example.com') };
}

const framework = {
  name: 'Core',
  levels: [{ level: 1, name: 'Aware' }, { level: 2, name: 'Skilled' }],
  competencies: [{ id: 'listening', name: 'Listening', anchors: [{ level: 2, text: 'Summarises before replying' }] }],
};

test('roles: HR manages, managers rate their team, employees read their own', async (t) => {
  const { app, ids, hr, boss, ava, ben } = await setup();
  t.teardown(() => app.close());

  t.is((await ava.request('POST', '/api/competency-frameworks', framework)).status, 403);
  t.is((await ava.request('POST', '/api/paths', { title: 'x', steps: [] })).status, 403);
  t.is((await boss.request('POST', '/api/policies', { title: 'x', text: 'y' })).status, 403);
  t.is((await ava.request('GET', '/api/policies')).status, 403);
  t.is((await ava.request('POST', '/api/enrolments', {})).status, 403);
  t.is((await hr.request('POST', '/api/competency-frameworks', framework)).status, 201);

  t.is((await ava.request('POST', `/api/users/${ids.ava}/competency-ratings`, { competencyId: 'listening', level: 2 })).status, 403, 'employees do not rate');
  t.is((await boss.request('POST', `/api/users/${ids.ben}/competency-ratings`, { competencyId: 'listening', level: 2 })).status, 403, 'not their report');
  t.is((await boss.request('POST', `/api/users/${ids.ava}/competency-ratings`, { competencyId: 'listening', level: 2 })).status, 201);

  const own = await ava.request('GET', '/api/me/competencies');
  t.is(own.status, 200);
  t.is(own.body.competencies[0].level, 2);
  t.is((await boss.request('GET', `/api/users/${ids.ava}/competencies`)).status, 200, 'a manager sees their report');
  t.is((await ben.request('GET', `/api/users/${ids.ava}/competencies`)).status, 404, 'a colleague does not');
  t.is((await hr.request('GET', `/api/users/${ids.ava}/competencies`)).status, 200);
});

test('bad input is a 4xx naming the field; a cycle names its steps', async (t) => {
  const { app, hr } = await setup();
  t.teardown(() => app.close());
  const missing = await hr.request('POST', '/api/paths', { title: 'No steps' });
  t.is(missing.status, 400);
  t.is(missing.body.error.field, 'steps');
  const steps = [
    { id: 'a', title: 'Read', type: 'activity', ref: 'https://x.example/a', prerequisites: ['b'] },
    { id: 'b', title: 'Practise', type: 'activity', ref: 'https://x.example/b', prerequisites: ['a'] },
  ];
  const cycle = await hr.request('POST', '/api/paths/validate', { title: 'Loop', steps });
  t.is(cycle.status, 422);
  t.is(cycle.body.error.code, 'cycle');
  t.is(cycle.body.error.field, 'steps');
  t.regex(cycle.body.error.message, /“Read” \(a\).*“Practise” \(b\)|“Practise” \(b\).*“Read” \(a\)/);
  t.is((await hr.request('POST', '/api/paths', { title: 'Loop', steps })).status, 422);
  t.deepEqual((await hr.request('GET', '/api/paths')).body.items, []);
  const ok = await hr.request('POST', '/api/paths/validate', { title: 'Line', steps: [steps[0], { ...steps[1], prerequisites: [] }] });
  t.deepEqual(ok.body, { valid: true, layers: [['b'], ['a']] });
  const badQuiz = await hr.request('POST', '/api/policies', { title: 'P', text: 'T', quiz: { passMark: 1, questions: [{ text: 'Q', choices: ['a', 'b'], correct: 5 }] } });
  t.is(badQuiz.status, 400);
  t.is(badQuiz.body.error.field, 'quiz.questions.0.correct');
});

test('an employee sees an enrolled path, signs its policy step, and the next step unlocks', async (t) => {
  const { app, ids, hr, ava } = await setup();
  t.teardown(() => app.close());
  const policy = (await hr.request('POST', '/api/policies', { title: 'Code of conduct', text: 'Be kind.' })).body;
  const path = await hr.request('POST', '/api/paths', {
    title: 'Welcome',
    steps: [
      { id: 'sign', title: 'Sign the code', type: 'policy', ref: policy.id },
      { id: 'tour', title: 'Office tour', type: 'activity', ref: 'https://tours.example/office', prerequisites: ['sign'] },
    ],
  });
  t.is(path.status, 201);
  t.is((await hr.request('POST', '/api/enrolments', { personIds: [ids.ava], targetType: 'path', targetId: path.body.id, dueAt: '2030-01-31' })).status, 201);

  let mine = (await ava.request('GET', '/api/me/learning')).body;
  t.is(mine.paths.length, 1);
  t.is(mine.paths[0].dueAt, '2030-01-31T00:00:00.000Z');
  t.deepEqual(mine.paths[0].steps.map((s: { state: string }) => s.state), ['unlocked', 'locked']);
  t.deepEqual(mine.policies.map((p: { policy: { title: string } }) => p.policy.title), ['Code of conduct']);

  const wrongName = await ava.request('POST', `/api/policies/${policy.id}/acknowledgements`, { version: 1, typedName: 'A. Stone' });
  t.is(wrongName.status, 400);
  t.is(wrongName.body.error.field, 'typedName');
  t.is((await ava.request('POST', `/api/policies/${policy.id}/acknowledgements`, { version: 1, typedName: 'AVA STONE' })).status, 201);

  mine = (await ava.request('GET', '/api/me/learning')).body;
  t.deepEqual(mine.paths[0].steps.map((s: { state: string }) => s.state), ['complete', 'unlocked']);
  t.deepEqual(mine.policies, []);
  const signatures = (await hr.request('GET', `/api/policies/${policy.id}/signatures`)).body;
  t.deepEqual(signatures.signed.map((s: { name: string }) => s.name), ['Ava Stone']);
  const onPath = await hr.request('GET', `/api/paths/${path.body.id}/people`);
  t.like(onPath.body.items[0], { personId: ids.ava, name: 'Ava Stone', version: 1, status: 'in_progress', requiredDone: 1, requiredTotal: 2 });
  t.is((await ava.request('GET', `/api/paths/${path.body.id}/people`)).status, 403);
});
