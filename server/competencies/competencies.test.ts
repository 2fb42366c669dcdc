import test from 'ava';
import { ConflictError, ForbiddenError, ValidationError } from '../http/errors.js';
import { VERBS } from '../learning-record/identity.js';
import { setupLearning } from '../paths/learning-test-support.js';
import type { FrameworkInput } from './competency-schema.js';
import { levelForScore, requirementFor } from './competency-service.js';

const EXAM = 'https://assess.example.com/exams/data-privacy';
const SIM = 'https://sim.example.com/scenarios/breach-drill';

const framework: FrameworkInput = {
  name: 'Compliance',
  levels: [
    { level: 1, name: 'Aware' },
    { level: 2, name: 'Practising' },
    { level: 3, name: 'Proficient' },
    { level: 4, name: 'Expert' },
  ],
  competencies: [
    { id: 'privacy', name: 'Data privacy', anchors: [{ level: 3, text: 'Handles subject access requests alone' }] },
    { id: 'conflict', name: 'Conflict resolution', anchors: [] },
  ],
  requirements: [
    { jobRole: 'Support Agent', competencyId: 'privacy', level: 2 },
    { jobRole: 'Support Agent', jobLevel: 'L3', competencyId: 'privacy', level: 3 },
  ],
  evidenceRules: [
    { kind: 'score', competencyId: 'privacy', activityId: EXAM, bands: [{ minScore: 0.5, level: 1 }, { minScore: 0.7, level: 2 }, { minScore: 0.9, level: 3 }] },
    { kind: 'statement', competencyId: 'privacy', activityId: SIM, verb: VERBS.passed, level: 4 },
  ],
};

test('score bands map a score to a level; the matrix entry for a job level beats the role-wide one', (t) => {
  const bands = [{ minScore: 0.9, level: 3 }, { minScore: 0.7, level: 2 }, { minScore: 0.5, level: 1 }];
  t.is(levelForScore(bands, 0.95), 3);
  t.is(levelForScore(bands, 0.7), 2);
  t.is(levelForScore(bands, 0.49), null);
  t.is(requirementFor(framework.requirements, 'privacy', { jobRole: 'support agent', jobLevel: 'L3' })?.level, 3);
  t.is(requirementFor(framework.requirements, 'privacy', { jobRole: 'Support Agent', jobLevel: 'L1' })?.level, 2);
  t.is(requirementFor(framework.requirements, 'privacy', { jobRole: 'Accountant' }), null);
});

test('evidence from scores, ratings and statements gives the level, the trail and the gap', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  await l.learning.competencies.create(framework);
  const boss = await l.person('Bea Boss', { roles: ['manager'] });
  const ava = await l.person('Ava Stone', { jobRole: 'Support Agent', jobLevel: 'L3', managerId: boss.id });
  const privacy = async () => (await l.learning.competencies.forPerson(ava.id)).competencies.find((c) => c.competencyId === 'privacy')!;

  let c = await privacy();
  t.is(c.level, null);
  t.is(c.required, 3);
  t.is(c.gap, 3, 'no evidence: three levels short of Proficient');

  await l.record(ava, EXAM, VERBS.completed, 0.75);
  c = await privacy();
  t.is(c.level, 2);
  t.is(c.levelName, 'Practising');
  t.is(c.gap, 1);
  t.like(c.evidence[0], { source: 'assessment', level: 2, counts: true, score: 0.75, activityId: EXAM });

  l.advance();
  await l.record(ava, EXAM, VERBS.completed, 0.55);
  c = await privacy();
  t.is(c.level, 1, 'the latest score counts, the earlier one is superseded');
  t.deepEqual(c.evidence.map((e) => [e.level, e.counts]), [[1, true], [2, false]]);

  l.advance();
  await l.learning.competencies.rate(boss, ava.id, { competencyId: 'privacy', level: 3, note: 'Handled three SARs' });
  c = await privacy();
  t.is(c.level, 3, 'the highest current evidence wins');
  t.is(c.gap, 0);
  t.like(c.evidence[0], { source: 'rating', level: 3, counts: true });
  t.regex(c.evidence[0]!.detail, /Bea Boss: Handled three SARs/);

  l.advance();
  await l.record(ava, SIM, VERBS.passed);
  c = await privacy();
  t.is(c.level, 4);
  t.is(c.levelName, 'Expert');
  t.deepEqual(new Set(c.evidence.map((e) => e.source)), new Set(['statement', 'rating', 'assessment']));
  t.is(c.lastEvidenceAt, c.evidence[0]!.at);
  t.is(c.evidence[0]!.source, 'statement');
});

test('managers rate their direct reports only; HR rates anyone; levels must exist', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  await l.learning.competencies.create(framework);
  const boss = await l.person('Bea Boss', { roles: ['manager'] });
  const other = await l.person('Olu Other', { roles: ['manager'] });
  const hr = await l.person('Hana HR', { roles: ['hr'] });
  const ava = await l.person('Ava Stone', { managerId: boss.id });
  const peer = await l.person('Pat Peer');

  await t.throwsAsync(() => l.learning.competencies.rate(other, ava.id, { competencyId: 'conflict', level: 2 }), { instanceOf: ForbiddenError });
  await t.throwsAsync(() => l.learning.competencies.rate(peer, ava.id, { competencyId: 'conflict', level: 2 }), { instanceOf: ForbiddenError });
  await l.learning.competencies.rate(boss, ava.id, { competencyId: 'conflict', level: 2 });
  await l.learning.competencies.rate(hr, ava.id, { competencyId: 'conflict', level: 1 });
  const c = (await l.learning.competencies.forPerson(ava.id)).competencies.find((x) => x.competencyId === 'conflict')!;
  t.is(c.level, 1, 'the latest rating replaces the earlier one');
  t.is(c.evidence.length, 2);
  const badLevel = await t.throwsAsync(() => l.learning.competencies.rate(hr, ava.id, { competencyId: 'conflict', level: 9 }), { instanceOf: ValidationError });
  t.is(badLevel!.field, 'level');
  const badComp = await t.throwsAsync(() => l.learning.competencies.rate(hr, ava.id, { competencyId: 'nope', level: 1 }), { instanceOf: ValidationError });
  t.is(badComp!.field, 'competencyId');
});

test('frameworks are checked: references name their field; competency ids are unique across frameworks', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const field = async (f: FrameworkInput) => (await t.throwsAsync(() => l.learning.competencies.create(f), { instanceOf: ValidationError }))!.field;
  t.is(await field({ ...framework, requirements: [{ jobRole: 'X', competencyId: 'ghost', level: 1 }] }), 'requirements.0.competencyId');
  t.is(await field({ ...framework, requirements: [{ jobRole: 'X', competencyId: 'privacy', level: 7 }] }), 'requirements.0.level');
  t.is(await field({ ...framework, levels: [{ level: 1, name: 'A' }, { level: 1, name: 'B' }] }), 'levels.1.level');
  t.is(await field({ ...framework, competencies: [{ id: 'a', name: 'A', anchors: [{ level: 9, text: 'x' }] }], requirements: [], evidenceRules: [] }), 'competencies.0.anchors.0.level');
  t.deepEqual(await l.learning.competencies.list(), []);
  await l.learning.competencies.create(framework);
  await t.throwsAsync(() => l.learning.competencies.create({ ...framework, name: 'Copy' }), { instanceOf: ConflictError });
});
