/** The journal's fast paths must write and read exactly what EJSON would: same values back, same types. */
import test from 'ava';
import { Binary, Decimal128, EJSON, Long, ObjectId } from '../bson.js';
import { deserialize, serialize } from './values.js';

const oid = new ObjectId();
const docs: Array<Record<string, unknown>> = [
  { _id: 'plain', n: 1, f: 2.5, s: 'x "quoted" \u0001', b: false, z: null, list: [1, 'a', [true]], nested: { a: { b: 'c' } } },
  { _id: 'dates', at: new Date('2026-03-01T09:00:00Z'), ms: new Date('2026-03-01T09:00:00.123Z'), epoch: new Date(0), list: [new Date(5), 'x'], deep: { when: new Date(86400_000), n: 1 } },
  { _id: 'old-date', at: new Date('1960-01-01T00:00:00Z'), max: new Date(8.64e15) },
  { _id: oid, by: new ObjectId(), at: new Date(7) },
  { _id: 'bytes', bin: new Binary(Buffer.from('hello')), long: Long.fromString('9007199254740993'), dec: Decimal128.fromString('1.5') },
  { _id: 'numbers', inf: Infinity, nan: NaN, negZero: -0 },
  { _id: 'dollar-keys', q: { $gt: 1 }, d: { $date: 'not a type here', other: 1 }, at: new Date(3) },
  { _id: 'journal entry', op: 'ins', c: 'x', d: [{ _id: 1, at: new Date(9), tags: ['a'] }, { _id: 2, $weird: true }] },
];

for (const doc of docs) {
  test(`serialize/deserialize agree with EJSON: ${String(doc._id)}`, (t) => {
    const line = serialize(doc);
    t.false(line.includes('\n'));
    const viaFast = deserialize(line);
    // What the store did before: EJSON both ways.
    const viaEjson = EJSON.parse(EJSON.stringify(doc, { relaxed: true }), { relaxed: true });
    t.deepEqual(viaFast, viaEjson);
    // And what EJSON makes of the fast line is what the fast reader makes of it.
    t.deepEqual(EJSON.parse(line, { relaxed: true }), viaFast);
  });
}

test('dates come back as Dates with the same time, plain JSON stays plain', (t) => {
  const at = new Date('2026-03-01T09:00:00.456Z');
  const back = deserialize(serialize({ _id: 'a', at, list: [{ at }], s: 'x' }));
  t.true(back.at instanceof Date);
  t.is((back.at as Date).getTime(), at.getTime());
  t.is(((back.list as Array<{ at: Date }>)[0]!.at as Date).getTime(), at.getTime());
  t.is(serialize({ _id: 'p', n: 1, s: 'x' }), JSON.stringify({ _id: 'p', n: 1, s: 'x' }));
});

test('serialize leaves the document untouched', (t) => {
  const at = new Date(1000);
  const doc = { _id: 'u', at, list: [at, 1], sub: { at } };
  serialize(doc);
  t.is(doc.at, at);
  t.is(doc.list[0], at);
  t.is(doc.sub.at, at);
});

test('an undefined field is dropped, with or without dates (stored documents never hold one: cloneDoc drops them)', (t) => {
  t.deepEqual(deserialize(serialize({ _id: 'a', gone: undefined, after: 'kept' })), { _id: 'a', after: 'kept' });
  t.deepEqual(deserialize(serialize({ _id: 'b', gone: undefined, at: new Date(1000), after: 'kept' })), { _id: 'b', at: new Date(1000), after: 'kept' });
});
