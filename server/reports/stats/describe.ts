/**
 * Small descriptive helpers shared by the reports: percentages, medians, histograms,
 * and the privacy rule for aggregates over people.
 */

/** Aggregates over fewer people than this are withheld (k-anonymity-style floor). */
export const MIN_GROUP_SIZE = 5;

/** Percentage with one decimal; null for an empty denominator. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface HistogramBin {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge (inclusive for the last bin). */
  to: number;
  count: number;
}

/** Equal-width bins over [min, max]; a value equal to max falls in the last bin. */
export function histogram(values: readonly number[], bins = 10, min = 0, max = 1): HistogramBin[] {
  const width = (max - min) / bins;
  const out: HistogramBin[] = Array.from({ length: bins }, (_, i) => ({
    from: Math.round((min + i * width) * 1e6) / 1e6,
    to: Math.round((min + (i + 1) * width) * 1e6) / 1e6,
    count: 0,
  }));
  for (const v of values) {
    if (!(v >= min && v <= max)) continue;
    // Multiply rather than divide by the width: 0.3 / 0.1 is 2.999..., 0.3 * 10 is 3.
    const i = Math.min(bins - 1, Math.floor(((v - min) * bins) / (max - min)));
    out[i]!.count++;
  }
  return out;
}

/** True when a group of `n` people is too small to show on its own. */
export function isSuppressed(n: number): boolean {
  return n < MIN_GROUP_SIZE;
}
