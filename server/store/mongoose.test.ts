/** Mongoose on the embedded store, including across a restart (ids read back from the journal). */
import test from 'ava';
import { ObjectId as EsmObjectId } from 'bson';
import { Schema } from 'mongoose';
import { ObjectId } from './bson.js';
import { openEmbeddedStore } from './embedded/index.js';
import { keyOf } from './embedded/values.js';
import { createMongooseConnection } from './mongoose.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

const noteSchema = new Schema({ title: { type: String, required: true }, tags: [String], due: Date });

test('mongoose finds by id after the store restarts', async (t) => {
  const dir = tempDir();
  let store = await openEmbeddedStore({ dir });
  let conn = createMongooseConnection(store);
  const created = await conn.model('Note', noteSchema).create({ title: 'first', tags: ['a'], due: new Date('2026-05-01') });
  await conn.close();
  await store.close();

  store = await openEmbeddedStore({ dir });
  conn = createMongooseConnection(store);
  const Note = conn.model('Note', noteSchema);
  const found = await Note.findById(created._id.toHexString()).lean();
  t.is(found?.title, 'first');
  t.is((found?.due as Date | undefined)?.toISOString(), '2026-05-01T00:00:00.000Z');
  const updated = await Note.findByIdAndUpdate(created._id, { $push: { tags: 'b' } }, { returnDocument: 'after' }).lean();
  t.deepEqual(updated?.tags, ['a', 'b']);
  await t.throwsAsync(() => Note.create({ tags: [] }), { message: /title/ });
  t.is(await Note.countDocuments(), 1);
  await conn.close();
  await store.close();
});

test('an ObjectId from either build of the bson library has the same index key', (t) => {
  const hex = new ObjectId().toHexString();
  t.is(keyOf(new EsmObjectId(hex)), keyOf(new ObjectId(hex)));
  t.is(keyOf(new ObjectId(hex)), 'o' + hex);
});

test('a nested schema set by an update is stored as its fields (not mongoose internals) and found by its dotted path', async (t) => {
  const store = await openEmbeddedStore({ dir: tempDir() });
  const conn = createMongooseConnection(store);
  const tokenSchema = new Schema({ hash: String, expiresAt: Date }, { _id: false });
  const Person = conn.model('Person', new Schema({ name: String, token: { type: tokenSchema, default: undefined } }).index({ 'token.hash': 1 }, { sparse: true }));
  await Person.init();
  const p = await Person.create({ name: 'Ivy' });
  await Person.updateOne({ _id: p._id }, { $set: { token: { hash: 'abc', expiresAt: new Date('2027-01-01') } } });
  const raw = await store.db.collection('people').findOne({ name: 'Ivy' });
  t.deepEqual(raw?.token, { hash: 'abc', expiresAt: new Date('2027-01-01') });
  const found = await Person.findOne({ 'token.hash': 'abc' }).lean();
  t.is(found?.name, 'Ivy');
  t.is((found?.token?.expiresAt as Date | undefined)?.toISOString(), '2027-01-01T00:00:00.000Z');
  await conn.close();
  await store.close();
});
