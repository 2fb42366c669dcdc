/** The compiled matcher must agree with mingo (MongoDB semantics) on every filter it accepts. */
import test from 'ava';
import { Query } from 'mingo';
import { ObjectId } from '../bson.js';
import { compileMatcher } from './matcher.js';

const ids = [new ObjectId(), new ObjectId()];
const dates = [new Date(0), new Date(1000), new Date(2000)];
const scalars: unknown[] = ['a', 'b', '', 0, 1, 2.5, -1, true, false, null, dates[1], ids[0]];
const values: unknown[] = [...scalars, undefined, [], ['a', 'b'], [1, 2], [null], ['a', null], [dates[0], dates[2]], { x: 1 }];

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

test('compiled matchers agree with mingo on random documents and filters', (t) => {
  const rand = rng(42);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const docs = Array.from({ length: 300 }, (_, i) => {
    const doc: Record<string, unknown> = { _id: i };
    for (const f of ['a', 'b', 'c']) {
      const v = pick(values);
      if (v !== undefined) doc[f] = v;
    }
    return doc;
  });
  const condition = (): unknown => {
    switch (Math.floor(rand() * 9)) {
      case 0: return pick(scalars);
      case 1: return { $eq: pick(scalars) };
      case 2: return { $ne: pick(scalars) };
      case 3: return { $in: [pick(scalars), pick(scalars)] };
      case 4: return { $nin: [pick(scalars), pick(scalars)] };
      case 5: return { $exists: rand() < 0.5 };
      case 6: return { [pick(['$gt', '$gte', '$lt', '$lte'])]: pick([0, 1, 2, -5, dates[1]]) };
      case 7: return { $gte: pick([0, dates[0]]), $lt: pick([2, dates[2]]) };
      default: return pick(scalars);
    }
  };
  let compared = 0;
  for (let n = 0; n < 400; n++) {
    const filter: Record<string, unknown> = {};
    for (const f of ['a', 'b', 'c']) if (rand() < 0.5) filter[f] = condition();
    const fast = compileMatcher(filter);
    const slow = new Query(filter);
    for (const doc of docs) {
      compared++;
      if (fast(doc) !== slow.test(doc)) {
        t.fail(`disagree on ${JSON.stringify(filter)} for ${JSON.stringify(doc)}: compiled ${fast(doc)}, mingo ${slow.test(doc)}`);
        return;
      }
    }
  }
  t.is(compared, 400 * 300);
});

test('filters outside the simple subset still match correctly (through mingo)', (t) => {
  const doc = { a: { b: [1, 2] }, s: 'Hello' };
  t.true(compileMatcher({ 'a.b': 2 })(doc));
  t.true(compileMatcher({ s: /^hel/i })(doc));
  t.true(compileMatcher({ $or: [{ s: 'x' }, { 'a.b': { $size: 2 } }] })(doc));
  t.false(compileMatcher({ a: { b: [2, 1] } })(doc));
});
