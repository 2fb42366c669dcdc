/**
 * For tests: a store whose deletes start a turn later than they are issued, as on a driver
 * connection pool where a delete sent first can reach the server after an insert sent
 * next. Code that issues a delete and then a write on the same ids without awaiting the
 * delete breaks on it; ordered bulk writes (one call) do not.
 */
import type { Store, StoreCollection, StoreDb, Document } from '../types.js';

const DELAYED = new Set<PropertyKey>(['deleteMany', 'deleteOne']);
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function reorderingCollection<T extends Document>(inner: StoreCollection<T>): StoreCollection<T> {
  return new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (!DELAYED.has(prop)) return value.bind(target);
      return async (...args: unknown[]) => {
        await nextTurn();
        return value.apply(target, args);
      };
    },
  });
}

export function reorderingDb(inner: StoreDb): StoreDb {
  return { collection: <T extends Document>(name: string) => reorderingCollection(inner.collection<T>(name)) };
}

/** The same store with its deletes late (mongoose keeps the inner db: only the narrow interface is reordered). */
export function reorderingStore(inner: Store): Store {
  const db = reorderingDb(inner.db);
  return {
    kind: inner.kind,
    db,
    mongooseDb: inner.mongooseDb,
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
}
