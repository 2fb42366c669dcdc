import test from 'ava';
import { pathActivityId, VERBS } from '../learning-record/identity.js';
import { ConflictError, ValidationError } from '../http/errors.js';
import { NestedPathCycleError, StepCycleError } from './path-errors.js';
import type { PathInput } from './path-schema.js';
import { setupLearning, HOME } from './learning-test-support.js';

const ACT = (n: string) => `https://tools.example.com/activities/${n}`;

function step(id: string, extra: Partial<PathInput['steps'][number]> = {}): PathInput['steps'][number] {
  return { id, title: `Step ${id}`, type: 'activity', ref: ACT(id), prerequisites: [], gates: [], required: true, ...extra };
}

const skillsFramework = {
  name: 'Core skills',
  levels: [
    { level: 1, name: 'Aware' },
    { level: 2, name: 'Practising' },
    { level: 3, name: 'Proficient' },
  ],
  competencies: [{ id: 'forklift', name: 'Forklift safety', anchors: [{ level: 3, text: 'Operates without supervision' }] }],
  requirements: [],
  evidenceRules: [],
};

test('a step unlocks when its prerequisite is complete, from the LRS record', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const ava = await l.person('Ava Stone');
  const path = await l.learning.paths.create({ title: 'Onboarding', steps: [step('one'), step('two', { prerequisites: ['one'] })] }, 'hr');

  let p = await l.learning.paths.progress(ava, path.id);
  t.deepEqual(p.steps.map((s) => s.state), ['unlocked', 'locked']);
  t.deepEqual(p.steps[1]!.reasons, [{ kind: 'prerequisite', stepId: 'one', title: 'Step one' }]);
  t.is(p.status, 'not_started');

  await l.record(ava, ACT('one'), VERBS.progressed);
  p = await l.learning.paths.progress(ava, path.id);
  t.deepEqual(p.steps.map((s) => s.state), ['in_progress', 'locked'], 'a statement without a completion verb is progress only');

  await l.record(ava, ACT('one'), VERBS.passed);
  p = await l.learning.paths.progress(ava, path.id);
  t.deepEqual(p.steps.map((s) => s.state), ['complete', 'unlocked']);
  t.deepEqual(p.steps[1]!.reasons, []);
  t.is(p.status, 'in_progress');
});

test('a competency gate keeps a step locked until the level is reached, and says which gate', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const hr = await l.person('Hana HR', { roles: ['hr'] });
  const ava = await l.person('Ava Stone');
  await l.learning.competencies.create(skillsFramework);
  const path = await l.learning.paths.create({ title: 'Warehouse', steps: [step('drive', { gates: [{ competencyId: 'forklift', level: 3 }] })] }, 'hr');

  let p = await l.learning.paths.progress(ava, path.id);
  t.is(p.steps[0]!.state, 'locked');
  t.like(p.steps[0]!.reasons[0], { kind: 'gate', competencyId: 'forklift', competency: 'Forklift safety', level: 3, levelName: 'Proficient', current: null });

  await l.learning.competencies.rate(hr, ava.id, { competencyId: 'forklift', level: 2 });
  p = await l.learning.paths.progress(ava, path.id);
  t.like(p.steps[0]!.reasons[0], { kind: 'gate', current: 2, currentName: 'Practising' });

  l.advance();
  await l.learning.competencies.rate(hr, ava.id, { competencyId: 'forklift', level: 3 });
  p = await l.learning.paths.progress(ava, path.id);
  t.is(p.steps[0]!.state, 'unlocked');
});

test('prerequisite cycles are refused naming the steps in order', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const input = { title: 'Loop', steps: [step('a', { prerequisites: ['c'] }), step('b', { prerequisites: ['a'] }), step('c', { prerequisites: ['b'] }), step('d')] };
  const err = await t.throwsAsync(() => l.learning.paths.create(input, 'hr'), { instanceOf: StepCycleError });
  t.is(err!.status, 422);
  t.is(err!.field, 'steps');
  const cycle = err!.cycle.map((s) => s.id);
  t.is(cycle.length, 4);
  t.is(cycle[0], cycle[3], 'the cycle closes on its first step');
  t.deepEqual(new Set(cycle), new Set(['a', 'b', 'c']));
  t.regex(err!.message, /Step a.*→.*→.*→/);
  t.deepEqual(await l.learning.paths.list(), [], 'nothing was saved');

  const self = await t.throwsAsync(() => l.learning.paths.create({ title: 'Self', steps: [step('a', { prerequisites: ['a'] })] }, 'hr'), { instanceOf: ValidationError });
  t.is(self!.field, 'steps.0.prerequisites.0');
  const unknown = await t.throwsAsync(() => l.learning.paths.create({ title: 'Unknown', steps: [step('a', { prerequisites: ['zz'] })] }, 'hr'), { instanceOf: ValidationError });
  t.is(unknown!.field, 'steps.0.prerequisites.0');
});

test('nested paths that contain each other are refused, naming the chain', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const inner = await l.learning.paths.create({ title: 'Inner', steps: [step('x')] }, 'hr');
  const middle = await l.learning.paths.create({ title: 'Middle', steps: [{ ...step('in'), type: 'path', ref: inner.id }] }, 'hr');
  const err = await t.throwsAsync(
    () => l.learning.paths.update(inner.id, { title: 'Inner', steps: [step('x'), { ...step('back'), type: 'path', ref: middle.id }] }, 'hr'),
    { instanceOf: NestedPathCycleError },
  );
  t.is(err!.status, 422);
  t.deepEqual(err!.chain.map((c) => c.title), ['Inner', 'Middle', 'Inner']);
  t.deepEqual(err!.chain.map((c) => c.stepId), ['back', 'in', undefined]);
  t.is((await l.learning.paths.get(inner.id)).version, 1, 'the refused version was not saved');
  await t.throwsAsync(() => l.learning.paths.update(inner.id, { title: 'Inner', steps: [{ ...step('me'), type: 'path', ref: inner.id }] }, 'hr'), { instanceOf: NestedPathCycleError });
});

test('a new version applies to people who have not started; people under way keep theirs', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const started = await l.person('Sam Started');
  const enrolledStarted = await l.person('Eve Enrolled');
  const fresh = await l.person('Nia New');
  const v1 = await l.learning.paths.create({ title: 'Safety', steps: [step('intro'), step('old', { prerequisites: ['intro'] })] }, 'hr');
  await l.learning.enrolments.enrol({ personIds: [enrolledStarted.id], targetType: 'path', targetId: v1.id }, 'hr', async () => true);

  await l.record(started, ACT('intro'));
  t.is((await l.learning.paths.progress(started, v1.id)).version, 1, 'Sam started on version 1');
  // Eve completes a step but nobody computes her progress before the new version: publishing records her version.
  await l.record(enrolledStarted, ACT('intro'));

  const v2 = await l.learning.paths.update(v1.id, { title: 'Safety', steps: [step('intro'), step('new', { prerequisites: ['intro'] })] }, 'hr');
  t.is(v2.version, 2);

  const sam = await l.learning.paths.progress(started, v1.id);
  t.is(sam.version, 1);
  t.is(sam.currentVersion, 2);
  t.deepEqual(sam.steps.map((s) => s.id), ['intro', 'old']);
  t.deepEqual((await l.learning.paths.progress(enrolledStarted, v1.id)).steps.map((s) => s.id), ['intro', 'old']);
  const nia = await l.learning.paths.progress(fresh, v1.id);
  t.is(nia.version, 2);
  t.deepEqual(nia.steps.map((s) => s.id), ['intro', 'new']);
});

test('the path completion statement is written once per person and version', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const ava = await l.person('Ava Stone');
  const path = await l.learning.paths.create({ title: 'Short', steps: [step('a'), step('b', { prerequisites: ['a'] }), step('opt', { required: false })] }, 'hr');
  await l.record(ava, ACT('a'));
  t.is((await l.learning.paths.progress(ava, path.id)).status, 'in_progress');
  await l.record(ava, ACT('b'));
  const first = await l.learning.paths.progress(ava, path.id);
  t.is(first.status, 'complete', 'optional steps are not needed');
  t.truthy(first.completionStatementId);
  l.advance();
  const second = await l.learning.paths.progress(ava, path.id);
  t.is(second.completionStatementId, first.completionStatementId);
  t.is(second.completedAt, first.completedAt);
  const { statements } = await l.lrs.records.find({ activityIds: [pathActivityId(HOME, path.id)], verbs: [VERBS.completed] });
  t.is(statements.length, 1);
  t.is((statements[0]!.actor as { account: { name: string } }).account.name, ava.id);
});

test('an assessment step needs its minimum score', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const ava = await l.person('Ava Stone');
  const path = await l.learning.paths.create({ title: 'Quiz', steps: [step('exam', { minScore: 0.8 })] }, 'hr');
  await l.record(ava, ACT('exam'), VERBS.completed, 0.5);
  let p = await l.learning.paths.progress(ava, path.id);
  t.is(p.steps[0]!.state, 'in_progress');
  t.is(p.steps[0]!.score, 0.5);
  await l.record(ava, ACT('exam'), VERBS.passed, 0.9);
  p = await l.learning.paths.progress(ava, path.id);
  t.is(p.steps[0]!.state, 'complete');
  t.is(p.status, 'complete');
});

test('a nested path step completes when the nested path does', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const ava = await l.person('Ava Stone');
  const inner = await l.learning.paths.create({ title: 'Inner', steps: [step('x')] }, 'hr');
  const outer = await l.learning.paths.create({ title: 'Outer', steps: [{ ...step('in'), type: 'path', ref: inner.id }, step('after', { prerequisites: ['in'] })] }, 'hr');
  t.deepEqual((await l.learning.paths.progress(ava, outer.id)).steps.map((s) => s.state), ['unlocked', 'locked']);
  await l.record(ava, ACT('x'));
  const p = await l.learning.paths.progress(ava, outer.id);
  t.deepEqual(p.steps.map((s) => s.state), ['complete', 'unlocked']);
  const { statements } = await l.lrs.records.find({ activityIds: [pathActivityId(HOME, inner.id)], verbs: [VERBS.completed] });
  t.is(statements.length, 1, 'the inner path completion was stated');
});

test('steps must name things that exist', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const bad = async (s: PathInput['steps'][number]) => (await t.throwsAsync(() => l.learning.paths.create({ title: 'Bad', steps: [s] }, 'hr'), { instanceOf: ValidationError }))!.field;
  t.is(await bad({ ...step('p'), type: 'package', ref: '0123456789abcdef01234567' }), 'steps.0.ref');
  t.is(await bad({ ...step('p'), type: 'policy', ref: 'nope' }), 'steps.0.ref');
  t.is(await bad({ ...step('p'), ref: 'not an iri' }), 'steps.0.ref');
  t.is(await bad(step('p', { gates: [{ competencyId: 'ghost', level: 1 }] })), 'steps.0.gates.0.competencyId');
  t.is(await bad({ ...step('p'), type: 'policy', ref: 'nope', minScore: 0.5 }), 'steps.0.minScore');
});

test('the completion sweep states a path complete without anyone opening it, and reads only new statements next time', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const ava = await l.person('Ava Stone');
  const ben = await l.person('Ben Okafor');
  const path = await l.learning.paths.create({ title: 'Sweep', steps: [step('a'), step('b', { prerequisites: ['a'] })] }, 'hr');
  await l.learning.enrolments.enrol({ personIds: [ava.id, ben.id], targetType: 'path', targetId: path.id }, 'hr', async () => true);
  await l.record(ava, ACT('a'));
  await l.record(ava, ACT('b'));
  await l.record(ben, ACT('a'));

  const first = await l.learning.sweepCompletions();
  t.is(first.people, 2);
  t.is(first.pathsCompleted, 1);
  const completions = async () => (await l.lrs.records.find({ activityIds: [pathActivityId(HOME, path.id)], verbs: [VERBS.completed] })).statements;
  t.deepEqual((await completions()).map((s) => (s.actor as { account: { name: string } }).account.name), [ava.id]);

  await l.record(ben, ACT('b'));
  const second = await l.learning.sweepCompletions();
  // Ben's new completion, and Ava's path completion written by the first sweep.
  t.is(second.people, 2);
  t.is((await completions()).length, 2);
  const third = await l.learning.sweepCompletions();
  t.is(third.people, 1, 'only the path completion the second sweep wrote is new');
  t.is((await completions()).length, 2, 'nothing is stated twice');
});

test('a path nested in another, or a framework gating a step, is not deleted', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const fw = await l.learning.competencies.create(skillsFramework);
  const inner = await l.learning.paths.create({ title: 'Inner', steps: [step('x', { gates: [{ competencyId: 'forklift', level: 1 }] })] }, 'hr');
  const outer = await l.learning.paths.create({ title: 'Outer', steps: [{ ...step('in'), type: 'path', ref: inner.id }] }, 'hr');
  const nested = await t.throwsAsync(() => l.learning.paths.remove(inner.id), { instanceOf: ConflictError });
  t.regex(nested!.message, /step of “Outer”/);
  const gated = await t.throwsAsync(() => l.learning.competencies.remove(fw.id), { instanceOf: ConflictError });
  t.regex(gated!.message, /“Inner”/);
  await l.learning.paths.remove(outer.id);
  await l.learning.paths.remove(inner.id);
  await l.learning.competencies.remove(fw.id);
  t.deepEqual(await l.learning.paths.list(), []);
  t.deepEqual(await l.learning.competencies.list(), []);
});
