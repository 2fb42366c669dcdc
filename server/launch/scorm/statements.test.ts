/** Statement derivation from CMI changes: which events, deterministic ids, course completion. */
import test from 'ava';
import { VERBS } from '../../learning-record/identity.js';
import { attemptIsFinished, entryFor, rollup } from '../launch-service.js';
import type { ScoRecord } from '../attempt-model.js';
import { interactionsOf, summarize, durationSeconds, formatDuration, formatTimespan, timespanSeconds } from './cmi-status.js';
import { deriveCourseStatements, deriveScoStatements, statementId, type CommitChange, type ScoStatementContext } from './statements.js';

const ctx: ScoStatementContext = {
  actor: { objectType: 'Agent', account: { homePage: 'https://lms.example', name: 'u1' } },
  registration: '6f1f9c1e-4f4b-4e1a-9b7a-0c8a7a9f0b11',
  attemptId: 'a1',
  course: { id: 'https://lms.example/activities/scorm2004/c', title: 'Course' },
  sco: { id: 'https://lms.example/activities/scorm2004/c/sco/QUIZ', itemId: 'QUIZ', title: 'Quiz' },
  sessionId: 's1',
  timestamp: '2026-01-01T00:00:00.000Z',
};

function change(before: Record<string, unknown> | null, after: Record<string, unknown>, extra: Partial<CommitChange> = {}): CommitChange {
  return {
    standard: '2004',
    seq: 1,
    entry: 'ab-initio',
    wasInitialized: true,
    wasTerminated: false,
    terminated: false,
    before: before ? summarize('2004', before) : null,
    after: summarize('2004', after),
    beforeInteractions: before ? interactionsOf('2004', before) : [],
    afterInteractions: interactionsOf('2004', after),
    totalSeconds: 60,
    ...extra,
  };
}

const verbsOf = (list: Array<{ verb: { id: string } }>) => list.map((s) => Object.entries(VERBS).find(([, id]) => id === s.verb.id)![0]);

test('a first commit initialises; a resumed session says resumed', (t) => {
  t.deepEqual(verbsOf(deriveScoStatements(ctx, change(null, {}, { wasInitialized: false }))), ['initialized']);
  t.deepEqual(verbsOf(deriveScoStatements(ctx, change(null, {}, { wasInitialized: false, entry: 'resume' }))), ['resumed']);
});

test('answers, completion, pass with score, suspend and terminate, in that order', (t) => {
  const after = {
    completion_status: 'completed',
    success_status: 'passed',
    score: { scaled: '0.8', raw: '4', min: '0', max: '5' },
    exit: 'suspend',
    session_time: 'PT1M30S',
    interactions: { 0: { id: 'q1', type: 'choice', learner_response: 'a', result: 'correct', correct_responses: { 0: { pattern: 'a' } } } },
  };
  const out = deriveScoStatements(ctx, change({ completion_status: 'incomplete' }, after, { terminated: true }));
  t.deepEqual(verbsOf(out), ['answered', 'completed', 'passed', 'suspended', 'terminated']);
  const passed = out[2]!;
  t.deepEqual(passed.result, { success: true, completion: true, score: { scaled: 0.8, raw: 4, min: 0, max: 5 } });
  t.is(out[4]!.result!.duration, 'PT1M30S');
  t.is(out[0]!.object.id, `${ctx.sco.id}/interaction/q1`);
  t.deepEqual(out[0]!.result, { response: 'a', success: true });
  // The same change derives the same ids (a retried commit stores nothing new).
  t.deepEqual(deriveScoStatements(ctx, change({ completion_status: 'incomplete' }, after, { terminated: true })).map((s) => s.id), out.map((s) => s.id));
});

test('unchanged interactions and statuses say nothing again; a moved location is progress', (t) => {
  const state = { completion_status: 'incomplete', location: '2', interactions: { 0: { id: 'q1', learner_response: 'a', result: 'correct' } } };
  t.deepEqual(verbsOf(deriveScoStatements(ctx, change(state, state))), []);
  t.deepEqual(verbsOf(deriveScoStatements(ctx, change(state, { ...state, location: '3', progress_measure: '0.5' }))), ['progressed']);
});

test('the course is done when every SCO is completed; passed when none failed', (t) => {
  const sco = (itemId: string, completion: ScoRecord['completion'], success: ScoRecord['success'], scoreScaled?: number): ScoRecord => ({
    itemId, cmi: {}, completion, success, lastExit: '', totalSeconds: 0, sessions: 1, ...(scoreScaled !== undefined ? { scoreScaled } : {}),
  });
  t.deepEqual(rollup([sco('A', 'completed', 'passed')], ['A', 'B']), { completion: 'incomplete', success: 'passed' });
  t.deepEqual(rollup([sco('A', 'completed', 'passed'), sco('B', 'completed', 'passed', 0.8)], ['A', 'B']), { completion: 'completed', success: 'passed', scoreScaled: 0.8 });
  t.is(rollup([sco('A', 'completed', 'passed'), sco('B', 'completed', 'failed')], ['A', 'B']).success, 'failed');
  const base = { actor: ctx.actor, registration: ctx.registration, attemptId: 'a1', course: ctx.course, timestamp: ctx.timestamp };
  const done = deriveCourseStatements(base, { completion: 'incomplete', success: 'unknown' }, { completion: 'completed', success: 'passed', scoreScaled: 0.8 }, 120);
  t.deepEqual(verbsOf(done), ['completed', 'passed']);
  t.is(done[0]!.object.id, ctx.course.id);
  t.is(done[1]!.result!.score && (done[1]!.result!.score as { scaled: number }).scaled, 0.8);
  t.deepEqual(deriveCourseStatements(base, { completion: 'completed', success: 'passed' }, { completion: 'completed', success: 'passed' }, 120), []);
});

test('new-attempt and entry rules', (t) => {
  const sco = (lastExit: string, sessions = 1): ScoRecord => ({ itemId: 'A', cmi: {}, completion: 'completed', success: 'passed', lastExit, totalSeconds: 0, sessions });
  t.true(attemptIsFinished({ completion: 'completed', state: 'open' }));
  t.true(attemptIsFinished({ completion: 'incomplete', state: 'closed' }));
  t.false(attemptIsFinished({ completion: 'incomplete', state: 'open' }), 'an incomplete attempt goes on');
  t.is(entryFor('1.2', sco('', 0)), 'ab-initio');
  t.is(entryFor('1.2', sco('suspend')), 'resume');
  t.is(entryFor('1.2', sco('logout')), '');
  t.is(entryFor('2004', sco('logout')), 'resume');
  t.is(entryFor('2004', sco('normal')), '');
});

test('time formats of both data models', (t) => {
  t.is(timespanSeconds('0001:02:03.50'), 3723.5);
  t.is(timespanSeconds('00:01:30'), 90);
  t.is(formatTimespan(3723.5), '0001:02:03.50');
  t.is(durationSeconds('PT1H2M3.5S'), 3723.5);
  t.is(durationSeconds('P1DT1S'), 86401);
  t.is(formatDuration(3723.5), 'PT1H2M3.5S');
  t.is(formatDuration(0), 'PT0S');
  t.regex(statementId('a', 1), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.not(statementId('a', 1), statementId('a', 2));
});
