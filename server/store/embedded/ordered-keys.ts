/**
 * The sorted side of a single-field index whose values are numbers or dates: (key, id)
 * pairs in key order, so `find().sort({field}).limit(n)` walks the first matches instead
 * of sorting every candidate. Values usually arrive in increasing order (time, sequence),
 * which makes inserts an append.
 */
export interface OrderedEntry {
  k: number;
  id: string;
}

export class OrderedKeys {
  private entries: OrderedEntry[] = [];


  /** Callers add only numbers and dates (see SecondaryIndex.ordered). */
  add(id: string, value: unknown): void {
    const k = sortableNumber(value);
    if (k === null) throw new Error('ordered keys hold numbers and dates only');
    const last = this.entries[this.entries.length - 1];
    if (!last || last.k < k || (last.k === k && last.id <= id)) {
      this.entries.push({ k, id });
      return;
    }
    this.entries.splice(this.lowerBound(k, id), 0, { k, id });
  }

  remove(id: string, value: unknown): void {
    const k = sortableNumber(value);
    if (k === null) return;
    const i = this.lowerBound(k, id);
    if (this.entries[i]?.id === id) this.entries.splice(i, 1);
  }

  /**
   * Ids in key order within the bounds, ascending or descending. Bounds are numbers
   * (dates as milliseconds); `gt`/`lt` are exclusive, `gte`/`lte` inclusive.
   */
  *walk(direction: 1 | -1, bounds: KeyBounds): Generator<string> {
    const lo = bounds.gte ?? bounds.gt;
    const hi = bounds.lte ?? bounds.lt;
    if (direction === 1) {
      let i = lo === undefined ? 0 : this.firstAtLeast(lo);
      for (; i < this.entries.length; i++) {
        const e = this.entries[i]!;
        if (bounds.gt !== undefined && e.k <= bounds.gt) continue;
        if (hi !== undefined && (e.k > hi || (bounds.lt !== undefined && e.k >= bounds.lt))) return;
        yield e.id;
      }
    } else {
      let i = hi === undefined ? this.entries.length - 1 : this.firstAbove(hi) - 1;
      for (; i >= 0; i--) {
        const e = this.entries[i]!;
        if (bounds.lt !== undefined && e.k >= bounds.lt) continue;
        if (lo !== undefined && (e.k < lo || (bounds.gt !== undefined && e.k <= bounds.gt))) return;
        yield e.id;
      }
    }
  }

  clear(): void {
    this.entries = [];
  }

  /** Position of (k, id) in the order: the first entry not before it. */
  private lowerBound(k: number, id: string): number {
    return this.firstWhere((e) => e.k > k || (e.k === k && e.id >= id));
  }

  /** First index whose key is >= k. */
  private firstAtLeast(k: number): number {
    return this.firstWhere((e) => e.k >= k);
  }

  /** First index whose key is > k. */
  private firstAbove(k: number): number {
    return this.firstWhere((e) => e.k > k);
  }

  /** Binary search: the first entry for which `isAfter` holds (it must be monotone over the order). */
  private firstWhere(isAfter: (e: OrderedEntry) => boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (isAfter(this.entries[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

export interface KeyBounds {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/** Numbers and dates sort as numbers; anything else has no place in this order. */
export function sortableNumber(v: unknown): number | null {
  if (typeof v === 'number' && !Number.isNaN(v)) return v;
  if (v instanceof Date) return v.getTime();
  return null;
}
