/**
 * Orders taken by this process whose insert has not yet finished or failed: a reader must
 * not move its checkpoint past the lowest of them, or it would never read that statement.
 */
export class InFlightOrds {
  /** The first (lowest) order of each batch in flight. */
  private readonly firsts = new Set<number>();

  /** Marks a batch in flight by its first order; call the returned function when it lands or fails. */
  add(firstOrd: number): () => void {
    this.firsts.add(firstOrd);
    return () => this.firsts.delete(firstOrd);
  }

  /**
   * The lowest order in flight, if any. One clock hands out increasing orders and a batch is
   * added as soon as it is numbered, so the oldest entry (a Set iterates in insertion order)
   * is the lowest.
   */
  lowest(): number | undefined {
    for (const ord of this.firsts) return ord;
    return undefined;
  }
}
