import test from 'ava';
import { drawSelection, withSelection } from './selection.js';
import type { ActivitySettings } from './sequencing-tree.js';

const pool = (controls: Record<string, string | number | boolean>): ActivitySettings => ({
  id: 'ORG',
  title: 'Org',
  children: [
    { id: 'INTRO', title: 'Intro' },
    { id: 'POOL', title: 'Pool', sequencingControls: { flow: true, ...controls }, children: ['Q1', 'Q2', 'Q3', 'Q4'].map((id) => ({ id, title: id })) },
  ],
});

/** A fixed sequence of "random" numbers. */
const numbers = (...xs: number[]) => () => xs.shift() ?? 0;

test('selectCount picks that many children, kept in tree order; the attempt tree has only them, as a plain cluster', (t) => {
  const tree = pool({ selectCount: 2, selectionTiming: 'onEachNewAttempt' });
  // Fisher-Yates over [Q1..Q4] drawing 0 each time gives [Q2, Q3, Q4, Q1]: the first two, in tree order.
  const selection = drawSelection(tree, numbers(0, 0, 0));
  t.deepEqual(selection, { POOL: ['Q2', 'Q3'] });
  const attempt = withSelection(tree, selection);
  const p = attempt.children![1]!;
  t.deepEqual(p.children!.map((c) => c.id), ['Q2', 'Q3']);
  t.deepEqual(p.sequencingControls, { flow: true });
  t.is(tree.children![1]!.children!.length, 4, 'the version’s tree is left alone');
});

test('randomizeChildren reorders all children; timing never leaves them', (t) => {
  const s = drawSelection(pool({ randomizeChildren: true, randomizationTiming: 'onEachNewAttempt' }), numbers(0, 0, 0));
  t.deepEqual(s, { POOL: ['Q2', 'Q3', 'Q4', 'Q1'] });
  t.deepEqual(drawSelection(pool({ randomizeChildren: true, randomizationTiming: 'never', selectCount: 2, selectionTiming: 'never' })), {});
  t.deepEqual(drawSelection(pool({ selectCount: 9, selectionTiming: 'once' })), {}, 'selecting more than there are selects all');
});
