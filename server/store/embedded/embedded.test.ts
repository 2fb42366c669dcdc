/** Durability and recovery of the embedded store (the contract suite covers semantics). */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { openEmbeddedStore, StoreLockedError } from './index.js';
import { planOrderedWalk, planQuery } from './planner.js';
import { SecondaryIndex } from './index-structure.js';
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

test('compaction writes a snapshot, keeps the journals a damaged snapshot would fall back to, and keeps writes made meanwhile', async (t) => {
  const dir = tempDir();
  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection('items');
  await c.createIndex({ n: 1 });
  for (let i = 0; i < 50; i++) await c.insertOne({ n: i });
  const compaction = store.db.compact();
  // Written while the snapshot is being taken: must land in the new journal.
  const during = c.insertMany(Array.from({ length: 20 }, (_, i) => ({ n: 100 + i })));
  await Promise.all([compaction, during]);
  await c.updateMany({ n: { $lt: 10 } }, { $set: { low: true } });
  await store.close();

  const files = fs.readdirSync(path.join(dir)).sort();
  // The only snapshot's fallback is the empty store plus every journal, so journal-0 stays.
  t.deepEqual(files.filter((f) => f !== 'LOCK'), ['journal-0.log', 'journal-1.log', 'snapshot-1.ejson']);

  const reopened = await openEmbeddedStore({ dir });
  const items = reopened.db.collection('items');
  t.is(await items.countDocuments(), 70);
  t.is(await items.countDocuments({ low: true }), 10);
  t.is(reopened.db.recovery.snapshotGeneration, 1);
  t.deepEqual(planQuery({ n: 5 }, [new SecondaryIndex({ name: 'n_1', key: { n: 1 } })]).kind, 'index');
  await reopened.close();
});

test('compaction starts by itself when the journal passes its size limit', async (t) => {
  const dir = tempDir();
  const store = await openEmbeddedStore({ dir, compactBytes: 4096 });
  const c = store.db.collection('big');
  for (let i = 0; i < 40; i++) await c.insertOne({ i, pad: 'x'.repeat(200) });
  // No compact() here: the journal outgrew 4 KB, so one must have started; close() waits for it.
  await store.close();
  t.true(fs.readdirSync(dir).some((f) => /^snapshot-\d+\.ejson$/.test(f)), 'a snapshot was written without being asked for');
  const reopened = await openEmbeddedStore({ dir });
  t.is(await reopened.db.collection('big').countDocuments(), 40);
  await reopened.close();
});

test('a write cut short at the end of the journal is dropped, everything before it kept', async (t) => {
  const dir = tempDir();
  const store = await openEmbeddedStore({ dir });
  await store.db.collection('c').insertMany([{ k: 1 }, { k: 2 }]);
  await store.close();
  fs.appendFileSync(path.join(dir, 'journal-0.log'), '{"op":"ins","c":"c","d":[{"k":3');
  const reopened = await openEmbeddedStore({ dir });
  t.is(await reopened.db.collection('c').countDocuments(), 2);
  t.true(reopened.db.recovery.droppedTailBytes > 0);
  // The torn tail was cut off, so new writes append to a clean journal.
  await reopened.db.collection('c').insertOne({ k: 4 });
  await reopened.close();
  const third = await openEmbeddedStore({ dir });
  t.deepEqual((await third.db.collection('c').find({}, { sort: { k: 1 } }).toArray()).map((d) => d.k), [1, 2, 4]);
  t.is(third.db.recovery.droppedTailBytes, 0);
  await third.close();
});

test('one process owns a data directory at a time', async (t) => {
  const dir = tempDir();
  const store = await openEmbeddedStore({ dir });
  await t.throwsAsync(() => openEmbeddedStore({ dir }), { instanceOf: StoreLockedError });
  await store.close();
  const again = await openEmbeddedStore({ dir });
  await again.close();
});

test('the planner uses an index only when it covers the equality fields', (t) => {
  const byDept = new SecondaryIndex({ name: 'dept_1_loc_1', key: { dept: 1, loc: 1 } });
  const byEmail = new SecondaryIndex({ name: 'email_1', key: { email: 1 } });
  t.is(planQuery({ dept: 'a', loc: { $in: ['x', 'y'] } }, [byDept, byEmail]).kind, 'index');
  t.is(planQuery({ dept: 'a' }, [byDept]).kind, 'scan');
  t.is(planQuery({ email: /x/ }, [byEmail]).kind, 'scan');
  t.is(planQuery({ _id: 'k', email: 'e' }, [byEmail]).kind, 'ids');
  const partial = new SecondaryIndex({ name: 'p', key: { email: 1 }, partialFilterExpression: { active: true } });
  t.is(planQuery({ email: 'e' }, [partial]).kind, 'scan', 'a partial index does not hold every document');
});

test('an ordered walk serves single-field sorts on number or date fields, with range bounds', async (t) => {
  const store = await openEmbeddedStore({ dir: tempDir() });
  const c = store.db.collection('o');
  await c.createIndex({ ord: 1 });
  await c.createIndex({ name: 1 });
  await c.insertMany([{ ord: 3, name: 'c' }, { ord: 1, name: 'a' }, { ord: 2, name: 'b' }]);
  const indexes = () => (c as unknown as { indexes: Map<string, SecondaryIndex> }).indexes.values();
  const walk = planOrderedWalk({ ord: { $gt: 1, $lte: 3 } }, { ord: -1 }, indexes());
  t.deepEqual(walk?.bounds, { gt: 1, lte: 3 });
  t.deepEqual([...walk!.index.ordered!.walk(-1, walk!.bounds)].length, 2);
  t.is(planOrderedWalk({}, { name: 1 }, indexes()), null, 'strings are not kept in order');
  t.is(planOrderedWalk({ ord: { $in: [1, 2] } }, { ord: 1 }, indexes()), null);
  t.is(planOrderedWalk({}, { ord: 1, name: 1 }, indexes()), null);
  await store.close();
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
