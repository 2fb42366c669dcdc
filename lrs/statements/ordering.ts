/**
 * Statement order: `ord = stored milliseconds * 4096 + n`, strictly increasing within a
 * process, so `stored` follows the order and paging by `ord` is stable while new
 * statements arrive (they always sort after the high-water mark a page was cut at).
 * A number, not a counter in the store: no extra write per statement.
 */
export const ORD_PER_MS = 4096;

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
