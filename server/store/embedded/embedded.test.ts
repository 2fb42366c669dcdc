/** The embedded store on LMDB: durability, index keys and walks (the contract suite covers semantics). */
import test from 'ava';
import { openEmbeddedStore, StoreLockedError } from './index.js';
import { IndexDef } from './index-keys.js';
import { planPrefixWalks, planWalk, rangeOf } from './walk-plan.js';
import { checkStore } from './check.js';
import { Query } from 'mingo';
import { TAG } from './index-keys.js';
import { isDuplicateKeyError } from '../types.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';

test('data and indexes survive close and reopen', async (t) => {
  const dir = tempDir();
  const a = await openEmbeddedStore({ dir });
  const users = a.db.collection('users');
  await users.createIndex({ email: 1 }, { unique: true });
  await users.insertMany([{ email: 'a@x.io', at: new Date(1) }, { email: 'b@x.io' }]);
  await users.updateOne({ email: 'b@x.io' }, { $set: { name: 'B' } });
  await users.deleteOne({ email: 'a@x.io' });
  await a.close();

  const b = await openEmbeddedStore({ dir });
  const again = b.db.collection('users');
  t.deepEqual(
    (await again.find({}, { projection: { _id: 0 } }).toArray()),
    [{ email: 'b@x.io', name: 'B' }],
  );
  const err = await t.throwsAsync(() => again.insertOne({ email: 'b@x.io' }));
  t.true(isDuplicateKeyError(err), 'the unique index was restored');
  await b.close();
});

test('bytes survive a restart, as BSON Binary like MongoDB returns them', async (t) => {
  const dir = tempDir();
  const a = await openEmbeddedStore({ dir });
  await a.db.collection('files').insertOne({ _id: 'f' as never, data: Buffer.from([0, 1, 254, 255]) });
  const live = await a.db.collection('files').findOne({ _id: 'f' as never });
  t.deepEqual(Buffer.from((live!.data as { buffer: Uint8Array }).buffer), Buffer.from([0, 1, 254, 255]));
  await a.close();
  const b = await openEmbeddedStore({ dir });
  const reread = await b.db.collection('files').findOne({ _id: 'f' as never });
  t.is((reread!.data as { _bsontype?: string })._bsontype, 'Binary');
  t.deepEqual(Buffer.from((reread!.data as { buffer: Uint8Array }).buffer), Buffer.from([0, 1, 254, 255]));
  await b.close();
});

test('one process owns a data directory at a time', async (t) => {
  const dir = tempDir();
  const store = await openEmbeddedStore({ dir });
  await t.throwsAsync(() => openEmbeddedStore({ dir }), { instanceOf: StoreLockedError });
  await store.close();
  const again = await openEmbeddedStore({ dir });
  await again.close();
});

test('ids and single-field index keys keep a string apart from other values that print alike', async (t) => {
  const store = await openEmbeddedStore({ dir: tempDir() });
  const c = store.db.collection('typed');
  await c.createIndex({ v: 1 }, { unique: true });
  // Strings are their own keys; other values are '\u0000' + a type tag: none of these may collide.
  const values: unknown[] = [5, '5', 'n5', '\u0000n5', '\u0000\u0000n5', 's5', true, 'b1', new Date(5), 'd5'];
  await c.insertMany(values.map((v) => ({ _id: v as never, v })));
  for (const v of values) {
    const byId = await c.find({ _id: v as never }).toArray();
    t.deepEqual(byId.map((d) => d.v), [v], `_id ${JSON.stringify(v)}`);
    const byIndex = await c.find({ v }).toArray();
    t.deepEqual(byIndex.map((d) => d._id), [v], `v ${JSON.stringify(v)}`);
    await t.throwsAsync(() => c.insertOne({ _id: v as never }), undefined, `duplicate _id ${JSON.stringify(v)}`);
  }
  await store.close();
});

test('an index stays exact while many documents sharing one key come and go', async (t) => {
  const store = await openEmbeddedStore({ dir: tempDir() });
  const c = store.db.collection('shared');
  await c.createIndex({ tag: 1 });
  await c.createIndex({ n: 1 });
  await c.insertMany(Array.from({ length: 300 }, (_, n) => ({ _id: `d${n}` as never, n, tag: 'a', flag: false })));
  const expected = new Set(Array.from({ length: 300 }, (_, n) => `d${n}`));
  // Removals from a long holder list, moves to another key, re-inserts, and updates that touch no index.
  await c.deleteMany({ n: { $in: Array.from({ length: 100 }, (_, i) => i * 3) } });
  for (let i = 0; i < 100; i++) expected.delete(`d${i * 3}`);
  await c.updateMany({ n: { $in: [1, 4, 7] } }, { $set: { tag: 'b' } });
  for (const n of [1, 4, 7]) expected.delete(`d${n}`);
  await c.insertMany([0, 3].map((n) => ({ _id: `d${n}` as never, n, tag: 'a' })));
  expected.add('d0').add('d3');
  await c.updateMany({ tag: 'a' }, { $set: { flag: true } });
  const found = (await c.find({ tag: 'a' }).toArray()).map((d) => String(d._id));
  t.deepEqual(found.sort(), [...expected].sort());
  t.is(await c.countDocuments({ tag: 'a', flag: true }), expected.size);
  t.deepEqual((await c.find({ tag: 'b' }, { sort: { n: 1 } }).toArray()).map((d) => d.n), [1, 4, 7]);
  const [newest] = await c.find({ tag: 'a' }, { sort: { n: -1 }, limit: 1 }).toArray();
  t.is(newest!.n, 299);
  await store.close();
});

test('a number index answers equality lookups before and after its first one, and once it holds other values', async (t) => {
  const store = await openEmbeddedStore({ dir: tempDir() });
  const c = store.db.collection('seq');
  await c.createIndex({ n: 1 });
  await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `d${i}` as never, n: i % 10 })));
  await c.updateOne({ _id: 'd3' as never }, { $set: { n: 100 } });
  await c.deleteOne({ _id: 'd13' as never });
  const ids = async (f: object) => (await c.find(f).toArray()).map((d) => String(d._id)).sort();
  // The first equality lookup builds the key map from the documents as they are now.
  t.deepEqual(await ids({ n: 3 }), ['d23', 'd33', 'd43']);
  t.deepEqual(await ids({ n: 100 }), ['d3']);
  // From then on it is kept up to date.
  await c.insertOne({ _id: 'd50' as never, n: 3 });
  await c.deleteOne({ _id: 'd23' as never });
  await c.updateOne({ _id: 'd3' as never }, { $set: { n: 3 } });
  t.deepEqual(await ids({ n: 3 }), ['d3', 'd33', 'd43', 'd50']);
  t.deepEqual(await ids({ n: 100 }), []);
  // A string value ends the ordered side; lookups still find everything.
  await c.insertOne({ _id: 'text' as never, n: 'three' });
  t.deepEqual(await ids({ n: { $in: [3, 'three'] } }), ['d3', 'd33', 'd43', 'd50', 'text']);
  await store.close();

  // Another store whose index leaves its ordered side before any lookup.
  const other = await openEmbeddedStore({ dir: tempDir() });
  const o = other.db.collection('mixed');
  await o.createIndex({ v: 1 });
  await o.insertMany([{ _id: 'a' as never, v: 1 }, { _id: 'b' as never, v: 'x' }, { _id: 'c' as never, v: 1 }]);
  await o.updateOne({ _id: 'c' as never }, { $set: { v: 'x' } });
  t.deepEqual((await o.find({ v: 'x' }).toArray()).map((d) => d._id).sort(), ['b', 'c']);
  t.deepEqual((await o.find({ v: 1 }).toArray()).map((d) => d._id), ['a']);
  await other.close();
});

test('a sort on one field walks its index only when the index holds every document once, within the range the filter allows', (t) => {
  const ord = new IndexDef({ name: 'ord_1', key: { ord: 1 } });
  const tags = new IndexDef({ name: 'tags_1', key: { tags: 1 } }, true);
  const partial = new IndexDef({ name: 'p_1', key: { p: 1 }, partialFilterExpression: { on: true } });
  t.deepEqual(planWalk({ ord: { $gt: 1, $lte: 3 } }, { ord: -1 }, [ord])?.range, { tag: TAG.number, lo: 1, loInclusive: false, hi: 3, hiInclusive: true });
  t.is(planWalk({ ord: { $in: [1, 2] } }, { ord: 1 }, [ord])?.range, null, 'an $in walks the whole index, checked by the matcher');
  t.is(planWalk({}, { ord: 1, other: 1 }, [ord]), null);
  t.is(planWalk({}, { tags: 1 }, [tags]), null, 'a multikey index has no single place per document');
  t.is(planWalk({}, { p: 1 }, [partial]), null, 'a partial index does not hold every document');
  t.deepEqual(rangeOf({ $gte: new Date(5), $lt: new Date(9) }), { tag: TAG.date, lo: 5, loInclusive: true, hi: 9, hiInclusive: false });
  t.is(rangeOf({ $gt: 1, $lt: new Date(9) }), null, 'bounds of two types: the matcher decides');
});

test('a document whose stored bytes changed is refused on read, naming its collection and _id', async (t) => {
  const store = await openEmbeddedStore({ dir: tempDir() });
  const c = store.db.collection('people');
  await c.insertMany([{ _id: 'ann' as never, n: 1 }, { _id: 'bob' as never, n: 2 }]);
  const value = store.db.docs.getBinary(['people', 'sbob'])!;
  value[value.length - 2]! ^= 0x01;
  await store.db.write(() => store.db.docs.putSync(['people', 'sbob'], value));
  t.deepEqual(await c.findOne({ _id: 'ann' as never }), { _id: 'ann', n: 1 } as never, 'the other documents are served');
  const err = await t.throwsAsync(() => c.findOne({ _id: 'bob' as never }));
  t.regex(err!.message, /document bob of collection people is damaged/);
  t.is((err as { status?: number }).status, 503);
  await store.close();
});

test('concurrent findOneAndUpdate calls on one counter hand out every number exactly once', async (t) => {
  const store = await openEmbeddedStore({ dir: tempDir() });
  const c = store.db.collection('counters');
  const claims = await Promise.all(
    Array.from({ length: 200 }, () => c.findOneAndUpdate({ _id: 'ord' as never }, { $inc: { v: 1 } }, { upsert: true, returnDocument: 'after' })),
  );
  t.deepEqual(
    claims.map((d) => d!.v as number).sort((a, b) => a - b),
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
  await store.close();
});

test('equality then sort walks a compound index prefix: multikey leading field yes, an array-valued sort field no', (t) => {
  const keysOrd = new IndexDef({ name: 'keys_1_ord_1', key: { keys: 1, ord: 1 } }, true, ['keys']);
  const unknownPaths = new IndexDef({ name: 'keys_1_ord_1', key: { keys: 1, ord: 1 } }, true);
  const sortArray = new IndexDef({ name: 'keys_1_ord_1', key: { keys: 1, ord: 1 } }, true, ['keys', 'ord']);
  const walks = planPrefixWalks({ $and: [{ keys: 'a:x' }, { keys: { $in: ['v:1', 'v:2'] } }], ord: { $gte: 5 } }, { ord: -1 }, [keysOrd]);
  t.deepEqual(
    walks.map((w) => w.prefixes),
    [[[TAG.string, 'a:x']], [[TAG.string, 'v:1'], [TAG.string, 'v:2']]],
    'one walk per $and-ed equality; an $in is several prefixes of one walk',
  );
  t.deepEqual(walks[0]!.range, { tag: TAG.number, lo: 5, loInclusive: true, hiInclusive: true });
  t.is(walks[0]!.direction, -1);
  t.deepEqual(planPrefixWalks({ keys: 'a:x' }, { ord: 1 }, [unknownPaths]), [], 'multikey paths unknown: the sort field may hold arrays');
  t.deepEqual(planPrefixWalks({ keys: 'a:x' }, { ord: 1 }, [sortArray]), [], 'the sort field held an array');
  t.deepEqual(planPrefixWalks({ ord: { $gt: 1 } }, { ord: 1 }, [keysOrd]), [], 'no equality on the leading field');
  t.deepEqual(planPrefixWalks({ keys: { $in: Array.from({ length: 17 }, (_, i) => `k${i}`) } }, { ord: 1 }, [keysOrd]), [], 'too many prefixes to walk side by side');
});

test('queries on a compound index answer as a scan and sort would, and dropIndex leaves a consistent store', async (t) => {
  const dir = tempDir();
  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection<{ _id: string; ord: number; keys: string[]; voided: boolean }>('statements');
  await c.createIndex({ ord: 1 });
  await c.createIndex({ keys: 1 });
  // Random data: keys from small pools so prefixes overlap; some documents share an ord.
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const docs = Array.from({ length: 3000 }, (_, i) => ({
    _id: `s${i}`,
    ord: rand(2500),
    keys: [`a:${rand(40)}`, `v:${rand(5)}`, `x:${rand(60)}`, ...(rand(3) === 0 ? [`a:${rand(40)}`] : [])],
    voided: rand(10) === 0,
  }));
  await c.insertMany(docs);
  await c.createIndex({ keys: 1, ord: 1 });
  t.true(await c.indexExists('keys_1'));
  await c.dropIndex('keys_1');
  t.false(await c.indexExists('keys_1'));
  await t.throwsAsync(() => c.dropIndex('keys_1'), { message: /index not found/ });

  const queries: Array<[object, 1 | -1, number]> = [];
  for (let i = 0; i < 60; i++) {
    // Some documents hold two agents: an $in over agents meets them under both prefixes.
    const and: object[] = [i % 6 === 1 ? { keys: { $in: [`a:${rand(40)}`, `a:${rand(40)}`, `a:${rand(40)}`] } } : { keys: `a:${rand(40)}` }];
    if (i % 3 === 0) and.push({ keys: `v:${rand(5)}` });
    if (i % 4 === 0) and.push({ keys: { $in: [`x:${rand(60)}`, `x:${rand(60)}`] } });
    const filter: Record<string, unknown> = { voided: false, $and: and };
    if (i % 2 === 0) filter.ord = { $gte: rand(2500) };
    if (i % 5 === 0) filter.ord = { $gt: rand(1000), $lte: 1000 + rand(1500) };
    queries.push([filter, i % 2 === 0 ? -1 : 1, [1, 10, 100, 0][i % 4]!]);
  }
  const expected = (filter: object, dir: 1 | -1, limit: number) => {
    const all = new Query(filter).find(docs).all() as typeof docs;
    // Ties in ord: any order among them is right, so compare the ord sequence and the set at each ord.
    all.sort((a, b) => (a.ord - b.ord) * dir);
    return limit ? all.slice(0, limit) : all;
  };
  for (const [filter, direction, limit] of queries) {
    const got = await c.find(filter, { sort: { ord: direction }, ...(limit ? { limit } : {}) }).toArray();
    const want = expected(filter, direction, limit);
    t.deepEqual(got.map((d) => d.ord), want.map((d) => d.ord), JSON.stringify({ filter, direction, limit }));
    t.is(new Set(got.map((d) => d._id)).size, got.length, 'no document twice');
    for (const d of got) t.true(new Query(filter).test(d));
    if (!limit) t.deepEqual(got.map((d) => d._id).sort(), want.map((d) => d._id).sort());
  }
  // Equality alone uses the compound index's prefix.
  t.deepEqual((await c.find({ keys: 'a:3' }).toArray()).map((d) => d._id).sort(), docs.filter((d) => d.keys.includes('a:3')).map((d) => d._id).sort());
  await store.close();
  const check = await checkStore(dir);
  t.true(check.ok, JSON.stringify(check));
});
