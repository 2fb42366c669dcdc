/** Writes issued together are all awaited; the first failure is thrown only once every write settled. */
import test from 'ava';
import { IssuedWrites, settleAll } from './settle-all.js';

test('done waits for every write and throws the first failure after all settled', async (t) => {
  const settled: string[] = [];
  const later = (name: string, ms: number, fail = false) =>
    new Promise<void>((resolve, reject) => setTimeout(() => (settled.push(name), fail ? reject(new Error(name)) : resolve()), ms));
  const writes = new IssuedWrites();
  writes.add(later('a', 5, true));
  // The caller awaits something else meanwhile: the failure of `a` must not go unhandled.
  await new Promise((r) => setTimeout(r, 15));
  writes.add(later('b', 5));
  writes.add(later('c', 10, true));
  await t.throwsAsync(() => writes.done(), { message: 'a' });
  t.deepEqual(settled.sort(), ['a', 'b', 'c']);
  await writes.done(); // nothing left
});

test('settleAll resolves when all succeed', async (t) => {
  let n = 0;
  await settleAll([1, 2, 3].map(async () => void n++));
  t.is(n, 3);
});
