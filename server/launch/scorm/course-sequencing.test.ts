/**
 * What decides whether a commit re-runs the engine for live predictions (trackedPart,
 * readsProgress) and whether the record is rewritten after (samePredictions).
 */
import test from 'ava';
import * as F from '../../../test/fixtures/packages/sequencing.js';
import type { Fixture } from '../../../test/fixtures/packages/manifest.js';
import { parsePackage, type ScormPackage } from '../../content/manifest/index.js';
import { readsProgress, samePredictions, trackedPart, type SequencingRecord } from './course-sequencing.js';
import { Sequencer } from './sequencer.js';
import { buildActivityTree } from './sequencing-tree.js';

const structureOf = async (f: Fixture) => (await parsePackage(Object.keys(f.files), async (n) => f.files[n]!)) as ScormPackage;

test('readsProgress: only a course that completes something by measure reads the progress measure', async (t) => {
  t.true(readsProgress(await structureOf(F.thresholds)));
  t.false(readsProgress(await structureOf(F.liveGate)));
});

test('trackedPart: a new progress measure counts only where the course reads it; a new score always does', (t) => {
  const page1 = { completion_status: 'incomplete', progress_measure: '0.1', location: 'p1' };
  const page2 = { completion_status: 'incomplete', progress_measure: '0.2', location: 'p2' };
  t.is(trackedPart(page1, false), trackedPart(page2, false));
  t.not(trackedPart(page1, true), trackedPart(page2, true));
  t.not(trackedPart(page1, false), trackedPart({ ...page1, score: { scaled: '0.5' } }, false));
  t.not(trackedPart(page1, false), trackedPart({ ...page1, completion_status: 'completed' }, false));
});

test('samePredictions: compares what is offered, not the engine state', (t) => {
  const a: SequencingRecord = { state: 'one', available: { A: true, B: false }, jumpable: { A: true, B: true }, canContinue: true, canPrevious: false };
  t.true(samePredictions(a, { ...a, state: 'two' }));
  t.false(samePredictions(a, { ...a, available: { A: true, B: true } }));
  t.false(samePredictions(a, { ...a, jumpable: { A: true, B: false } }));
  t.false(samePredictions(a, { ...a, canContinue: false }));
  t.false(samePredictions(a, { ...a, canPrevious: true }));
});

test('Sequencer.activeItemIn reads the stored snapshot as the engine does', async (t) => {
  const seq = Sequencer.open(buildActivityTree(await structureOf(F.liveGate)));
  t.is(Sequencer.activeItemIn(seq.snapshot()), null, 'nothing delivered yet');
  t.is(Sequencer.activeItemIn(undefined), null);
  seq.navigate('start');
  t.is(Sequencer.activeItemIn(seq.snapshot()), 'GATE');
  t.is(Sequencer.activeItemIn(seq.snapshot()), seq.activeItem);
  seq.endSco({ completion_status: 'completed' }, 'exitAll');
  t.is(Sequencer.activeItemIn(seq.snapshot()), null, 'ended');
  t.is(Sequencer.activeItemIn(seq.snapshot()), seq.activeItem);
});
