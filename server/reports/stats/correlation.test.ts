/**
 * The statistics checked against published values (Anscombe's quartet) and against
 * independent textbook computations written here (sums-of-products formula for r,
 * Spearman's tie-corrected formula, Fisher z by hand).
 */
import test from 'ava';
import { correlationPValue, fisherInterval, leastSquares, pearson, ranks, readingOf, spearman, summarise } from './correlation.js';
import { histogram, isSuppressed, median, percent } from './describe.js';

// Anscombe (1973): four datasets with the same r = 0.816, same line y = 3.00 + 0.500x.
const X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
const ANSCOMBE: Array<[number[], number[]]> = [
  [X, [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]],
  [X, [9.14, 8.14, 8.74, 8.77, 9.26, 8.1, 6.13, 3.1, 9.13, 7.26, 4.74]],
  [X, [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73]],
  [[8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8], [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.5, 5.56, 7.91, 6.89]],
];

/** Textbook: r = (nΣxy − ΣxΣy) / sqrt((nΣx² − (Σx)²)(nΣy² − (Σy)²)). */
function textbookPearson(x: number[], y: number[]): number {
  const n = x.length;
  let sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!; sy += y[i]!; sxy += x[i]! * y[i]!; sxx += x[i]! ** 2; syy += y[i]! ** 2;
  }
  return (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
}

/**
 * Spearman with ties by the tie-corrected formula (Kendall & Gibbons):
 * rho = (Sx + Sy − Σd²) / (2·sqrt(Sx·Sy)), Sx = (n³−n)/12 − Σ(t³−t)/12 over tie groups.
 * Its own ranking, written independently of the module's.
 */
function textbookSpearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => v.map((a) => {
    const less = v.filter((b) => b < a).length;
    const equal = v.filter((b) => b === a).length;
    return less + (equal + 1) / 2;
  });
  const ties = (v: number[]) => {
    const counts = new Map<number, number>();
    for (const a of v) counts.set(a, (counts.get(a) ?? 0) + 1);
    return [...counts.values()].reduce((s, t) => s + (t ** 3 - t) / 12, 0);
  };
  const n = x.length;
  const rx = rank(x), ry = rank(y);
  const d2 = rx.reduce((s, r, i) => s + (r - ry[i]!) ** 2, 0);
  const sx = (n ** 3 - n) / 12 - ties(x);
  const sy = (n ** 3 - n) / 12 - ties(y);
  return (sx + sy - d2) / (2 * Math.sqrt(sx * sy));
}

test('Pearson gives r = 0.816 for each of Anscombe’s four datasets, and matches the textbook formula', (t) => {
  for (const [x, y] of ANSCOMBE) {
    const r = pearson(x, y);
    t.true(Math.abs(r - 0.816) < 0.001, `r=${r}`); // published: 0.8164, 0.8162, 0.8163, 0.8165
    t.true(Math.abs(r - textbookPearson(x, y)) < 1e-12);
  }
});

test('the least-squares line of Anscombe I is y = 3.00 + 0.500x', (t) => {
  const line = leastSquares(ANSCOMBE[0]![0], ANSCOMBE[0]![1])!;
  t.is(Math.round(line.intercept * 100) / 100, 3.0);
  t.is(Math.round(line.slope * 1000) / 1000, 0.5);
  t.is(leastSquares([2, 2, 2], [1, 2, 3]), null, 'a constant x has no line');
});

test('ranks average over ties', (t) => {
  t.deepEqual(ranks([10, 20, 20, 30, 20]), [1, 3, 3, 5, 3]);
  t.deepEqual(ranks([3, 1, 2]), [3, 1, 2]);
});

test('Spearman with ties matches the tie-corrected textbook formula', (t) => {
  const x = [1, 2, 2, 3, 4, 4, 4, 5, 6, 7];
  const y = [2, 1, 4, 4, 3, 6, 5, 8, 7, 7];
  const rho = spearman(x, y);
  t.true(Math.abs(rho - textbookSpearman(x, y)) < 1e-12, `${rho} vs ${textbookSpearman(x, y)}`);
  for (const [ax, ay] of ANSCOMBE.slice(0, 3)) t.true(Math.abs(spearman(ax, ay) - textbookSpearman(ax, ay)) < 1e-12);
  t.is(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]), 1, 'monotone but not linear: rho is 1');
  t.true(pearson([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]) < 1);
});

test('the Fisher-z interval is tanh(atanh(r) ± 1.96/sqrt(n−3))', (t) => {
  const r = 0.816420516;
  const [lo, hi] = fisherInterval(r, 11)!;
  const z = 0.5 * Math.log((1 + r) / (1 - r));
  const se = 1 / Math.sqrt(8);
  const back = (v: number) => (Math.exp(2 * v) - 1) / (Math.exp(2 * v) + 1);
  t.true(Math.abs(lo - back(z - 1.96 * se)) < 1e-4);
  t.true(Math.abs(hi - back(z + 1.96 * se)) < 1e-4);
  t.true(lo < r && r < hi);
  t.is(fisherInterval(0.5, 3), null, 'n must exceed 3');
});

test('p-values agree with published tables', (t) => {
  // Anscombe I: p = 0.00217 (two-sided, t with 9 df).
  t.is(Math.round(correlationPValue(pearson(ANSCOMBE[0]![0], ANSCOMBE[0]![1]), 11)! * 100000) / 100000, 0.00217);
  // r = 0.5, n = 10: t = 1.633 with 8 df, two-sided p = 0.1411.
  t.is(Math.round(correlationPValue(0.5, 10)! * 10000) / 10000, 0.1411);
  // r = 0.632, n = 10 is the classic 5% critical value.
  t.is(Math.round(correlationPValue(0.6319, 10)! * 100) / 100, 0.05);
});

test('the plain-language reading names strength, direction, causation and n', (t) => {
  t.is(readingOf(0.42, 40, [0.12, 0.65]), 'A moderate positive relationship (r=0.42). Correlation is not causation; n=40.');
  t.regex(readingOf(-0.6, 8, [-0.92, 0.15]), /^A strong negative relationship \(r=-0.6\)\. The interval includes zero/);
  t.regex(readingOf(0.02, 100, null), /^No meaningful relationship/);
  const s = summarise(ANSCOMBE[0]![0], ANSCOMBE[0]![1]);
  t.is(s.n, 11);
  t.regex(s.reading, /strong positive relationship.*n=11/);
});

test('descriptive helpers: percent, median, histogram edges, suppression below 5', (t) => {
  t.is(percent(19, 20), 95);
  t.is(percent(1, 3), 33.3);
  t.is(percent(0, 0), null);
  t.is(median([5, 1, 3]), 3);
  t.is(median([4, 1, 3, 2]), 2.5);
  const bins = histogram([0, 0.05, 0.1, 0.55, 1, 1], 10);
  t.deepEqual(bins.map((b) => b.count), [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  t.is(bins[9]!.to, 1);
  t.true(isSuppressed(4));
  t.false(isSuppressed(5));
});
