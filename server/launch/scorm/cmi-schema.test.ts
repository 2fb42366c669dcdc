/** The CMI data models as zod schemas: good data passes, bad data is refused naming the element. */
import test from 'ava';
import { parseInput } from '../../http/validate.js';
import { ValidationError } from '../../http/errors.js';
import { commitSchema } from './cmi-schema.js';

const session = { sessionId: '6f1f9c1e-4f4b-4e1a-9b7a-0c8a7a9f0b11', seq: 1 };

function fieldOf(standard: '1.2' | '2004', cmi: unknown): string | undefined {
  try {
    parseInput(commitSchema(standard), { ...session, cmi });
    return undefined;
  } catch (err) {
    if (err instanceof ValidationError) return err.field;
    throw err;
  }
}

test('SCORM 2004: what scorm-again renders passes', (t) => {
  const cmi = {
    completion_status: 'completed',
    success_status: 'passed',
    score: { scaled: '0.8', raw: '4', min: '0', max: '5' },
    session_time: 'PT1M30.5S',
    exit: 'suspend',
    location: 'result',
    progress_measure: '1',
    suspend_data: 'x'.repeat(64000),
    interactions: { 0: { id: 'q1', type: 'choice', timestamp: '2026-05-01T10:00:00', learner_response: 'a', result: 'correct', latency: 'PT5S', correct_responses: { 0: { pattern: 'a' } }, objectives: {} } },
    objectives: { 0: { id: 'obj1', success_status: 'unknown', completion_status: 'unknown', score: { scaled: '', raw: '', min: '', max: '' } } },
    learner_preference: { audio_level: '1', language: '', delivery_speed: '1', audio_captioning: '0' },
    // LMS-owned elements are echoed back by scorm-again and ignored
    learner_id: 'u1',
    entry: 'ab-initio',
    total_time: 'PT0S',
  };
  t.is(fieldOf('2004', cmi), undefined);
});

test('SCORM 2004: refusals name the element', (t) => {
  t.is(fieldOf('2004', { completion_status: 'done' }), 'cmi.completion_status');
  t.is(fieldOf('2004', { success_status: 'passed!' }), 'cmi.success_status');
  t.is(fieldOf('2004', { score: { scaled: '1.5' } }), 'cmi.score.scaled');
  t.is(fieldOf('2004', { session_time: '00:01:00' }), 'cmi.session_time');
  t.is(fieldOf('2004', { suspend_data: 'x'.repeat(64001) }), 'cmi.suspend_data');
  t.is(fieldOf('2004', { location: 'x'.repeat(1001) }), 'cmi.location');
  t.is(fieldOf('2004', { progress_measure: '-0.1' }), 'cmi.progress_measure');
  t.is(fieldOf('2004', { interactions: { 0: { result: 'wrong' } } }), 'cmi.interactions.0.result');
  t.is(fieldOf('2004', { interactions: { 0: { id: 'has space' } } }), 'cmi.interactions.0.id');
  t.is(fieldOf('2004', { interactions: { 5000: { id: 'q' } } }), 'cmi.interactions.5000');
  t.is(fieldOf('2004', { exit: 'logout-now' }), 'cmi.exit');
});

test('SCORM 1.2: refusals name the element; 2004 names are unknown to 1.2', (t) => {
  t.is(fieldOf('1.2', { core: { lesson_status: 'passed', session_time: '0000:01:00.00', score: { raw: '80', min: '0', max: '100' } } }), undefined);
  t.is(fieldOf('1.2', { core: { session_time: 'PT1M' } }), 'cmi.core.session_time');
  t.is(fieldOf('1.2', { core: { exit: 'normal' } }), 'cmi.core.exit');
  t.is(fieldOf('1.2', { core: {}, interactions: { 0: { result: 'incorrect' } } }), 'cmi.interactions.0.result');
  t.is(fieldOf('1.2', { core: {}, student_preference: { audio: '101' } }), 'cmi.student_preference.audio');
  t.is(fieldOf('1.2', { core: {}, completion_status: 'completed' }), 'cmi');
  t.is(fieldOf('1.2', {}), 'cmi.core');
});
