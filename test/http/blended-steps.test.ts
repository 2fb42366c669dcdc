/**
 * Checklist tasks and observations over HTTP: who may tick and observe (403 otherwise),
 * 4xx naming the field with nothing written, the statements the LMS writes, the path
 * steps they complete and the competency evidence an observation gives.
 */
import test from 'ava';
import { lrsReader } from '../helpers/lrs-reader.js';
import { blendedSetup } from './blended-support.js';

test('a checklist task is ticked only by whom it names, and completes its path step through the record', async (t) => {
  const { app, ids, hr, boss, ava, ben, ivy } = await blendedSetup();
  t.teardown(() => app.close());
  const home = app.runtime.config.publicUrl;

  const noRole = await hr.request('POST', '/api/blended/tasks', { title: 'Laptop', doneBy: 'role' });
  t.is(noRole.status, 400);
  t.is(noRole.body.error.field, 'roleName');
  t.is((await ava.request('POST', '/api/blended/tasks', { title: 'x', doneBy: 'learner' })).status, 403);

  const laptop = (await hr.request('POST', '/api/blended/tasks', { title: 'Laptop handed over', doneBy: 'role', roleName: 'it', dueDaysAfterHire: 1 })).body;
  const lunch = (await hr.request('POST', '/api/blended/tasks', { title: 'Team lunch', doneBy: 'manager', evidenceRequired: true })).body;
  const buddy = (await hr.request('POST', '/api/blended/tasks', { title: 'Coffee with buddy', doneBy: 'buddy' })).body;
  t.is(laptop.activityId, `${home}/activities/task/${laptop.id}`);

  const badRef = await hr.request('POST', '/api/paths', { title: 'Onboarding', steps: [{ id: 'x', title: 'X', type: 'task', ref: 'nope' }] });
  t.is(badRef.status, 400);
  t.is(badRef.body.error.field, 'steps.0.ref');
  const path = (
    await hr.request('POST', '/api/paths', {
      title: 'Onboarding',
      steps: [
        { id: 'laptop', title: 'Laptop', type: 'task', ref: laptop.id },
        { id: 'lunch', title: 'Lunch', type: 'task', ref: lunch.id },
        { id: 'coffee', title: 'Coffee', type: 'task', ref: buddy.id, required: false },
      ],
    })
  ).body;
  t.is((await hr.request('POST', '/api/enrolments', { personIds: [ids.ava], targetType: 'path', targetId: path.id })).status, 201);

  // Each doer's to-do holds what names them, with the due date from the hire date.
  const todo = async (c: typeof hr) => (await c.request('GET', '/api/me/blended/work')).body.todo.map((i: { title: string; personName: string; due?: string }) => [i.title, i.personName, i.due ?? null]);
  t.deepEqual(await todo(ivy), [['Laptop handed over', 'Ava Stone', '2026-11-03']]);
  t.deepEqual(await todo(boss), [['Team lunch', 'Ava Stone', null]]);
  t.deepEqual(await todo(ava), [], 'the learner ticks none of these');

  // Not the named doer: the learner, a colleague, HR (the task names IT) are all refused.
  for (const c of [ava, ben, hr, boss]) t.is((await c.request('POST', `/api/blended/tasks/${laptop.id}/completions`, { personId: ids.ava })).status, 403);
  const ticked = await ivy.request('POST', `/api/blended/tasks/${laptop.id}/completions`, { personId: ids.ava, pathId: path.id, note: 'Serial 42' });
  t.is(ticked.status, 201);
  t.is((await ivy.request('POST', `/api/blended/tasks/${laptop.id}/completions`, { personId: ids.ava })).status, 409, 'ticked once');

  // Evidence note required: 400 naming it, and nothing recorded.
  t.is((await ben.request('POST', `/api/blended/tasks/${lunch.id}/completions`, { personId: ids.ava, note: 'x' })).status, 403, 'a colleague is not the manager');
  const noNote = await boss.request('POST', `/api/blended/tasks/${lunch.id}/completions`, { personId: ids.ava });
  t.is(noNote.status, 400);
  t.is(noNote.body.error.field, 'note');
  t.is((await ava.request('GET', `/api/blended/tasks/${lunch.id}/completions/${ids.ava}`)).body.completion, null);

  t.deepEqual(await todo(ivy), [], 'done: off the to-do');
  let progress = (await ava.request('GET', `/api/users/${ids.ava}/paths/${path.id}/progress`)).body;
  t.deepEqual(progress.steps.map((s: { state: string }) => s.state), ['complete', 'unlocked', 'unlocked']);
  t.is(progress.status, 'in_progress');

  t.is((await boss.request('POST', `/api/blended/tasks/${lunch.id}/completions`, { personId: ids.ava, pathId: path.id, note: 'Pizza with the team' })).status, 201);
  progress = (await ava.request('GET', `/api/users/${ids.ava}/paths/${path.id}/progress`)).body;
  t.is(progress.status, 'complete', 'the optional buddy task does not hold the path back');

  // A buddy ticks once HR names them.
  t.is((await ben.request('POST', `/api/blended/tasks/${buddy.id}/completions`, { personId: ids.ava })).status, 403);
  t.is((await ava.request('PUT', `/api/users/${ids.ava}/buddy`, { buddyId: ids.ben })).status, 403);
  t.is((await hr.request('PUT', `/api/users/${ids.ava}/buddy`, { buddyId: ids.ava })).body.error.field, 'buddyId');
  t.is((await hr.request('PUT', `/api/users/${ids.ava}/buddy`, { buddyId: ids.ben })).status, 204);
  t.is((await ben.request('POST', `/api/blended/tasks/${buddy.id}/completions`, { personId: ids.ava })).status, 201);

  const lrs = await lrsReader(app);
  const [st] = await lrs.statements({ activity: laptop.activityId });
  t.is(st.verb.id, 'http://adlnet.gov/expapi/verbs/completed');
  t.is(st.actor.account.name, ids.ava);
  t.is(st.context.instructor.account.name, ids.ivy, 'the IT person who ticked it is the instructor');
  t.is(st.context.contextActivities.grouping[0].id, `${home}/activities/path/${path.id}`);
  t.is(st.result.extensions[`${home}/xapi/extensions/task/evidence-note`], 'Serial 42');
  const pathDone = await lrs.statements({ activity: `${home}/activities/path/${path.id}` });
  t.is(pathDone.length, 1, 'the path completion was written once');
});

test('an observation is recorded by the manager or an assessor, completes its step on a pass and is competency evidence', async (t) => {
  const { app, ids, hr, boss, ava, ben, tom } = await blendedSetup();
  t.teardown(() => app.close());
  const home = app.runtime.config.publicUrl;
  const criteria = [
    { id: 'open', text: 'Opens the call with an agenda' },
    { id: 'needs', text: 'Asks about needs before pitching' },
  ];
  const badAssessor = await hr.request('POST', '/api/blended/observation-forms', { title: 'Discovery call', criteria, assessorIds: ['0123456789abcdef01234567'] });
  t.is(badAssessor.body.error.field, 'assessorIds.0');
  const form = (await hr.request('POST', '/api/blended/observation-forms', { title: 'Supervised discovery call', criteria, assessorIds: [ids.tom] })).body;
  await hr.request('POST', '/api/competency-frameworks', {
    name: 'Sales',
    levels: [{ level: 1, name: 'Aware' }, { level: 2, name: 'Productive' }],
    competencies: [{ id: 'discovery', name: 'Discovery calls' }],
    evidenceRules: [{ kind: 'statement', competencyId: 'discovery', activityId: form.activityId, verb: 'http://adlnet.gov/expapi/verbs/passed', level: 2 }],
  });
  const path = (await hr.request('POST', '/api/paths', { title: 'Sales ramp', steps: [{ id: 'obs', title: 'Observed call', type: 'observation', ref: form.id }] })).body;
  t.truthy(path.id);

  const all = (outcome: string) => criteria.map((c) => ({ criterionId: c.id, outcome }));
  const url = `/api/blended/observation-forms/${form.id}/observations`;
  t.is((await ava.request('POST', url, { personId: ids.ava, results: all('pass') })).status, 403, 'not oneself');
  t.is((await ben.request('POST', url, { personId: ids.ava, results: all('pass') })).status, 403, 'not a colleague');
  const missing = await boss.request('POST', url, { personId: ids.ava, results: [{ criterionId: 'open', outcome: 'pass' }] });
  t.is(missing.status, 400);
  t.is(missing.body.error.field, 'results');
  const unknown = await boss.request('POST', url, { personId: ids.ava, results: [...all('pass'), { criterionId: 'close', outcome: 'pass' }] });
  t.is(unknown.body.error.field, 'results.2.criterionId');
  t.is((await boss.request('POST', url, { personId: ids.ava, results: all('pass'), rating: 6 })).body.error.field, 'rating');
  t.deepEqual((await boss.request('GET', `${url}/${ids.ava}`)).body.items, [], 'nothing half-written');

  // Not yet: written as failed, the step stays open and no level is given.
  const notYet = await boss.request('POST', url, { personId: ids.ava, results: [{ criterionId: 'open', outcome: 'pass' }, { criterionId: 'needs', outcome: 'not_yet', comment: 'Pitched at minute 2' }], rating: 2 });
  t.is(notYet.status, 201);
  t.false(notYet.body.passed);
  let progress = (await ava.request('GET', `/api/users/${ids.ava}/paths/${path.id}/progress`)).body;
  t.is(progress.steps[0].state, 'in_progress');
  t.is((await ava.request('GET', '/api/me/competencies')).body.competencies[0].level, null);

  // The named assessor (not the manager) passes it.
  const pass = await tom.request('POST', url, { personId: ids.ava, results: all('pass'), rating: 5, comment: 'Textbook', pathId: path.id });
  t.is(pass.status, 201);
  progress = (await ava.request('GET', `/api/users/${ids.ava}/paths/${path.id}/progress`)).body;
  t.is(progress.status, 'complete');
  const competency = (await ava.request('GET', '/api/me/competencies')).body.competencies[0];
  t.is(competency.level, 2);
  t.is(competency.evidence[0].statementId, pass.body.statementId);

  const lrs = await lrsReader(app);
  const statements = await lrs.statements({ activity: form.activityId });
  t.deepEqual(statements.map((s) => s.verb.id), ['http://adlnet.gov/expapi/verbs/failed', 'http://adlnet.gov/expapi/verbs/passed']);
  const passed = statements[1];
  t.is(passed.result.success, true);
  t.deepEqual(passed.result.score, { raw: 5, min: 1, max: 5 });
  t.is(passed.context.instructor.account.name, ids.tom);
  t.deepEqual(passed.result.extensions[`${home}/xapi/extensions/observation/criteria`], all('pass'));
  t.is(statements[0].result.success, false);
});
