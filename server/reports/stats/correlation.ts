/**
 * Correlation statistics for the performance report: Pearson, Spearman (average ranks
 * for ties), a 95% confidence interval through Fisher's z, a two-sided p-value from
 * Student's t, and the least-squares line for the scatter plot. Plain functions over
 * numbers; no I/O.
 */
import { studentTTwoSidedP } from './distributions.js';

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return xs.length ? s / xs.length : NaN;
}

/** Pearson's r; NaN when n < 2 or either variable is constant. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new RangeError('pearson: x and y differ in length');
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  // Rounding can push |r| a hair over 1 for perfectly linear data.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Ranks 1..n; tied values share the mean of the ranks they span. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]![1]] = rank;
    i = j + 1;
  }
  return out;
}

/** Spearman's rho: Pearson's r of the (tie-averaged) ranks. */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  return pearson(ranks(xs), ranks(ys));
}

/** 95% (by default) confidence interval of r through Fisher's z; null when n <= 3 or |r| = 1 or r is NaN. */
export function fisherInterval(r: number, n: number, zCrit = 1.959963984540054): [number, number] | null {
  if (!Number.isFinite(r) || n <= 3 || Math.abs(r) >= 1) return null;
  const z = Math.atanh(r);
  const se = 1 / Math.sqrt(n - 3);
  return [Math.tanh(z - zCrit * se), Math.tanh(z + zCrit * se)];
}

/** Two-sided p-value for H0: rho = 0, from t = r·sqrt((n-2)/(1-r²)) with n-2 degrees of freedom. */
export function correlationPValue(r: number, n: number): number | null {
  if (!Number.isFinite(r) || n < 3) return null;
  if (Math.abs(r) >= 1) return 0;
  const t = r * Math.sqrt((n - 2) / (1 - r * r));
  return studentTTwoSidedP(t, n - 2);
}

export interface Line {
  slope: number;
  intercept: number;
}

/** Ordinary least squares y = slope·x + intercept; null when x is constant or n < 2. */
export function leastSquares(xs: readonly number[], ys: readonly number[]): Line | null {
  const n = xs.length;
  if (n < 2 || n !== ys.length) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

export interface CorrelationSummary {
  n: number;
  pearson: number | null;
  spearman: number | null;
  /** 95% CI of Pearson's r (Fisher z). */
  ci95: [number, number] | null;
  pValue: number | null;
  line: Line | null;
  reading: string;
}

const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;
const orNull = (v: number) => (Number.isFinite(v) ? round(v) : null);

/** The words for |r| (Cohen's conventional bands). */
export function strengthWord(r: number): string {
  const a = Math.abs(r);
  if (a < 0.1) return 'no meaningful';
  if (a < 0.3) return 'a weak';
  if (a < 0.5) return 'a moderate';
  return 'a strong';
}

/** A plain-language reading HR can paste into a slide without overclaiming. */
export function readingOf(r: number | null, n: number, ci: [number, number] | null): string {
  if (r === null) return `Not enough variation to compute a correlation; n=${n}.`;
  const direction = Math.abs(r) < 0.1 ? '' : r > 0 ? ' positive' : ' negative';
  const word = strengthWord(r);
  const sentence = word === 'no meaningful' ? 'No meaningful relationship' : `${word[0]!.toUpperCase()}${word.slice(1)}${direction} relationship`;
  const uncertain = ci && ci[0] < 0 && ci[1] > 0 ? ' The interval includes zero, so the data are also consistent with no relationship.' : '';
  return `${sentence} (r=${round(r, 2)}).${uncertain} Correlation is not causation; n=${n}.`;
}

export function summarise(xs: readonly number[], ys: readonly number[]): CorrelationSummary {
  const n = xs.length;
  const r = pearson(xs, ys);
  const rho = spearman(xs, ys);
  const ci = fisherInterval(r, n);
  const p = correlationPValue(r, n);
  const line = leastSquares(xs, ys);
  return {
    n,
    pearson: orNull(r),
    spearman: orNull(rho),
    ci95: ci ? [round(ci[0]), round(ci[1])] : null,
    pValue: p === null ? null : round(p, 6),
    line: line ? { slope: round(line.slope, 6), intercept: round(line.intercept, 6) } : null,
    reading: readingOf(Number.isFinite(r) ? r : null, n, ci),
  };
}
