/**
 * Statement order: `ord = stored milliseconds * 4096 + n`, strictly increasing within a
 * process, so `stored` follows the order and paging by `ord` is stable while new
 * statements arrive (they always sort after the high-water mark a page was cut at).
 * A number, not a counter in the store: no extra write per statement.
 */
export const ORD_PER_MS = 4096;

/**
 * How long, by default, another process's statement may take from being numbered to being
 * visible (its insert time plus clock skew between processes); see StatementService.settledOrd.
 */
export const DEFAULT_SETTLE_LAG_MS = 2000;

export class StatementClock {
  private last = 0;

  constructor(private readonly now: () => Date) {}

  /** Continue after the highest order already stored (on start-up). */
  advancePast(ord: number): void {
    this.last = Math.max(this.last, ord);
  }

  next(): number {
    const floor = this.now().getTime() * ORD_PER_MS;
    this.last = Math.max(this.last + 1, floor);
    return this.last;
  }

  /**
   * The highest order this clock will never hand out again: its high water, or just below
   * now's first order when that is higher (an idle clock still moves on). Advances the
   * clock to it, so a clock set back cannot later hand out an order reported as passed.
   */
  closedThrough(): number {
    this.last = Math.max(this.last, this.now().getTime() * ORD_PER_MS - 1);
    return this.last;
  }

  /** The newest order handed out: the high-water mark for a consistent page. */
  get highWater(): number {
    return this.last;
  }
}

export function storedOf(ord: number): Date {
  return new Date(Math.floor(ord / ORD_PER_MS));
}

/** The first `ord` whose `stored` is later than `t` (stored has millisecond precision). */
export function firstOrdAfter(t: Date): number {
  return (Math.floor(t.getTime()) + 1) * ORD_PER_MS;
}

/** The last `ord` whose `stored` is at or before `t`. */
export function lastOrdAt(t: Date): number {
  return firstOrdAfter(t) - 1;
}

/**
 * The latest `stored` time all of whose orders are at or below `ord`: what the LRS may
 * call consistent through when `ord` is settled (a statement of the next order could
 * still be stored in the same millisecond as `ord`).
 */
export function storedThrough(ord: number): Date {
  return new Date(Math.floor((ord + 1) / ORD_PER_MS) - 1);
}
