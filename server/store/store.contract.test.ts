/**
 * The store contract: one suite, run against the embedded store always and against
 * MongoDB as well when MONGODB_URI is set. Application code may rely on exactly what
 * is asserted here.
 */
import test, { type ExecutionContext } from 'ava';
import { Binary, ObjectId } from './bson.js';
import type { Store, StoreCollection, Document } from './types.js';
import { bulkWriteFailure, isDuplicateKeyError } from './types.js';
import { storeTargets } from './testing/store-targets.js';

const targets = storeTargets('store-contract');

let seq = 0;
for (const target of targets) {
  const stores: Store[] = [];
  const store = async (place = target.place()): Promise<Store> => {
    const s = await target.open(place);
    stores.push(s);
    return s;
  };
  /** A store, and how to close it and open what it holds again (durability). */
  const reopenable = async () => {
    const place = target.place();
    const first = await store(place);
    return {
      store: first,
      reopen: async () => {
        await first.close();
        return store(place);
      },
    };
  };
  // Tests use arbitrary _id types, so collections are loosely typed here.
  const fresh = async (): Promise<StoreCollection<Document>> => (await store()).db.collection(`c${++seq}`);
  test.after.always(async () => {
    for (const s of stores) await s.close();
  });
  const t = (title: string, fn: (tt: ExecutionContext) => Promise<void>) => test(`${target.kind}: ${title}`, fn);

  t('insertOne assigns an ObjectId and keeps BSON types', async (tt) => {
    const c = await fresh();
    const when = new Date('2026-01-02T03:04:05.678Z');
    const ref = new ObjectId();
    const res = await c.insertOne({ name: 'Ada', when, ref, bin: new Binary(Buffer.from([1, 2, 3])), n: 1.5, nested: { a: [1, { b: 2 }] } });
    tt.true(res.insertedId instanceof ObjectId);
    const doc = await c.findOne({ _id: res.insertedId as ObjectId });
    tt.truthy(doc);
    tt.true(doc!.when instanceof Date);
    tt.is((doc!.when as Date).toISOString(), when.toISOString());
    tt.true(doc!.ref instanceof ObjectId);
    tt.true((doc!.ref as ObjectId).equals(ref));
    tt.deepEqual(Buffer.from((doc!.bin as Binary).buffer), Buffer.from([1, 2, 3]));
    tt.deepEqual(doc!.nested, { a: [1, { b: 2 }] });
  });

  t('a compound index serves equality then sort; dropIndex removes an index, and writes and reads go on without it', async (tt) => {
    const c = await fresh();
    await c.createIndex({ keys: 1 });
    await c.createIndex({ keys: 1, ord: 1 });
    await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `s${i}` as never, ord: i, keys: [`a:${i % 3}`, `v:${i % 2}`] })));
    tt.true(await c.indexExists('keys_1'));
    await c.dropIndex('keys_1');
    tt.false(await c.indexExists('keys_1'));
    tt.true(await c.indexExists('keys_1_ord_1'));
    await tt.throwsAsync(() => c.dropIndex('keys_1'));
    await c.insertOne({ _id: 's50' as never, ord: 50, keys: ['a:2', 'v:0'] });
    const newest = await c.find({ $and: [{ keys: 'a:2' }, { keys: 'v:0' }], ord: { $gte: 10 } }, { sort: { ord: -1 }, limit: 3 }).toArray();
    tt.deepEqual(newest.map((d) => d.ord), [50, 44, 38]);
    const oldest = await c.find({ keys: { $in: ['a:0', 'a:1'] } }, { sort: { ord: 1 }, limit: 4 }).toArray();
    tt.deepEqual(oldest.map((d) => d.ord), [0, 1, 3, 4]);
  });

  t('returned documents are copies: mutating them changes nothing stored', async (tt) => {
    const c = await fresh();
    await c.insertOne({ _id: 'x' as never, tags: ['a'], at: new Date(0) });
    const doc = (await c.findOne({ _id: 'x' as never }))!;
    (doc.tags as string[]).push('b');
    (doc.at as Date).setFullYear(2000);
    const again = (await c.findOne({ _id: 'x' as never }))!;
    tt.deepEqual(again.tags, ['a']);
    tt.is((again.at as Date).getTime(), 0);
  });

  t('find: operators, nested paths, arrays, sort, skip, limit, projection', async (tt) => {
    const c = await fresh();
    await c.insertMany([
      { _id: 1, name: 'ann', age: 30, dept: { code: 'ENG' }, tags: ['a', 'b'] },
      { _id: 2, name: 'bob', age: 25, dept: { code: 'HR' }, tags: ['b'] },
      { _id: 3, name: 'cy', age: 35, dept: { code: 'ENG' }, tags: [] },
      { _id: 4, name: 'dee', age: 41, dept: { code: 'OPS' } },
    ] as never[]);
    const ids = async (filter: Document, opts: Document = {}) => (await c.find(filter, opts).toArray()).map((d) => d._id);
    tt.deepEqual(await ids({ age: { $gt: 29 } }, { sort: { age: 1 } }), [1, 3, 4]);
    tt.deepEqual(await ids({ 'dept.code': 'ENG' }, { sort: { _id: -1 } }), [3, 1]);
    tt.deepEqual(await ids({ tags: 'b' }, { sort: { _id: 1 } }), [1, 2]);
    tt.deepEqual(await ids({ tags: { $size: 0 } }), [3]);
    tt.deepEqual(await ids({ tags: { $exists: false } }), [4]);
    tt.deepEqual(await ids({ name: { $regex: '^[ab]' } }, { sort: { name: -1 } }), [2, 1]);
    tt.deepEqual(await ids({ $or: [{ age: { $lt: 26 } }, { name: 'dee' }] }, { sort: { _id: 1 } }), [2, 4]);
    tt.deepEqual(await ids({}, { sort: { age: -1 }, skip: 1, limit: 2 }), [3, 1]);
    tt.deepEqual(
      (await c.find({}).sort({ _id: 1 }).skip(2).limit(1).toArray()).map((d) => d._id),
      [3],
    );
    const projected = await c.find({ _id: 1 } as never, { projection: { name: 1, _id: 0 } }).toArray();
    tt.deepEqual(projected, [{ name: 'ann' }] as never);
    const iterated: unknown[] = [];
    for await (const d of c.find({ age: { $gte: 35 } }, { sort: { _id: 1 } })) iterated.push(d._id);
    tt.deepEqual(iterated, [3, 4]);
    tt.is(await c.countDocuments({ 'dept.code': { $in: ['ENG', 'OPS'] } }), 3);
    tt.deepEqual(((await c.distinct('dept.code')) as string[]).sort(), ['ENG', 'HR', 'OPS']);
  });

  t('null matches missing fields', async (tt) => {
    const c = await fresh();
    await c.insertMany([{ _id: 1, m: null }, { _id: 2 }, { _id: 3, m: 1 }] as never[]);
    await c.createIndex({ m: 1 });
    const found = (await c.find({ m: null }, { sort: { _id: 1 } }).toArray()).map((d) => d._id);
    tt.deepEqual(found, [1, 2]);
  });

  t('updates: $set, $inc, $push, $unset, counts, and no-op updates', async (tt) => {
    const c = await fresh();
    await c.insertMany([{ _id: 1, n: 1, list: [] }, { _id: 2, n: 1, list: [] }, { _id: 3, n: 5 }] as never[]);
    const one = await c.updateOne({ n: 1 }, { $inc: { n: 10 }, $push: { list: 'x' } as never, $set: { 'deep.flag': true } });
    tt.is(one.matchedCount, 1);
    tt.is(one.modifiedCount, 1);
    const many = await c.updateMany({ n: { $lt: 6 } }, { $set: { seen: true } });
    tt.is(many.matchedCount, 2);
    tt.is(many.modifiedCount, 2);
    const noop = await c.updateOne({ _id: 3 } as never, { $set: { n: 5 } });
    tt.is(noop.matchedCount, 1);
    tt.is(noop.modifiedCount, 0);
    await c.updateOne({ _id: 3 } as never, { $unset: { seen: '' } });
    const docs = await c.find({}, { sort: { _id: 1 } }).toArray();
    tt.deepEqual(docs[0], { _id: 1, n: 11, list: ['x'], deep: { flag: true } } as never);
    tt.deepEqual(docs[1], { _id: 2, n: 1, list: [], seen: true } as never);
    tt.deepEqual(docs[2], { _id: 3, n: 5 } as never);
  });

  t('upsert seeds from the filter and applies $setOnInsert only on insert', async (tt) => {
    const c = await fresh();
    const first = await c.updateOne({ email: 'a@x.io' }, { $set: { name: 'A' }, $setOnInsert: { created: 1 } }, { upsert: true });
    tt.is(first.upsertedCount, 1);
    tt.truthy(first.upsertedId);
    const second = await c.updateOne({ email: 'a@x.io' }, { $set: { name: 'B' }, $setOnInsert: { created: 2 } }, { upsert: true });
    tt.is(second.upsertedCount, 0);
    tt.is(second.matchedCount, 1);
    const doc = await c.findOne({ email: 'a@x.io' }, { projection: { _id: 0 } });
    tt.deepEqual(doc, { email: 'a@x.io', name: 'B', created: 1 } as never);
  });

  t('an upsert may set the new _id through $setOnInsert', async (tt) => {
    const c = await fresh();
    await c.updateOne({ _id: 'job-1' } as never, { $setOnInsert: { _id: 'job-1', state: 'waiting' } as never }, { upsert: true });
    await c.updateOne({ key: 'k' }, { $setOnInsert: { _id: 'chosen' } as never, $set: { n: 1 } }, { upsert: true });
    tt.deepEqual(await c.find({}, { sort: { _id: 1 } }).toArray(), [
      { _id: 'chosen', key: 'k', n: 1 },
      { _id: 'job-1', state: 'waiting' },
    ] as never);
  });

  t('replaceOne replaces the whole document and keeps its _id', async (tt) => {
    const c = await fresh();
    await c.insertOne({ _id: 'r' as never, a: 1, b: 2 });
    const res = await c.replaceOne({ _id: 'r' } as never, { c: 3 } as never);
    tt.is(res.modifiedCount, 1);
    tt.deepEqual(await c.findOne({ _id: 'r' } as never), { _id: 'r', c: 3 } as never);
  });

  t('changing _id through an update is refused', async (tt) => {
    const c = await fresh();
    await c.insertOne({ _id: 'k' as never, v: 1 });
    await tt.throwsAsync(() => c.updateOne({ _id: 'k' } as never, { $set: { _id: 'other' } as never }));
    tt.deepEqual(await c.findOne({ _id: 'k' } as never), { _id: 'k', v: 1 } as never);
  });

  t('findOneAndUpdate returns before/after, honours sort, and upserts', async (tt) => {
    const c = await fresh();
    await c.insertMany([{ _id: 1, q: 'a', p: 2 }, { _id: 2, q: 'a', p: 1 }] as never[]);
    const before = await c.findOneAndUpdate({ q: 'a' }, { $set: { taken: true } }, { sort: { p: 1 }, returnDocument: 'before' });
    tt.is(before!._id as unknown, 2);
    tt.is(before!.taken, undefined);
    const after = await c.findOneAndUpdate({ q: 'a', taken: { $ne: true } }, { $set: { taken: true } }, { returnDocument: 'after' });
    tt.is(after!._id as unknown, 1);
    tt.is(after!.taken, true);
    tt.is(await c.findOneAndUpdate({ q: 'zzz' }, { $set: { x: 1 } }, { returnDocument: 'after' }), null);
    const up = await c.findOneAndUpdate({ q: 'new' }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' });
    tt.is(up!.q, 'new');
    tt.is(up!.n, 1);
  });

  t('deletes: deleteOne, deleteMany, findOneAndDelete', async (tt) => {
    const c = await fresh();
    await c.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }, { g: 3 }]);
    tt.is((await c.deleteOne({ g: 1 })).deletedCount, 1);
    tt.is((await c.deleteMany({ g: { $lte: 2 } })).deletedCount, 2);
    const gone = await c.findOneAndDelete({ g: 3 });
    tt.is(gone!.g, 3);
    tt.is(await c.countDocuments(), 0);
    tt.is((await c.deleteMany({})).deletedCount, 0);
  });

  t('unique index rejects duplicates on insert and update with code 11000, writing nothing', async (tt) => {
    const c = await fresh();
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ email: 'a@x.io', v: 1 });
    const b = await c.insertOne({ email: 'b@x.io', v: 1 });
    const dup = await tt.throwsAsync(() => c.insertOne({ email: 'a@x.io', v: 2 }));
    tt.true(isDuplicateKeyError(dup));
    const upd = await tt.throwsAsync(() => c.updateOne({ _id: b.insertedId } as never, { $set: { email: 'a@x.io' } }));
    tt.true(isDuplicateKeyError(upd));
    tt.is(await c.countDocuments({ email: 'a@x.io' }), 1);
    tt.is((await c.findOne({ _id: b.insertedId } as never))!.email, 'b@x.io');
    const dupId = await tt.throwsAsync(() => c.insertOne({ _id: b.insertedId, email: 'c@x.io' } as never));
    tt.true(isDuplicateKeyError(dupId));
  });

  t('ordered insertMany stops at the first duplicate; earlier documents stay', async (tt) => {
    const c = await fresh();
    await c.createIndex({ k: 1 }, { unique: true });
    const err = await tt.throwsAsync(() => c.insertMany([{ k: 1 }, { k: 2 }, { k: 1 }, { k: 3 }]));
    tt.true(isDuplicateKeyError(err));
    tt.deepEqual((await c.find({}, { sort: { k: 1 } }).toArray()).map((d) => d.k), [1, 2]);
  });

  t('a unique index cannot be built over existing duplicates', async (tt) => {
    const c = await fresh();
    await c.insertMany([{ k: 1 }, { k: 1 }]);
    const err = await tt.throwsAsync(() => c.createIndex({ k: 1 }, { unique: true }));
    tt.true(isDuplicateKeyError(err));
    await c.insertOne({ k: 1 });
    tt.is(await c.countDocuments({ k: 1 }), 3);
  });

  t('sparse and partial unique indexes ignore documents outside them', async (tt) => {
    const c = await fresh();
    await c.createIndex({ code: 1 }, { unique: true, sparse: true });
    await c.createIndex({ slug: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await c.insertMany([{ a: 1 }, { a: 2 }]);
    await c.insertMany([{ slug: 's', active: false }, { slug: 's', active: false }, { slug: 's', active: true }]);
    await tt.throwsAsync(() => c.insertOne({ slug: 's', active: true }));
    await c.insertOne({ code: 'X' });
    await tt.throwsAsync(() => c.insertOne({ code: 'X' }));
  });

  t('compound and multikey indexes give the same answers as a scan', async (tt) => {
    const indexed = await fresh();
    const plain = await fresh();
    const docs: Document[] = [];
    for (let i = 0; i < 400; i++) {
      docs.push({ _id: i, dept: `d${i % 7}`, loc: `l${i % 3}`, roles: [`r${i % 5}`, `r${(i + 1) % 5}`], n: i % 11 });
    }
    await indexed.createIndex({ dept: 1, loc: 1 });
    await indexed.createIndex({ roles: 1 });
    await indexed.createIndex({ n: 1 });
    await indexed.insertMany(docs.map((d) => ({ ...d })) as never[]);
    await plain.insertMany(docs.map((d) => ({ ...d })) as never[]);
    const filters: Document[] = [
      { dept: 'd3', loc: 'l1' },
      { dept: { $in: ['d1', 'd2'] }, loc: 'l0' },
      { roles: 'r2' },
      { roles: { $in: ['r1', 'r4'] }, n: { $gt: 5 } },
      { $and: [{ n: 3 }, { dept: 'd3' }] },
      { n: { $eq: 7 }, roles: 'r0' },
    ];
    for (const f of filters) {
      const a = (await indexed.find(f, { sort: { _id: 1 } }).toArray()).map((d) => d._id);
      const b = (await plain.find(f, { sort: { _id: 1 } }).toArray()).map((d) => d._id);
      tt.deepEqual(a, b, JSON.stringify(f));
      tt.true(a.length > 0, JSON.stringify(f));
    }
  });

  t('sorted, ranged and limited finds on an indexed field agree with a plain sort', async (tt) => {
    const indexed = await fresh();
    const plain = await fresh();
    await indexed.createIndex({ ord: 1 });
    await indexed.createIndex({ tag: 1 });
    await indexed.createIndex({ at: 1 });
    const docs: Document[] = [];
    // Mostly increasing order, with some out-of-order values, ties and dates; enough per
    // tag that the embedded store walks the ordered index rather than sorting candidates.
    for (let i = 0; i < 6000; i++) {
      const ord = i % 97 === 0 ? i - 50 : i;
      docs.push({ _id: i, ord, tag: `t${i % 3}`, at: new Date(Date.UTC(2026, 0, 1) + (i % 500) * 1000) });
    }
    await indexed.insertMany(docs.map((d) => ({ ...d })) as never[]);
    await plain.insertMany(docs.map((d) => ({ ...d })) as never[]);
    await indexed.deleteMany({ _id: { $in: [5, 6, 7] } } as never);
    await plain.deleteMany({ _id: { $in: [5, 6, 7] } } as never);
    await indexed.updateOne({ _id: 100 } as never, { $set: { ord: 99999 } });
    await plain.updateOne({ _id: 100 } as never, { $set: { ord: 99999 } });
    const cases: Array<[Document, Document, number]> = [
      [{}, { ord: -1 }, 10],
      [{}, { ord: 1 }, 25],
      [{ tag: 't1' }, { ord: -1 }, 10],
      [{ tag: 't2', ord: { $lt: 2000 } }, { ord: -1 }, 7],
      [{ ord: { $gt: 100, $lte: 400 } }, { ord: 1 }, 1000],
      [{ tag: 't0', at: { $gte: new Date(Date.UTC(2026, 0, 1, 0, 3)) } }, { at: -1 }, 5],
    ];
    for (const [filter, sort, limit] of cases) {
      // The order of ties is undefined (in MongoDB too): compare the sequence of sort keys.
      const key = Object.keys(sort)[0]!;
      const seq = (docs: Document[]) => docs.map((d) => (d[key] instanceof Date ? (d[key] as Date).getTime() : d[key]));
      const a = seq(await indexed.find(filter, { sort, limit }).toArray());
      const b = seq(await plain.find(filter, { sort, limit }).toArray());
      tt.deepEqual(a, b, JSON.stringify({ filter, sort, limit }));
      tt.true(a.length > 0);
    }
  });

  t('aggregate: $match, $group, $sort', async (tt) => {
    const c = await fresh();
    await c.insertMany([
      { dept: 'a', score: 10 },
      { dept: 'a', score: 20 },
      { dept: 'b', score: 5 },
      { dept: 'c', score: 1 },
    ]);
    const rows = await c
      .aggregate([{ $match: { score: { $gt: 2 } } }, { $group: { _id: '$dept', total: { $sum: '$score' }, n: { $sum: 1 } } }, { $sort: { total: -1 } }])
      .toArray();
    tt.deepEqual(rows, [
      { _id: 'a', total: 30, n: 2 },
      { _id: 'b', total: 5, n: 1 },
    ]);
  });

  t('bulkWrite runs in order: delete then insert of one _id succeeds, insert then delete leaves nothing', async (tt) => {
    const c = await fresh();
    await c.insertMany([{ _id: 'a', v: 1 }, { _id: 'b', v: 1 }] as never[]);
    const replaced = await c.bulkWrite([
      { deleteMany: { filter: { _id: { $in: ['a', 'b'] } } as never } },
      { insertOne: { document: { _id: 'a', v: 2 } as never } },
      { insertOne: { document: { _id: 'b', v: 2 } as never } },
    ]);
    tt.like(replaced, { deletedCount: 2, insertedCount: 2 });
    tt.deepEqual(await c.find({}, { sort: { _id: 1 } }).toArray(), [{ _id: 'a', v: 2 }, { _id: 'b', v: 2 }] as never);
    const gone = await c.bulkWrite([{ insertOne: { document: { _id: 'c', v: 1 } as never } }, { deleteOne: { filter: { _id: 'c' } as never } }]);
    tt.like(gone, { insertedCount: 1, deletedCount: 1 });
    tt.is(await c.findOne({ _id: 'c' } as never), null);
  });

  t('bulkWrite replaceOne and updateOne upsert or change, with counts per kind', async (tt) => {
    const c = await fresh();
    await c.insertMany([{ _id: 'old', v: 1 }, { _id: 'same', v: 1 }] as never[]);
    const res = await c.bulkWrite([
      { replaceOne: { filter: { _id: 'x' } as never, replacement: { v: 'new' }, upsert: true } },
      { updateOne: { filter: { _id: 'y' } as never, update: { $set: { v: 'set' } }, upsert: true } },
      { replaceOne: { filter: { _id: 'old' } as never, replacement: { v: 2 } } },
      { updateOne: { filter: { _id: 'same' } as never, update: { $set: { v: 1 } } } },
      { updateOne: { filter: { _id: 'missing' } as never, update: { $set: { v: 1 } } } },
    ]);
    tt.like(res, { upsertedCount: 2, matchedCount: 2, modifiedCount: 1, insertedCount: 0, deletedCount: 0 });
    tt.deepEqual({ ...res.upsertedIds }, { 0: 'x', 1: 'y' });
    tt.deepEqual(await c.find({}, { sort: { _id: 1 } }).toArray(), [
      { _id: 'old', v: 2 },
      { _id: 'same', v: 1 },
      { _id: 'x', v: 'new' },
      { _id: 'y', v: 'set' },
    ] as never);
  });

  t('an ordered bulkWrite stops at the first failure and names it; an unordered one goes on', async (tt) => {
    const c = await fresh();
    await c.createIndex({ k: 1 }, { unique: true });
    const ops = [{ insertOne: { document: { k: 1 } } }, { insertOne: { document: { k: 2 } } }, { insertOne: { document: { k: 1 } } }, { insertOne: { document: { k: 3 } } }];
    const err = await tt.throwsAsync(() => c.bulkWrite(ops.map((o) => ({ insertOne: { document: { ...o.insertOne.document } } }))));
    tt.true(isDuplicateKeyError(err), 'code 11000 on the failure itself');
    const failure = bulkWriteFailure(err);
    tt.deepEqual(failure?.writeErrors.map((w) => [w.index, w.code]), [[2, 11000]]);
    tt.is(failure?.result.insertedCount, 2);
    tt.deepEqual((await c.find({}, { sort: { k: 1 } }).toArray()).map((d) => d.k), [1, 2]);

    const d = await fresh();
    await d.createIndex({ k: 1 }, { unique: true });
    const unordered = await tt.throwsAsync(() => d.bulkWrite(ops.map((o) => ({ insertOne: { document: { ...o.insertOne.document } } })), { ordered: false }));
    tt.deepEqual(bulkWriteFailure(unordered)?.writeErrors.map((w) => w.index), [2]);
    tt.deepEqual((await d.find({}, { sort: { k: 1 } }).toArray()).map((x) => x.k), [1, 2, 3]);
    tt.is(bulkWriteFailure(new Error('other')), null);
  });

  t('a bulkWrite with a malformed operation is refused before any operation is applied', async (tt) => {
    const c = await fresh();
    await tt.throwsAsync(() => c.bulkWrite([{ insertOne: { document: { _id: 'first' } as never } }, { updateOne: { filter: {}, update: { plain: 1 } as never } }]));
    await tt.throwsAsync(() => c.bulkWrite([{ insertOne: { document: { _id: 'first' } as never } }, { replaceOne: { filter: {}, replacement: { $set: { v: 1 } } as never } }]));
    tt.is(await c.countDocuments(), 0);
    await tt.throwsAsync(() => c.bulkWrite([]), undefined, 'an empty bulk is refused (callers skip it)');
  });

  t('what a bulkWrite did is there after the store is closed and opened again', async (tt) => {
    const { store: first, reopen } = await reopenable();
    const c = first.db.collection<Document>('bulk');
    await c.insertMany([{ _id: 1, v: 'a' }, { _id: 2, v: 'a' }, { _id: 3, v: 'a' }] as never[]);
    await c.bulkWrite([
      { deleteMany: { filter: { _id: { $in: [1, 2] } } as never } },
      { insertOne: { document: { _id: 1, v: 'b' } as never } },
      { updateOne: { filter: { _id: 3 } as never, update: { $set: { v: 'c' } } } },
      { replaceOne: { filter: { _id: 4 } as never, replacement: { v: 'd' }, upsert: true } },
    ]);
    const again = (await reopen()).db.collection<Document>('bulk');
    tt.deepEqual(await again.find({}, { sort: { _id: 1 } }).toArray(), [{ _id: 1, v: 'b' }, { _id: 3, v: 'c' }, { _id: 4, v: 'd' }] as never);
  });
}
