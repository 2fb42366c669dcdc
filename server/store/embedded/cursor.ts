/**
 * A lazy cursor: options accumulate until the first read, then the collection runs
 * the query once. Matches the driver's chaining style (`find().sort().limit()`).
 */
import type { Document, FindOptions, Sort, StoreCursor } from '../types.js';

export class EmbeddedCursor<T> implements StoreCursor<T> {
  private options: FindOptions;

  constructor(
    private readonly run: (options: FindOptions) => T[],
    options: FindOptions,
  ) {
    this.options = { ...options };
  }

  sort(sort: Sort): StoreCursor<T> {
    this.options.sort = sort;
    return this;
  }

  skip(n: number): StoreCursor<T> {
    this.options.skip = n;
    return this;
  }

  limit(n: number): StoreCursor<T> {
    this.options.limit = n;
    return this;
  }

  project<P extends Document = Document>(projection: Document): StoreCursor<P> {
    this.options.projection = projection;
    return this as unknown as StoreCursor<P>;
  }

  async toArray(): Promise<T[]> {
    return this.run(this.options);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    yield* this.run(this.options);
  }

  /** For mongoose, which closes cursors it has read. */
  async close(): Promise<void> {}
}
