/** Learning analytics over a hand-written record: histograms, time spent, most-failed questions, paths. */
import test from 'ava';
import { computeLearningAnalytics, durationSeconds } from './learning-analytics.js';
import { VERBS } from '../learning-record/identity.js';
import type { StoredStatement } from './sources.js';

const HOME = 'https://lms.example.com';
const FIRE = 'https://courses.example.com/fire';
const TINY = 'https://courses.example.com/tiny';
const PATH = `${HOME}/activities/path/p1`;
let ord = 0;

function st(person: string, verb: string, object: object, result?: object, day = 10): StoredStatement {
  return {
    id: `00000000-0000-4000-8000-${String(++ord).padStart(12, '0')}`,
    actor: { objectType: 'Agent', account: { homePage: HOME, name: person } },
    verb: { id: verb },
    object: { objectType: 'Activity', ...object },
    ...(result ? { result } : {}),
    timestamp: `2026-05-${String(day).padStart(2, '0')}T10:00:00.000Z`,
    stored: '2026-05-31T00:00:00.000Z',
    ord,
  } as unknown as StoredStatement;
}

const q = (id: string, text: string) => ({ id: `${FIRE}/q/${id}`, definition: { description: { 'en-US': text }, interactionType: 'choice' } });

function record(): StoredStatement[] {
  const out: StoredStatement[] = [];
  const scores = { p1: 0.55, p2: 0.65, p3: 0.95, p4: 1 } as Record<string, number>;
  const minutes = { p1: 30, p2: 60, p3: 45, p4: 15, p5: 90 } as Record<string, number>;
  for (const p of ['p1', 'p2', 'p3', 'p4', 'p5']) {
    out.push(st(p, VERBS.launched, { id: FIRE, definition: { name: { 'en-US': 'Fire safety' } } }, undefined, p === 'p5' ? 4 : 11));
    if (scores[p] !== undefined) out.push(st(p, VERBS.passed, { id: FIRE }, { score: { scaled: scores[p] }, success: true }));
    else out.push(st(p, VERBS.failed, { id: FIRE }, { score: { scaled: 0.3 }, success: false }));
    out.push(st(p, VERBS.terminated, { id: FIRE }, { duration: `PT${minutes[p]}M` }));
    // Question 1: p1–p3 get it wrong; question 2: everyone right.
    out.push(st(p, VERBS.answered, q('1', 'Which extinguisher for electrical fires?'), { success: !['p1', 'p2', 'p3'].includes(p) }));
    out.push(st(p, VERBS.answered, q('2', 'Where is the assembly point?'), { success: true }));
  }
  // Only two people tried question 3 (both failed): too few to show.
  for (const p of ['p1', 'p2']) out.push(st(p, VERBS.answered, q('3', 'Rare question'), { success: false }));
  for (const p of ['p1', 'p2']) out.push(st(p, VERBS.launched, { id: TINY }));
  for (const p of ['p1', 'p2']) out.push(st(p, VERBS.completed, { id: PATH }));
  out.push(st('p1', VERBS.launched, { id: FIRE }, undefined, 28)); // a second attempt, in the last week
  out.push(st('p9', VERBS.launched, { id: FIRE }, undefined, 1)); // before the window
  return out;
}

async function* each(list: StoredStatement[]) { yield* list; }

test('ISO 8601 durations', (t) => {
  t.is(durationSeconds('PT1H30M'), 5400);
  t.is(durationSeconds('PT0.5S'), 0.5);
  t.is(durationSeconds('P1DT1S'), 86401);
  t.is(durationSeconds('P1W'), 604800);
  t.is(durationSeconds('PT'), null);
  t.is(durationSeconds('1 hour'), null);
});

test('per activity: learners, attempts, score histogram, time spent; small groups withheld', async (t) => {
  const r = await computeLearningAnalytics({
    statements: each(record()),
    homePage: HOME,
    from: new Date('2026-05-02T00:00:00Z'),
    to: new Date('2026-05-31T23:59:59Z'),
    granularity: 'week',
    suppress: true,
    paths: [{ id: 'p1', title: 'Onboarding path', activityId: PATH, assigned: new Set(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']) }],
  });
  const fire = r.activities.find((a) => a.id === FIRE)!;
  t.like(fire, { name: 'Fire safety', learners: 5, attempts: 6, completions: 4, failures: 1, scores: 5, suppressed: false });
  // Scores 0.3, 0.55, 0.65, 0.95, 1.0 -> bins 3, 5, 6, 9, 9.
  t.deepEqual(fire.scoreHistogram!.map((b) => b.count), [0, 0, 0, 1, 0, 1, 1, 0, 0, 2]);
  t.is(fire.meanScore, 0.69);
  // 30 + 60 + 45 + 15 + 90 = 240 minutes = 4 h over 5 learners = 48 min each.
  t.is(fire.timeSpentHours, 4);
  t.is(fire.meanMinutesPerLearner, 48);
  t.like(r.activities.find((a) => a.id === TINY), { learners: 2, suppressed: true });
  t.is(r.activities.find((a) => a.id === TINY)!.attempts, undefined);

  t.deepEqual(r.mostFailed.map((m) => [m.description, m.failures, m.answers, m.failureRate]), [['Which extinguisher for electrical fires?', 3, 5, 60]]);
  t.like(r.paths[0], { enrolled: 6, completed: 2, completionPct: 33.3 });
  t.is(r.learners, 5);
  // p9's statement on 1 May is outside the window.
  t.is(r.statements, record().length - 1);
  t.deepEqual(r.activityOverTime.map((b) => b.period), ['2026-05-04', '2026-05-11', '2026-05-25']);
});

test('one’s own view is not withheld', async (t) => {
  const mine = record().filter((s) => (s.actor as { account: { name: string } }).account.name === 'p1');
  const r = await computeLearningAnalytics({ statements: each(mine), homePage: HOME, from: new Date('2026-05-01'), to: new Date('2026-06-01'), granularity: 'day', suppress: false, paths: [] });
  t.like(r.activities.find((a) => a.id === FIRE), { learners: 1, suppressed: false, completions: 1 });
  t.deepEqual(r.mostFailed.map((m) => m.id), [`${FIRE}/q/1`, `${FIRE}/q/3`]);
});
