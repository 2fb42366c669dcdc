import test from 'ava';
import { ConflictError, ValidationError } from '../http/errors.js';
import { policyActivityId, VERBS } from '../learning-record/identity.js';
import { HOME, setupLearning } from '../paths/learning-test-support.js';
import { policyExtensions, QuizNotPassedError, signatureMatches, textHash } from './policy-service.js';

const TEXT = 'Report any data breach to security@example.com within one hour.';
const quiz = {
  passMark: 0.5,
  questions: [
    { text: 'Within how long do you report a breach?', choices: ['One hour', 'One week'], correct: 0 },
    { text: 'To whom?', choices: ['Nobody', 'Security'], correct: 1 },
  ],
};

test('typed-name signatures match ignoring case and spaces, nothing else', (t) => {
  t.true(signatureMatches('  ava  STONE ', 'Ava Stone'));
  t.true(signatureMatches('AvaStone', 'Ava Stone'));
  t.false(signatureMatches('Ava Stones', 'Ava Stone'));
  t.false(signatureMatches(' ', ''));
});

test('acknowledging records version, time, typed name and text hash, in the store and as a statement', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const ava = await l.person('Ava Stone');
  const policy = await l.learning.policies.create({ title: 'Data breach policy', text: TEXT }, 'hr');
  t.is(policy.textHash, textHash(TEXT));
  t.is(policy.textHash.length, 64);

  const wrong = await t.throwsAsync(() => l.learning.policies.acknowledge(ava, policy.id, { version: 1, typedName: 'Someone Else' }), { instanceOf: ValidationError });
  t.is(wrong!.field, 'typedName');
  t.deepEqual(await l.learning.policies.acknowledgementsOf(ava.id), [], 'a refused signature stores nothing');

  const ack = await l.learning.policies.acknowledge(ava, policy.id, { version: 1, typedName: 'ava stone' });
  t.like(ack, { policyId: policy.id, version: 1, personId: ava.id, typedName: 'ava stone', textHash: textHash(TEXT), signedAt: '2026-01-05T09:00:00.000Z' });
  const { statements } = await l.lrs.records.find({ activityIds: [policyActivityId(HOME, policy.id, 1)] });
  t.is(statements.length, 1);
  const s = statements[0]! as unknown as { id: string; verb: { id: string }; result: { extensions: Record<string, unknown> }; context: { extensions: Record<string, unknown> } };
  const ext = policyExtensions(HOME);
  t.is(s.id, ack.statementId);
  t.is(s.verb.id, VERBS.completed);
  t.is(s.result.extensions[ext.typedName], 'ava stone');
  t.is(s.result.extensions[ext.textHash], textHash(TEXT));
  t.is(s.context.extensions[ext.version], 1);
  await t.throwsAsync(() => l.learning.policies.acknowledge(ava, policy.id, { version: 1, typedName: 'Ava Stone' }), { instanceOf: ConflictError });
});

test('a comprehension quiz must be passed before acknowledging', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const ava = await l.person('Ava Stone');
  const policy = await l.learning.policies.create({ title: 'Breach', text: TEXT, quiz }, 'hr');
  const forPeople = await l.learning.policies.get(policy.id, false);
  t.false(JSON.stringify(forPeople.quiz).includes('correct'), 'people signing do not get the answers');

  const failed = await t.throwsAsync(() => l.learning.policies.acknowledge(ava, policy.id, { version: 1, typedName: 'Ava Stone', answers: { q1: 1, q2: 0 } }), { instanceOf: QuizNotPassedError });
  t.is(failed!.status, 422);
  t.deepEqual(failed!.details, { score: 0, passMark: 0.5 });
  await t.throwsAsync(() => l.learning.policies.acknowledge(ava, policy.id, { version: 1, typedName: 'Ava Stone' }), { instanceOf: QuizNotPassedError });
  t.deepEqual(await l.learning.policies.acknowledgementsOf(ava.id), []);

  const ack = await l.learning.policies.acknowledge(ava, policy.id, { version: 1, typedName: 'Ava Stone', answers: { q1: 0, q2: 0 } });
  t.is(ack.quizScore, 0.5);
});

test('a new version re-opens acknowledgement for everyone who must sign', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const ava = await l.person('Ava Stone');
  const ben = await l.person('Ben Okafor');
  const policy = await l.learning.policies.create({ title: 'Code of conduct', text: 'Be kind.' }, 'hr');
  await l.learning.enrolments.enrol({ personIds: [ava.id, ben.id], targetType: 'policy', targetId: policy.id }, 'hr', async () => true);

  t.deepEqual((await l.learning.myLearning.forPerson(ava)).policies.map((p) => p.policy.id), [policy.id]);
  await l.learning.policies.acknowledge(ava, policy.id, { version: 1, typedName: 'Ava Stone' });
  t.deepEqual((await l.learning.myLearning.forPerson(ava)).policies, [], 'signed: nothing left to sign');
  let sig = await l.learning.policies.signatures(policy.id);
  t.deepEqual(sig.signed.map((s) => s.name), ['Ava Stone']);
  t.deepEqual(sig.pending.map((s) => s.name), ['Ben Okafor']);

  l.advance();
  const v2 = await l.learning.policies.publishVersion(policy.id, { text: 'Be kind. Be on time.' }, 'hr');
  t.is(v2.version, 2);
  t.not(v2.activityId, policyActivityId(HOME, policy.id, 1));
  sig = await l.learning.policies.signatures(policy.id);
  t.deepEqual(sig.signed, []);
  t.deepEqual(sig.pending.map((s) => s.name).sort(), ['Ava Stone', 'Ben Okafor']);
  const mine = await l.learning.myLearning.forPerson(ava);
  t.deepEqual(mine.policies.map((p) => p.policy.version), [2]);
  t.deepEqual(mine.completions.map((c) => [c.kind, c.version]), [['policy', 1]], 'version 1 stays in the record');

  const stale = await t.throwsAsync(() => l.learning.policies.acknowledge(ava, policy.id, { version: 1, typedName: 'Ava Stone' }), { instanceOf: ConflictError });
  t.is(stale!.field, 'version');
  const ack = await l.learning.policies.acknowledge(ava, policy.id, { version: 2, typedName: 'Ava Stone' });
  t.is(ack.textHash, textHash('Be kind. Be on time.'));
});

test('a policy step of a path completes with the acknowledgement of the current version', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const ava = await l.person('Ava Stone');
  const policy = await l.learning.policies.create({ title: 'Code of conduct', text: 'Be kind.' }, 'hr');
  const path = await l.learning.paths.create(
    { title: 'Start', steps: [{ id: 'sign', title: 'Sign the code', type: 'policy', ref: policy.id, prerequisites: [], gates: [], required: true }] },
    'hr',
  );
  await l.learning.enrolments.enrol({ personIds: [ava.id], targetType: 'path', targetId: path.id }, 'hr', async () => true);
  const before = await l.learning.myLearning.forPerson(ava);
  t.deepEqual(before.policies.map((p) => p.viaPaths), [['Start']], 'the path asks for the policy');
  await l.learning.policies.acknowledge(ava, policy.id, { version: 1, typedName: 'Ava Stone' });
  const after = await l.learning.myLearning.forPerson(ava);
  t.is(after.paths[0]!.status, 'complete');
  t.deepEqual(after.completions.map((c) => c.kind).sort(), ['path', 'policy']);
  await l.learning.policies.publishVersion(policy.id, { text: 'Be kind, always.' }, 'hr');
  const reopened = await l.learning.myLearning.forPerson(ava);
  t.is(reopened.paths[0]!.steps[0]!.state, 'unlocked', 'the step asks for the new version');
  t.is(reopened.paths[0]!.steps[0]!.policyVersion, 2);
});

test('a policy step still locked behind a prerequisite is not offered for signing yet', async (t) => {
  const l = await setupLearning();
  t.teardown(l.close);
  const ava = await l.person('Ava Stone');
  const policy = await l.learning.policies.create({ title: 'Forklift rules', text: 'Horn at corners.' }, 'hr');
  const path = await l.learning.paths.create(
    {
      title: 'Forklift',
      steps: [
        { id: 'course', title: 'Course', type: 'activity', ref: 'https://tools.example.com/forklift', prerequisites: [], gates: [], required: true },
        { id: 'rules', title: 'Sign the rules', type: 'policy', ref: policy.id, prerequisites: ['course'], gates: [], required: true },
      ],
    },
    'hr',
  );
  await l.learning.enrolments.enrol({ personIds: [ava.id], targetType: 'path', targetId: path.id }, 'hr', async () => true);
  t.deepEqual((await l.learning.myLearning.forPerson(ava)).policies, []);
  await l.record(ava, 'https://tools.example.com/forklift');
  t.deepEqual((await l.learning.myLearning.forPerson(ava)).policies.map((p) => p.policy.title), ['Forklift rules']);
});
