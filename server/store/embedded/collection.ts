/**
 * One collection of the embedded store. Documents live in memory, keyed by `_id`;
 * every change is applied to memory synchronously (so unique checks and ordering are
 * exact) and then journaled; the returned promise settles after the journal's fsync.
 * Stored documents are never mutated in place: an update stores a fresh copy, which is
 * what lets a snapshot capture a consistent state by copying references.
 */
import { ObjectId } from '../bson.js';
import { Aggregator, find as mingoFind, update as mingoUpdate } from 'mingo';
import type {
  AggregationCursor,
  BulkWriteOperation,
  BulkWriteOptions,
  BulkWriteResult,
  CreateIndexOptions,
  DeleteResult,
  Document,
  Filter,
  FindOneAndUpdateOptions,
  FindOptions,
  InsertManyResult,
  InsertOneResult,
  StoreCollection,
  StoreCursor,
  UpdateFilter,
  UpdateOptions,
  UpdateResult,
  WithId,
} from '../types.js';
import { DuplicateKeyError } from '../types.js';
import { EmbeddedCursor } from './cursor.js';
import { checkBulkOperations, EmbeddedBulkWriteError, emptyBulkResult, JournalUnit, writeErrorOf, type BulkWriteErrorEntry } from './bulk-write.js';
import { compileMatcher, type Matcher } from './matcher.js';
import { SecondaryIndex, defaultIndexName, type IndexSpec } from './index-structure.js';
import { candidateCount, equalityConstraints, planOrderedWalk, planQuery } from './planner.js';
import { sortableNumber } from './ordered-keys.js';
import { cloneDoc, idKey, isPlainObject, keyOf, valuesAtPath } from './values.js';

/** Journal entries, one per logical operation. */
export type JournalEntry =
  | { op: 'ins'; c: string; d: Document[] }
  | { op: 'put'; c: string; d: Document[] }
  | { op: 'del'; c: string; ids: unknown[] }
  | { op: 'idx'; c: string; spec: IndexSpec };

/** Entries given in one call are written in one group commit, in order. */
export type JournalWriter = (...entries: JournalEntry[]) => Promise<void>;

export class InvalidUpdateError extends Error {
  readonly code = 66;
}

export class EmbeddedCollection<T extends Document = Document> implements StoreCollection<T> {
  /** By `idKey(_id)`, which is also the id the indexes hold. */
  private docs = new Map<string, Document>();
  private indexes = new Map<string, SecondaryIndex>();

  constructor(
    readonly collectionName: string,
    private readonly writeJournal: JournalWriter,
    private readonly assertWritable: () => void,
  ) {}

  // ---- reads -------------------------------------------------------------------------

  find(filter: Filter<T> = {}, options: FindOptions = {}): StoreCursor<WithId<T>> {
    return new EmbeddedCursor<WithId<T>>((opts) => this.runFind(filter as Document, opts) as WithId<T>[], options);
  }

  async findOne(filter: Filter<T> = {}, options: FindOptions = {}): Promise<WithId<T> | null> {
    const [doc] = this.runFind(filter as Document, { ...options, limit: 1 });
    return (doc as WithId<T>) ?? null;
  }

  async countDocuments(filter: Filter<T> = {}): Promise<number> {
    const query = compileMatcher(filter as Document);
    let n = 0;
    for (const doc of this.candidates(filter as Document)) if (query(doc)) n++;
    return n;
  }

  async distinct(key: string, filter: Filter<T> = {}): Promise<unknown[]> {
    const query = compileMatcher(filter as Document);
    const seen = new Map<string, unknown>();
    for (const doc of this.candidates(filter as Document)) {
      if (!query(doc)) continue;
      for (const v of valuesAtPath(doc, key)) {
        if (v === undefined || Array.isArray(v)) continue;
        seen.set(keyOf(v), v);
      }
    }
    return [...seen.values()].map(cloneDoc);
  }

  aggregate<R extends Document = Document>(pipeline: Document[]): AggregationCursor<R> {
    const run = (): R[] => {
      const first = pipeline[0];
      const source = first && isPlainObject(first.$match) ? this.candidates(first.$match as Document) : this.docs.values();
      // Copies in, because aggregation stages may reshape documents they are given.
      const input = Array.from(source, cloneDoc);
      return new Aggregator(pipeline).run(input) as R[];
    };
    return {
      toArray: async () => run(),
      async *[Symbol.asyncIterator]() {
        yield* run();
      },
    };
  }


  private firstMatches(source: Iterable<Document>, query: Matcher, skip: number, limit: number): Document[] {
    const out: Document[] = [];
    let skipped = 0;
    for (const doc of source) {
      if (!query(doc)) continue;
      if (skipped < skip) {
        skipped++;
        continue;
      }
      out.push(doc);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Documents in sort order from an ordered index, when that beats sorting candidates:
   * always for an unindexed filter, and for a limited query whose equality candidates
   * are many (walking in order then stops after the first `wanted` matches).
   */
  private *orderedDocs(ids: Iterable<string>): Iterable<Document> {
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (doc) yield doc;
    }
  }

  private orderedWalkFor(filter: Document, sort: NonNullable<FindOptions['sort']>, wanted: number): Iterable<Document> | null {
    const walk = planOrderedWalk(filter, normalizeSort(sort), this.indexes.values());
    if (!walk) return null;
    const plan = planQuery(filter, this.indexes.values());
    if (plan.kind !== 'scan') {
      const count = candidateCount(plan);
      if (wanted === Infinity || count <= Math.max(1000, wanted * 20)) return null;
    }
    return this.orderedDocs(walk.index.ordered!.walk(walk.direction, walk.bounds));
  }

  private *candidates(filter: Document): Iterable<Document> {
    const plan = planQuery(filter, this.indexes.values());
    if (plan.kind === 'scan') {
      yield* this.docs.values();
    } else if (plan.kind === 'ids') {
      for (const id of plan.ids) {
        const doc = this.docs.get(idKey(id));
        if (doc) yield doc;
      }
    } else {
      const seen = plan.keys.length > 1 ? new Set<string>() : null;
      for (const key of plan.keys) {
        for (const id of plan.index.lookup(key)) {
          if (seen) {
            if (seen.has(id)) continue;
            seen.add(id);
          }
          const doc = this.docs.get(id);
          if (doc) yield doc;
        }
      }
    }
  }

  private runFind(filter: Document, opts: FindOptions): Document[] {
    const query = compileMatcher(filter);
    const skip = opts.skip ?? 0;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    let matches: Document[];
    const walk = opts.sort ? this.orderedWalkFor(filter, opts.sort, skip + limit) : null;
    if (walk) {
      matches = this.firstMatches(walk, query, skip, limit);
    } else if (!opts.sort) {
      matches = this.firstMatches(this.candidates(filter), query, skip, limit);
    } else {
      matches = [];
      for (const doc of this.candidates(filter)) if (query(doc)) matches.push(doc);
      const sort = normalizeSort(opts.sort);
      const byNumber = sortedByNumber(matches, sort);
      if (byNumber) {
        matches = byNumber.slice(skip, limit === Infinity ? undefined : skip + limit);
      } else {
        let cursor = mingoFind(matches, {}).sort(sort);
        if (skip) cursor = cursor.skip(skip);
        if (limit !== Infinity) cursor = cursor.limit(limit);
        matches = cursor.all() as Document[];
      }
    }
    if (opts.projection && Object.keys(opts.projection).length) {
      return mingoFind(matches.map(cloneDoc), {}, opts.projection).all() as Document[];
    }
    return matches.map(cloneDoc);
  }

  // ---- writes ------------------------------------------------------------------------

  async insertOne(doc: Document): Promise<InsertOneResult> {
    const stored = this.insertOneInMemory(doc, true);
    await this.writeJournal({ op: 'ins', c: this.collectionName, d: [stored] });
    return { acknowledged: true, insertedId: stored._id };
  }

  async insertMany(docs: ReadonlyArray<Document>, options: { ordered?: boolean } = {}): Promise<InsertManyResult> {
    const { inserted, errors } = this.insertInMemory(docs, options.ordered !== false);
    if (inserted.length) await this.writeJournal({ op: 'ins', c: this.collectionName, d: inserted });
    if (errors.length) {
      const err = errors[0]!.error;
      Object.assign(err, { insertedCount: inserted.length, writeErrors: errors });
      throw err;
    }
    const insertedIds: Record<number, unknown> = {};
    inserted.forEach((d, i) => (insertedIds[i] = d._id));
    return { acknowledged: true, insertedCount: inserted.length, insertedIds };
  }

  async updateOne(filter: Filter<T>, update: UpdateFilter<T> | Document, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.updateMatching(filter as Document, update as Document, options, 1);
  }

  async updateMany(filter: Filter<T>, update: UpdateFilter<T> | Document, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.updateMatching(filter as Document, update as Document, options, Infinity);
  }

  async replaceOne(filter: Filter<T>, replacement: T, options: UpdateOptions = {}): Promise<UpdateResult> {
    if (Object.keys(replacement).some((k) => k.startsWith('$'))) {
      throw new InvalidUpdateError('replacement document must not contain update operators');
    }
    return this.updateMatching(filter as Document, replacement as Document, options, 1);
  }

  async findOneAndUpdate(filter: Filter<T>, update: UpdateFilter<T> | Document, options: FindOneAndUpdateOptions = {}): Promise<WithId<T> | null> {
    this.assertWritable();
    const [target] = this.runFindStored(filter as Document, options.sort, 1);
    let before: Document | null = target ?? null;
    let after: Document;
    if (target) {
      after = applyUpdate(target, update as Document, filter as Document, false);
      if (!sameDoc(target, after)) {
        this.replaceInMemory(target, after);
        await this.writeJournal({ op: 'put', c: this.collectionName, d: [after] });
      }
    } else if (options.upsert) {
      after = this.insertOneInMemory(applyUpdate(upsertSeed(filter as Document), update as Document, filter as Document, true), false);
      await this.writeJournal({ op: 'ins', c: this.collectionName, d: [after] });
      before = null;
    } else {
      return null;
    }
    const result = options.returnDocument === 'after' ? after : before;
    if (!result) return null;
    return this.project(result, options.projection) as WithId<T>;
  }

  async findOneAndDelete(filter: Filter<T>): Promise<WithId<T> | null> {
    this.assertWritable();
    const [target] = this.runFindStored(filter as Document, undefined, 1);
    if (!target) return null;
    this.removeInMemory(target);
    await this.writeJournal({ op: 'del', c: this.collectionName, ids: [target._id] });
    return cloneDoc(target) as WithId<T>;
  }

  async deleteOne(filter: Filter<T>): Promise<DeleteResult> {
    return this.deleteMatching(filter as Document, 1);
  }

  async deleteMany(filter: Filter<T> = {}): Promise<DeleteResult> {
    return this.deleteMatching(filter as Document, Infinity);
  }

  async createIndex(keys: Document | string, options: CreateIndexOptions = {}): Promise<string> {
    const key = normalizeIndexKey(keys);
    const name = options.name ?? defaultIndexName(key);
    const existing = this.indexes.get(name);
    if (existing) return name;
    const spec: IndexSpec = { name, key };
    if (options.unique) spec.unique = true;
    if (options.sparse) spec.sparse = true;
    if (options.partialFilterExpression) spec.partialFilterExpression = options.partialFilterExpression;
    this.assertWritable();
    this.addIndex(spec);
    await this.writeJournal({ op: 'idx', c: this.collectionName, spec });
    return name;
  }

  /** For mongoose, which lists indexes when syncing them. */
  listIndexes(): { toArray(): Promise<Document[]> } {
    const specs = [{ v: 2, key: { _id: 1 }, name: '_id_' }, ...this.indexSpecs().map((s) => ({ v: 2, ...s }))];
    return { toArray: async () => specs };
  }

  indexSpecs(): IndexSpec[] {
    return [...this.indexes.values()].map((i) => i.spec);
  }

  /** All stored documents, by reference: for snapshots only (never mutate). */
  storedDocuments(): Document[] {
    return Array.from(this.docs.values());
  }

  // ---- replay (journal and snapshot loading; no journaling) ---------------------------

  /**
   * Takes over another collection's documents and indexes (freshly loaded from disk), so
   * callers holding this object see the store as it is on disk after a failed write.
   */
  adoptState(from: EmbeddedCollection): void {
    this.docs = from.docs;
    this.indexes = from.indexes;
  }

  addIndex(spec: IndexSpec): void {
    const index = new SecondaryIndex(spec, () => this.docs);
    try {
      for (const [id, doc] of this.docs) {
        const keys = index.keysFor(doc);
        index.checkUnique(id, keys, doc);
        index.add(id, keys, doc);
      }
    } catch (err) {
      index.clear();
      throw err;
    }
    this.indexes.set(spec.name, index);
  }

  replay(entry: JournalEntry): void {
    switch (entry.op) {
      case 'ins':
      case 'put':
        for (const doc of entry.d) {
          const prior = this.docs.get(idKey(doc._id));
          if (prior) this.replaceInMemory(prior, doc);
          else this.addToMemory(doc);
        }
        break;
      case 'del':
        for (const id of entry.ids) {
          const prior = this.docs.get(idKey(id));
          if (prior) this.removeInMemory(prior);
        }
        break;
      case 'idx':
        if (!this.indexes.has(entry.spec.name)) this.addIndex(entry.spec);
        break;
    }
  }

  // ---- in-memory mutation ------------------------------------------------------------

  /** Stores one document (a copy of it when `copy`), returning what was stored; throws on conflict. */
  private insertOneInMemory(src: Document, copy: boolean): Document {
    this.assertWritable();
    // Like the driver, give the caller's object the generated _id.
    if (src._id === undefined) src._id = new ObjectId();
    const doc = copy ? cloneDoc(src) : src;
    this.addToMemory(doc);
    return doc;
  }

  private insertInMemory(
    docs: ReadonlyArray<Document>,
    ordered: boolean,
  ): { inserted: Document[]; errors: Array<{ index: number; error: Error }> } {
    const inserted: Document[] = [];
    const errors: Array<{ index: number; error: Error }> = [];
    for (let i = 0; i < docs.length; i++) {
      try {
        inserted.push(this.insertOneInMemory(docs[i]!, true));
      } catch (error) {
        errors.push({ index: i, error: error as Error });
        if (ordered) break;
      }
    }
    return { inserted, errors };
  }

  private addToMemory(doc: Document): void {
    const id = idKey(doc._id);
    if (this.docs.has(id)) throw new DuplicateKeyError('_id_', { _id: doc._id });
    const keysByIndex = [...this.indexes.values()].map((index) => {
      const keys = index.keysFor(doc);
      index.checkUnique(id, keys, doc);
      return [index, keys] as const;
    });
    for (const [index, keys] of keysByIndex) index.add(id, keys, doc);
    this.docs.set(id, doc);
  }

  private replaceInMemory(prior: Document, next: Document): void {
    const id = idKey(prior._id);
    const changes = [...this.indexes.values()].map((index) => {
      const newKeys = index.keysFor(next);
      index.checkUnique(id, newKeys, next);
      return [index, index.keysFor(prior), newKeys] as const;
    });
    for (const [index, oldKeys, newKeys] of changes) {
      // An update that leaves an index's keys alone (e.g. a flag no index covers) leaves the index alone.
      if (sameKeys(oldKeys, newKeys)) continue;
      index.remove(id, oldKeys, prior);
      index.add(id, newKeys, next);
    }
    this.docs.set(id, next);
  }

  private removeInMemory(doc: Document): void {
    const id = idKey(doc._id);
    for (const index of this.indexes.values()) index.remove(id, index.keysFor(doc), doc);
    this.docs.delete(id);
  }

  /** Matching stored documents (not copies), optionally sorted, at most `limit`. */
  private runFindStored(filter: Document, sort: FindOneAndUpdateOptions['sort'], limit: number): Document[] {
    const query = compileMatcher(filter);
    const out: Document[] = [];
    for (const doc of this.candidates(filter)) {
      if (!query(doc)) continue;
      out.push(doc);
      if (!sort && out.length >= limit) break;
    }
    if (!sort) return out;
    // mingo sorts the array it is given by reference, so the stored objects come back.
    return mingoFind(out, {}).sort(normalizeSort(sort)).limit(limit).all() as Document[];
  }

  private async updateMatching(filter: Document, update: Document, options: UpdateOptions, limit: number): Promise<UpdateResult> {
    this.assertWritable();
    const { result, entry, failure } = this.updateInMemory(filter, update, options, limit);
    if (entry) await this.writeJournal(entry);
    if (failure) throw failure;
    return result;
  }

  /** Applies an update to memory; the journal entry for what changed, and the failure that stopped it (after some changed) if any. */
  private updateInMemory(filter: Document, update: Document, options: UpdateOptions, limit: number): { result: UpdateResult; entry?: JournalEntry; failure?: unknown } {
    const targets = this.runFindStored(filter, undefined, limit);
    if (targets.length === 0 && options.upsert) {
      const doc = this.insertOneInMemory(applyUpdate(upsertSeed(filter), update, filter, true), false);
      return {
        result: { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: doc._id },
        entry: { op: 'ins', c: this.collectionName, d: [doc] },
      };
    }
    const changed: Document[] = [];
    let failure: unknown = null;
    for (const target of targets) {
      try {
        const next = applyUpdate(target, update, filter, false);
        if (sameDoc(target, next)) continue;
        this.replaceInMemory(target, next);
        changed.push(next);
      } catch (err) {
        failure = err;
        break;
      }
    }
    return {
      result: { acknowledged: true, matchedCount: targets.length, modifiedCount: changed.length, upsertedCount: 0, upsertedId: null },
      entry: changed.length ? { op: 'put', c: this.collectionName, d: changed } : undefined,
      failure: failure ?? undefined,
    };
  }

  private async deleteMatching(filter: Document, limit: number): Promise<DeleteResult> {
    this.assertWritable();
    const { deletedCount, entry } = this.deleteInMemory(filter, limit);
    if (entry) await this.writeJournal(entry);
    return { acknowledged: true, deletedCount };
  }

  private deleteInMemory(filter: Document, limit: number): { deletedCount: number; entry?: JournalEntry } {
    const targets = this.runFindStored(filter, undefined, limit);
    for (const doc of targets) this.removeInMemory(doc);
    return { deletedCount: targets.length, entry: targets.length ? { op: 'del', c: this.collectionName, ids: targets.map((d) => d._id) } : undefined };
  }

  /**
   * Applies each operation to memory in turn, all in one synchronous step (no other write
   * of this process comes between them), then journals them together: one group commit,
   * durable before it resolves. Ordered, the first failure stops the rest; either way what
   * was applied is journaled and the failures are reported by operation index. A crash
   * before it resolves may keep a prefix of the operations, as MongoDB may.
   */
  async bulkWrite(operations: ReadonlyArray<BulkWriteOperation<T>>, options: BulkWriteOptions = {}): Promise<BulkWriteResult> {
    const ops = operations as ReadonlyArray<BulkWriteOperation<Document>>;
    checkBulkOperations(ops);
    this.assertWritable();
    const ordered = options.ordered !== false;
    const result = emptyBulkResult();
    const unit = new JournalUnit();
    const errors: BulkWriteErrorEntry[] = [];
    for (let i = 0; i < ops.length; i++) {
      try {
        this.applyBulkOperation(ops[i]!, i, result, unit);
      } catch (error) {
        errors.push(writeErrorOf(i, error));
        if (ordered) break;
      }
    }
    if (unit.entries.length) await this.writeJournal(...unit.entries);
    if (errors.length) throw new EmbeddedBulkWriteError(errors, result);
    return result;
  }

  private applyBulkOperation(op: BulkWriteOperation<Document>, index: number, result: BulkWriteResult, unit: JournalUnit): void {
    const counted = (r: { result: UpdateResult; entry?: JournalEntry; failure?: unknown }) => {
      if (r.entry) unit.push(r.entry);
      if (r.failure) throw r.failure;
      result.matchedCount += r.result.matchedCount;
      result.modifiedCount += r.result.modifiedCount;
      if (r.result.upsertedCount) {
        result.upsertedCount += r.result.upsertedCount;
        result.upsertedIds[index] = r.result.upsertedId;
      }
    };
    if ('insertOne' in op) {
      const doc = this.insertOneInMemory(op.insertOne.document, true);
      unit.push({ op: 'ins', c: this.collectionName, d: [doc] });
      result.insertedCount++;
      result.insertedIds[index] = doc._id;
    } else if ('replaceOne' in op) {
      const { filter, replacement, upsert } = op.replaceOne;
      counted(this.updateInMemory(filter as Document, replacement as Document, { upsert }, 1));
    } else if ('updateOne' in op) {
      const { filter, update, upsert } = op.updateOne;
      counted(this.updateInMemory(filter as Document, update as Document, { upsert }, 1));
    } else {
      const [filter, limit] = 'deleteOne' in op ? [op.deleteOne.filter, 1] : [op.deleteMany.filter, Infinity];
      const { deletedCount, entry } = this.deleteInMemory(filter as Document, limit);
      if (entry) unit.push(entry);
      result.deletedCount += deletedCount;
    }
  }

  private project(doc: Document, projection?: Document): Document {
    if (!projection || !Object.keys(projection).length) return cloneDoc(doc);
    return mingoFind([cloneDoc(doc)], {}, projection).all()[0] as Document;
  }
}

// ---- update semantics ----------------------------------------------------------------

function isOperatorUpdate(update: Document): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** The new version of `doc` after `update` (operators or a replacement); `doc` is untouched. */
function applyUpdate(doc: Document, update: Document, filter: Document, isInsert: boolean): Document {
  if (Array.isArray(update)) throw new InvalidUpdateError('pipeline updates are not supported by the embedded store');
  if (!isOperatorUpdate(update)) {
    if (Object.keys(update).some((k) => k.startsWith('$'))) throw new InvalidUpdateError('cannot mix update operators and fields');
    const replacement = cloneDoc(update);
    if (replacement._id !== undefined && doc._id !== undefined && keyOf(replacement._id) !== keyOf(doc._id)) {
      throw new InvalidUpdateError("the (immutable) field '_id' was found to have been altered");
    }
    return { _id: doc._id ?? replacement._id ?? new ObjectId(), ...replacement };
  }
  const { $setOnInsert, ...rest } = update as Document & { $setOnInsert?: Document };
  const modifier: Document = { ...rest };
  const next = cloneDoc(doc);
  if (isInsert && $setOnInsert) {
    const { _id: insertId, ...onInsert } = $setOnInsert;
    // An upsert may choose the new document's _id (mingo refuses to $set it).
    if (insertId !== undefined) {
      if (next._id !== undefined && keyOf(next._id) !== keyOf(insertId)) {
        throw new InvalidUpdateError("$setOnInsert._id conflicts with the _id in the filter");
      }
      next._id = cloneDoc(insertId);
    }
    modifier.$set = { ...onInsert, ...(modifier.$set as Document | undefined) };
    if (Object.keys(modifier.$set as Document).length === 0) delete modifier.$set;
  }
  if (Object.keys(modifier).length) {
    mingoUpdate(next, modifier, undefined, isInsert ? undefined : filter, { cloneMode: 'deep' });
  }
  if (next._id === undefined) next._id = new ObjectId();
  if (doc._id !== undefined && keyOf(next._id) !== keyOf(doc._id)) {
    throw new InvalidUpdateError("Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return next;
}

/** The document an upsert starts from: the filter's single-valued equality fields. */
function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  for (const [field, lists] of equalityConstraints(filter)) {
    if (lists.length !== 1 || lists[0]!.length !== 1) continue;
    setPath(seed, field, cloneDoc(lists[0]![0]));
  }
  return seed;
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Document;
  }
  node[parts[parts.length - 1]!] = value;
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameDoc(a: Document, b: Document): boolean {
  return keyOf(a) === keyOf(b);
}

/**
 * A sort on one top-level field whose values are all numbers or dates, done natively:
 * mingo's general comparator costs ~1 µs per comparison, too much for tens of thousands
 * of candidates (the LRS's ord, due dates). Null when the general sort is needed.
 */
function sortedByNumber(docs: Document[], sort: Record<string, 1 | -1>): Document[] | null {
  const fields = Object.keys(sort);
  if (fields.length !== 1 || fields[0]!.includes('.')) return null;
  const field = fields[0]!;
  const keyed: Array<{ n: number; doc: Document }> = new Array(docs.length);
  const kind = docs.length ? typeof docs[0]![field] : 'number';
  for (let i = 0; i < docs.length; i++) {
    const v = docs[i]![field];
    const n = sortableNumber(v);
    // Numbers and dates sort apart in MongoDB's type order: one kind only here.
    if (n === null || typeof v !== kind) return null;
    keyed[i] = { n, doc: docs[i]! };
  }
  const dir = sort[field]!;
  // Stable, like mingo's: equal keys keep their candidate order.
  keyed.sort((a, b) => (a.n - b.n) * dir);
  return keyed.map((k) => k.doc);
}

function normalizeSort(sort: unknown): Record<string, 1 | -1> {
  if (typeof sort === 'string') return { [sort]: 1 };
  if (Array.isArray(sort)) {
    const out: Record<string, 1 | -1> = {};
    for (const item of sort) {
      if (Array.isArray(item)) out[String(item[0])] = toDirection(item[1]);
      else out[String(item)] = 1;
    }
    return out;
  }
  const out: Record<string, 1 | -1> = {};
  for (const [k, v] of Object.entries(sort as Document)) out[k] = toDirection(v);
  return out;
}

function toDirection(v: unknown): 1 | -1 {
  return v === -1 || v === 'desc' || v === 'descending' ? -1 : 1;
}

function normalizeIndexKey(keys: Document | string): Record<string, 1 | -1> {
  if (typeof keys === 'string') return { [keys]: 1 };
  const out: Record<string, 1 | -1> = {};
  for (const [k, v] of Object.entries(keys)) {
    if (v !== 1 && v !== -1) throw new InvalidUpdateError(`embedded store supports only ascending/descending index keys, got ${k}: ${String(v)}`);
    out[k] = v;
  }
  return out;
}
