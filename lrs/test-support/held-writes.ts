/**
 * A store whose next write of a given kind waits until the test releases it: a racing
 * writer made deterministic (no sleeps). `reached` resolves once the write has begun
 * waiting; `release()` lets it through, `release(err)` makes it fail instead.
 */
import type { LrsDb } from '../store.js';

type HeldMethod = 'insertMany' | 'updateOne';

export interface Hold {
  reached: Promise<void>;
  release(err?: Error): void;
}

export interface HeldWrites {
  db: LrsDb;
  /** Holds the next `method` call on `collection` (one call; later calls pass straight through). */
  hold(collection: string, method: HeldMethod): Hold;
}

export function holdingDb(db: LrsDb): HeldWrites {
  const armed = new Map<string, Array<{ reached: () => void; gate: Promise<void> }>>();
  const wrapped = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'collection') return Reflect.get(target, prop, receiver);
      return (name: string) => {
        const real = target.collection(name);
        return new Proxy(real, {
          get(col, method) {
            const value = Reflect.get(col, method, col);
            if (typeof value !== 'function') return value;
            const fn = value.bind(col) as (...args: unknown[]) => Promise<unknown>;
            // Only writes are wrapped: find() returns a cursor, not a promise.
            if (method !== 'insertMany' && method !== 'updateOne') return fn;
            return async (...args: unknown[]) => {
              const held = armed.get(`${name}.${String(method)}`)?.shift();
              if (held) {
                held.reached();
                await held.gate;
              }
              return fn(...args);
            };
          },
        });
      };
    },
  });
  return {
    db: wrapped,
    hold(collection, method) {
      let reached!: () => void;
      let open!: () => void;
      let fail!: (err: Error) => void;
      const reachedP = new Promise<void>((r) => (reached = r));
      const gate = new Promise<void>((resolve, reject) => {
        open = resolve;
        fail = reject;
      });
      const key = `${collection}.${method}`;
      armed.set(key, [...(armed.get(key) ?? []), { reached, gate }]);
      return { reached: reachedP, release: (err) => (err ? fail(err) : open()) };
    },
  };
}
