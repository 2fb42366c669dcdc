import test from 'ava';
import { prerequisitesMet } from './prerequisites.js';

const statuses: Record<string, string> = { A: 'passed', B: 'completed', C: 'incomplete', D: 'failed', E: 'not attempted' };
const known = new Set(Object.keys(statuses));
const met = (expr: string) => prerequisitesMet(expr, (id) => statuses[id] ?? 'not attempted', known);

test('identifiers hold when passed or completed; & | ~ and parentheses', (t) => {
  t.true(met('A'));
  t.true(met('B'));
  t.false(met('C'));
  t.true(met('A & B'));
  t.false(met('A & C'));
  t.true(met('C | B'));
  t.true(met('~C'));
  t.false(met('~(A | C)'));
  t.true(met('(A & B) | (C & D)'));
});

test('status comparisons with words or AICC letters, and n*{set}', (t) => {
  t.true(met('D = "failed"'));
  t.true(met('D = "F"'));
  t.true(met('C <> "passed"'));
  t.false(met('E <> "not attempted"'));
  t.true(met('2*{A,B,C}'));
  t.false(met('3*{A, B, C}'));
});

test('broken or unknown prerequisites do not lock the item', (t) => {
  t.true(met('A &'));
  t.true(met('X & C'), 'X is no item of the package');
  t.true(met(''));
});
