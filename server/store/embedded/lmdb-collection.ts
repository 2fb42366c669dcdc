/**
 * One collection of the embedded store, on LMDB (lmdb-db.ts). Documents are the values of
 * `[collection, keyOf(_id)]` in the `docs` database; index entries are keys of the `idx`
 * database (index-keys.ts). Nothing is held in memory but the index definitions.
 *
 * Every write runs as one callback inside LMDB's write transaction (lmdb-db.ts `write`):
 * callbacks run one at a time in the order the calls were made, each seeing the writes
 * before it, so unique checks, counters and `findOneAndUpdate` claims are exact; the
 * returned promise settles once the transaction holding it is durable. Within a callback,
 * each document's checks (duplicate _id, unique indexes) come before any of its writes,
 * so a refused document leaves nothing of itself behind.
 */
import { ObjectId } from '../bson.js';
import { Aggregator, find as mingoFind } from 'mingo';
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
import { checkBulkOperations, EmbeddedBulkWriteError, emptyBulkResult, writeErrorOf, type BulkWriteErrorEntry } from './bulk-write.js';
import { decodeDocument, encodeDocument } from './document-codec.js';
import { defaultIndexName, ID_END, IndexDef, sameTuples, TAG_END, tupleId, type IndexSpec, type KeyPart } from './index-keys.js';
import type { EmbeddedDb } from './lmdb-db.js';
import { compileMatcher, type Matcher } from './matcher.js';
import { cartesian, dedupePrefixes, equalityConstraints, MAX_LOOKUPS } from './planner.js';
import { planPrefixWalks, planWalk, type Walk } from './walk-plan.js';
import { applyUpdate, InvalidUpdateError, normalizeIndexKey, normalizeSort, sameDoc, sortedByMingo, sortedByNumber, upsertSeed } from './update-semantics.js';
import { cloneDoc, isPlainObject, keyOf, valuesAtPath } from './values.js';

/** A stored document and its key. */
interface Stored {
  id: string;
  doc: Document;
}

/** Index entries counted to compare plans: past this many, a plan is as bad as any other. */
const COUNT_CAP = 10_000;

type EqualityPlan = { kind: 'ids'; ids: string[] } | { kind: 'index'; index: IndexDef; prefixes: KeyPart[][]; count: number } | { kind: 'scan' };

export class LmdbCollection<T extends Document = Document> implements StoreCollection<T> {
  constructor(
    readonly collectionName: string,
    private readonly db: EmbeddedDb,
  ) {}

  private get indexes(): Map<string, IndexDef> {
    return this.db.indexesOf(this.collectionName);
  }

  // ---- reads -------------------------------------------------------------------------

  find(filter: Filter<T> = {}, options: FindOptions = {}): StoreCursor<WithId<T>> {
    return new EmbeddedCursor<WithId<T>>((opts) => this.runFind(filter as Document, opts) as WithId<T>[], options);
  }

  async findOne(filter: Filter<T> = {}, options: FindOptions = {}): Promise<WithId<T> | null> {
    const [doc] = this.runFind(filter as Document, { ...options, limit: 1 });
    return (doc as WithId<T>) ?? null;
  }

  async countDocuments(filter: Filter<T> = {}): Promise<number> {
    const f = filter as Document;
    // An empty filter counts keys without reading a document.
    if (!Object.keys(f).length) return this.db.docs.getCount({ start: [this.collectionName], end: [this.collectionName, ID_END] });
    const query = compileMatcher(f);
    let n = 0;
    for (const { doc } of this.candidates(f)) if (query(doc)) n++;
    return n;
  }

  async distinct(key: string, filter: Filter<T> = {}): Promise<unknown[]> {
    const query = compileMatcher(filter as Document);
    const seen = new Map<string, unknown>();
    for (const { doc } of this.candidates(filter as Document)) {
      if (!query(doc)) continue;
      for (const v of valuesAtPath(doc, key)) {
        if (v === undefined || Array.isArray(v)) continue;
        seen.set(keyOf(v), v);
      }
    }
    return [...seen.values()];
  }

  aggregate<R extends Document = Document>(pipeline: Document[]): AggregationCursor<R> {
    const run = (): R[] => {
      const first = pipeline[0];
      const filter = first && isPlainObject(first.$match) ? (first.$match as Document) : {};
      const input = Array.from(this.candidates(filter), (s) => s.doc);
      return new Aggregator(pipeline).run(input) as R[];
    };
    return {
      toArray: async () => run(),
      async *[Symbol.asyncIterator]() {
        yield* run();
      },
    };
  }

  /** Documents are decoded fresh on every read: what a caller gets is its own copy. */
  private runFind(filter: Document, opts: FindOptions): Document[] {
    const skip = opts.skip ?? 0;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const matches = this.matching(filter, opts.sort, skip, limit).map((s) => s.doc);
    if (opts.projection && Object.keys(opts.projection).length) {
      return mingoFind(matches, {}, opts.projection).all() as Document[];
    }
    return matches;
  }

  /** Matching documents in sort order, after `skip`, at most `limit`. */
  private matching(filter: Document, sort: FindOptions['sort'] | undefined, skip: number, limit: number): Stored[] {
    const query = compileMatcher(filter);
    if (!sort) return firstMatches(this.candidates(filter), query, skip, limit);
    const order = normalizeSort(sort);
    const walk = this.walkFor(filter, order, skip + limit);
    if (walk) return firstMatches(this.walkDocs(walk), query, skip, limit);
    const all: Stored[] = [];
    for (const s of this.candidates(filter)) if (query(s.doc)) all.push(s);
    const byId = new Map<Document, Stored>(all.map((s) => [s.doc, s]));
    const docs = all.map((s) => s.doc);
    const sorted = sortedByNumber(docs, order) ?? sortedByMingo(docs, order);
    return sorted.slice(skip, limit === Infinity ? undefined : skip + limit).map((d) => byId.get(d)!);
  }

  /**
   * A walk in index order when it beats sorting the candidates: always when no equality
   * index applies, and for a limited query whose equality candidates are many (walking in
   * order then stops after the first `wanted` matches).
   */
  private walkFor(filter: Document, sort: Record<string, 1 | -1>, wanted: number): Walk | null {
    // Documents named by _id are read directly.
    if (idsOf(filter)) return null;
    // Equality then sort on one compound index: it reads the prefix in order and stops
    // after `wanted`, never more than the candidates it would otherwise sort.
    const prefixWalk = this.cheapestPrefixWalk(filter, sort);
    if (prefixWalk) return prefixWalk;
    const walk = planWalk(filter, sort, this.indexes.values());
    if (!walk) return null;
    const threshold = Math.max(1000, wanted * 20);
    const plan = this.planEquality(filter, threshold + 1);
    if (plan.kind === 'ids' || (plan.kind === 'index' && (wanted === Infinity || plan.count <= threshold))) return null;
    return walk;
  }

  /** Of the compound-index walks a filter allows, the one whose prefixes hold the fewest entries. */
  private cheapestPrefixWalk(filter: Document, sort: Record<string, 1 | -1>): Walk | null {
    const walks = planPrefixWalks(filter, sort, this.indexes.values());
    if (walks.length <= 1) return walks[0] ?? null;
    let best: { walk: Walk; count: number } | null = null;
    for (const walk of walks) {
      let count = 0;
      for (const p of walk.prefixes) count += this.countWith(walk.index, p, COUNT_CAP);
      if (!best || count < best.count) best = { walk, count };
    }
    return best!.walk;
  }

  private *walkDocs(walk: Walk): Iterable<Stored> {
    const streams = walk.prefixes.map((prefix) => this.walkEntries(walk, prefix));
    const entries = streams.length === 1 ? streams[0]! : mergeWalks(streams, walk.direction);
    // A document is under each value of a multikey leading field once, but under several
    // prefixes of an $in: the first time is its place in the order.
    const seen = walk.prefixes.length > 1 ? new Set<string>() : null;
    for (const { id } of entries) {
      if (seen) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      const doc = this.getById(id);
      if (doc) yield { id, doc };
    }
  }

  /** The entries under one equality prefix, in the sort field's order, within the walk's range. */
  private *walkEntries(walk: Walk, prefix: KeyPart[]): Generator<WalkEntry> {
    const base: KeyPart[] = [this.collectionName, walk.index.name, ...prefix];
    const at = base.length;
    const range = walk.range;
    const lowKey: KeyPart[] = range ? [...base, range.tag, ...(range.lo !== undefined ? [range.lo] : [])] : base;
    const highKey: KeyPart[] = range ? (range.hi !== undefined ? [...base, range.tag, range.hi, ID_END] : [...base, range.tag + 1]) : [...base, TAG_END];
    const reverse = walk.direction === -1;
    const keys = this.db.idx.getKeys(reverse ? { start: highKey, end: lowKey, reverse: true } : { start: lowKey, end: highKey });
    for (const key of keys as Iterable<KeyPart[]>) {
      const tag = key[at] as number;
      const value = key[at + 1]!;
      if (range) {
        if (tag !== range.tag) continue;
        if (range.lo !== undefined && (value < range.lo || (!range.loInclusive && value === range.lo))) continue;
        if (range.hi !== undefined && (value > range.hi || (!range.hiInclusive && value === range.hi))) continue;
      }
      yield { tag, value, id: key[key.length - 1] as string };
    }
  }

  private *candidates(filter: Document): Iterable<Stored> {
    const plan = this.planEquality(filter);
    if (plan.kind === 'scan') {
      yield* this.allDocs();
    } else if (plan.kind === 'ids') {
      for (const id of plan.ids) {
        const doc = this.getById(id);
        if (doc) yield { id, doc };
      }
    } else {
      const seen = plan.prefixes.length > 1 ? new Set<string>() : null;
      for (const prefix of plan.prefixes) {
        for (const id of this.idsWith(plan.index, prefix)) {
          if (seen) {
            if (seen.has(id)) continue;
            seen.add(id);
          }
          const doc = this.getById(id);
          if (doc) yield { id, doc };
        }
      }
    }
  }

  private *allDocs(): Iterable<Stored> {
    const c = this.collectionName;
    for (const { key, value } of this.db.docs.getRange({ start: [c], end: [c, ID_END] })) {
      const id = (key as KeyPart[])[1] as string;
      yield { id, doc: decodeDocument(value as Buffer, c, id) };
    }
  }

  private getById(id: string): Document | null {
    const value = this.db.docs.getBinaryFast([this.collectionName, id]);
    return value === undefined ? null : decodeDocument(value, this.collectionName, id);
  }

  private *idsWith(index: IndexDef, prefix: KeyPart[]): Iterable<string> {
    const start = [this.collectionName, index.name, ...prefix];
    for (const key of this.db.idx.getKeys({ start, end: [...start, ID_END] }) as Iterable<KeyPart[]>) {
      yield key[key.length - 1] as string;
    }
  }

  /** Entries under a prefix, counted up to `cap` (a count walks the entries: a popular value has millions). */
  private countWith(index: IndexDef, prefix: KeyPart[], cap: number): number {
    const start = [this.collectionName, index.name, ...prefix];
    let n = 0;
    for (const _ of this.db.idx.getKeys({ start, end: [...start, ID_END], limit: cap })) n++;
    return n;
  }

  /**
   * The `_id`s named by the filter, else the complete index whose every field has equality
   * (or $in) constraints holding the fewest documents, else a scan. Candidates are always
   * re-checked against the whole filter, so this need only be conservative.
   */
  private planEquality(filter: Document, cap = COUNT_CAP): EqualityPlan {
    const constraints = equalityConstraints(filter);
    const ids = idsOf(filter, constraints);
    if (ids) return { kind: 'ids', ids };
    let best: EqualityPlan & { kind: 'index' } = null!;
    for (const index of this.indexes.values()) {
      if (!index.complete) continue;
      // The leading fields with equality constraints: a prefix of a compound index is a lookup too.
      const perField: unknown[][][] = [];
      for (const f of index.fields) {
        const lists = constraints.get(f);
        if (!lists) break;
        perField.push(lists);
      }
      if (!perField.length) continue;
      // Several constraints on one field (several elements of one array): any is a correct candidate set.
      for (const lists of cartesian(perField as unknown[][][]).slice(0, 16)) {
        const combos = cartesian(lists as unknown[][]);
        if (combos.length > MAX_LOOKUPS) continue;
        const prefixes = dedupePrefixes(combos.map((combo) => index.prefixFor(combo)));
        let count = 0;
        for (const p of prefixes) count += this.countWith(index, p, cap);
        if (!best || count < best.count) best = { kind: 'index', index, prefixes, count };
      }
    }
    return best ?? { kind: 'scan' };
  }

  // ---- writes ------------------------------------------------------------------------

  async insertOne(doc: OptionalId): Promise<InsertOneResult> {
    const stored = this.encodeInsert(prepareInsert(doc));
    await this.db.write(() => this.insertStored(stored));
    return { acknowledged: true, insertedId: stored.doc._id };
  }

  async insertMany(docs: ReadonlyArray<Document>, options: { ordered?: boolean } = {}): Promise<InsertManyResult> {
    const ordered = options.ordered !== false;
    const prepared = docs.map((d) => this.encodeInsert(prepareInsert(d)));
    const { inserted, errors } = await this.db.write(() => {
      const inserted: Document[] = [];
      const errors: Array<{ index: number; error: Error }> = [];
      for (let i = 0; i < prepared.length; i++) {
        try {
          this.insertStored(prepared[i]!);
          inserted.push(prepared[i]!.doc);
        } catch (error) {
          errors.push({ index: i, error: error as Error });
          if (ordered) break;
        }
      }
      return { inserted, errors };
    });
    if (errors.length) {
      const err = errors[0]!.error;
      Object.assign(err, { insertedCount: inserted.length, writeErrors: errors });
      throw err;
    }
    const insertedIds: Record<number, unknown> = {};
    inserted.forEach((d: Document, i: number) => (insertedIds[i] = d._id));
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
    return this.updateMatching(filter as Document, cloneDoc(replacement) as Document, options, 1);
  }

  async findOneAndUpdate(filter: Filter<T>, update: UpdateFilter<T> | Document, options: FindOneAndUpdateOptions = {}): Promise<WithId<T> | null> {
    const f = cloneDoc(filter as Document);
    const u = cloneDoc(update as Document);
    const result = await this.db.write((): Document | null => {
      const [target] = this.matching(f, options.sort, 0, 1);
      if (target) {
        const after = applyUpdate(target.doc, u, f, false);
        if (!sameDoc(target.doc, after)) this.replaceStored(target, after);
        return options.returnDocument === 'after' ? after : target.doc;
      }
      if (!options.upsert) return null;
      const inserted = applyUpdate(upsertSeed(f), u, f, true);
      this.insertStored(this.encodeInsert(inserted));
      return options.returnDocument === 'after' ? inserted : null;
    });
    if (!result) return null;
    return project(result, options.projection) as WithId<T>;
  }

  async findOneAndDelete(filter: Filter<T>): Promise<WithId<T> | null> {
    const f = cloneDoc(filter as Document);
    return this.db.write(() => {
      const [target] = this.matching(f, undefined, 0, 1);
      if (!target) return null;
      this.removeStored(target);
      return target.doc as WithId<T>;
    });
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
    if (this.indexes.has(name)) return name;
    const spec: IndexSpec = { name, key };
    if (options.unique) spec.unique = true;
    if (options.sparse) spec.sparse = true;
    if (options.partialFilterExpression) spec.partialFilterExpression = options.partialFilterExpression;
    await this.db.write(() => {
      if (this.indexes.has(name)) return;
      this.buildIndex(new IndexDef(spec));
    });
    return name;
  }

  /**
   * Removes an index and its entries in one write transaction, as `createIndex` builds one
   * (on a large collection that transaction is large: do it at start-up, not under load).
   */
  async dropIndex(name: string): Promise<void> {
    await this.db.write(() => {
      if (!this.indexes.has(name)) throw new Error(`index not found with name [${name}]`);
      const c = this.collectionName;
      for (;;) {
        // Keys are read in slices and removed, so a huge index is never held in memory.
        const slice = Array.from(this.db.idx.getKeys({ start: [c, name], end: [c, name, TAG_END], limit: 10_000 }) as Iterable<KeyPart[]>);
        if (!slice.length) break;
        for (const key of slice) this.db.idx.removeSync(key);
      }
      this.db.removeIndex(c, name);
    });
  }

  async indexExists(name: string): Promise<boolean> {
    return this.indexes.has(name);
  }

  /** For mongoose, which lists indexes when syncing them. */
  listIndexes(): { toArray(): Promise<Document[]> } {
    const specs = [{ v: 2, key: { _id: 1 }, name: '_id_' }, ...this.indexSpecs().map((s) => ({ v: 2, ...s }))];
    return { toArray: async () => specs };
  }

  indexSpecs(): IndexSpec[] {
    return [...this.indexes.values()].map((i) => i.spec);
  }

  /**
   * Several writes in one call, applied in the order given inside one transaction callback
   * (no other write comes between them) and durable together. Ordered, the first failure
   * stops the rest; either way what was applied stays and failures name their operation.
   */
  async bulkWrite(operations: ReadonlyArray<BulkWriteOperation<T>>, options: BulkWriteOptions = {}): Promise<BulkWriteResult> {
    const ops = (operations as ReadonlyArray<BulkWriteOperation<Document>>).map(cloneBulkOperation);
    checkBulkOperations(ops);
    const ordered = options.ordered !== false;
    const { result, errors } = await this.db.write(() => {
      const result = emptyBulkResult();
      const errors: BulkWriteErrorEntry[] = [];
      for (let i = 0; i < ops.length; i++) {
        try {
          this.applyBulkOperation(ops[i]!, i, result);
        } catch (error) {
          errors.push(writeErrorOf(i, error));
          if (ordered) break;
        }
      }
      return { result, errors };
    });
    if (errors.length) throw new EmbeddedBulkWriteError(errors, result);
    return result;
  }

  private applyBulkOperation(op: BulkWriteOperation<Document>, index: number, result: BulkWriteResult): void {
    const counted = (r: { result: UpdateResult; failure?: unknown }) => {
      if (r.failure) throw r.failure;
      result.matchedCount += r.result.matchedCount;
      result.modifiedCount += r.result.modifiedCount;
      if (r.result.upsertedCount) {
        result.upsertedCount += r.result.upsertedCount;
        result.upsertedIds[index] = r.result.upsertedId;
      }
    };
    if ('insertOne' in op) {
      const doc = prepareInsert(op.insertOne.document);
      this.insertStored(this.encodeInsert(doc));
      result.insertedCount++;
      result.insertedIds[index] = doc._id;
    } else if ('replaceOne' in op) {
      const { filter, replacement, upsert } = op.replaceOne;
      counted(this.updateInTxn(filter as Document, replacement as Document, { upsert }, 1));
    } else if ('updateOne' in op) {
      const { filter, update, upsert } = op.updateOne;
      counted(this.updateInTxn(filter as Document, update as Document, { upsert }, 1));
    } else {
      const [filter, limit] = 'deleteOne' in op ? [op.deleteOne.filter, 1] : [op.deleteMany.filter, Infinity];
      result.deletedCount += this.deleteInTxn(filter as Document, limit);
    }
  }

  private async updateMatching(filter: Document, update: Document, options: UpdateOptions, limit: number): Promise<UpdateResult> {
    const f = cloneDoc(filter);
    const u = cloneDoc(update);
    const { result, failure } = await this.db.write(() => this.updateInTxn(f, u, options, limit));
    if (failure) throw failure;
    return result;
  }

  /** Inside a write: applies an update, returning the counts and the failure that stopped it (after some changed) if any. */
  private updateInTxn(filter: Document, update: Document, options: UpdateOptions, limit: number): { result: UpdateResult; failure?: unknown } {
    const targets = this.matching(filter, undefined, 0, limit);
    if (targets.length === 0 && options.upsert) {
      const doc = applyUpdate(upsertSeed(filter), update, filter, true);
      this.insertStored(this.encodeInsert(doc));
      return { result: { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId: doc._id } };
    }
    let modified = 0;
    let failure: unknown;
    for (const target of targets) {
      try {
        const next = applyUpdate(target.doc, update, filter, false);
        if (sameDoc(target.doc, next)) continue;
        this.replaceStored(target, next);
        modified++;
      } catch (err) {
        failure = err;
        break;
      }
    }
    return { result: { acknowledged: true, matchedCount: targets.length, modifiedCount: modified, upsertedCount: 0, upsertedId: null }, failure };
  }

  private async deleteMatching(filter: Document, limit: number): Promise<DeleteResult> {
    const f = cloneDoc(filter);
    const deletedCount = await this.db.write(() => this.deleteInTxn(f, limit));
    return { acknowledged: true, deletedCount };
  }

  private deleteInTxn(filter: Document, limit: number): number {
    const targets = this.matching(filter, undefined, 0, limit);
    for (const t of targets) this.removeStored(t);
    return targets.length;
  }

  // ---- document and index entries (inside a write) ------------------------------------

  /**
   * A document's stored bytes and index keys, worked out when the call is made: inserts
   * called while a commit is on its way to disk are encoded meanwhile, and the write
   * transaction (one at a time, in call order) is left with the reads and the puts. What
   * encoding throws is thrown in the transaction, in its place among the call's documents.
   */
  private encodeInsert(doc: Document): EncodedInsert {
    const indexes = [...this.indexes.values()];
    try {
      const entries = indexes.map((index) => ({ index, ...index.tuplesFor(doc) }));
      return { doc, id: keyOf(doc._id), value: encodeDocument(doc), indexes, entries };
    } catch (error) {
      return { doc, id: '', value: EMPTY, indexes, entries: [], error };
    }
  }

  private insertStored(prepared: EncodedInsert): void {
    // An index made or dropped since the call: key the document again.
    const current = this.indexes;
    const stale = prepared.indexes.length !== current.size || prepared.indexes.some((ix) => current.get(ix.name) !== ix);
    const { doc, id, value, entries, error } = stale ? this.encodeInsert(prepared.doc) : prepared;
    if (error) throw error;
    if (this.db.docs.doesExist([this.collectionName, id])) throw new DuplicateKeyError('_id_', { _id: doc._id });
    for (const { index, tuples } of entries) this.checkUnique(index, tuples, id, doc);
    this.db.noteCollection(this.collectionName);
    this.db.docs.putSync([this.collectionName, id], value);
    for (const { index, tuples, arrayFields } of entries) {
      this.db.markMultikey(this.collectionName, index, arrayFields);
      for (const t of tuples) this.putEntry(index, t, id);
    }
  }

  private replaceStored(prior: Stored, next: Document): void {
    const changes = [...this.indexes.values()].map((index) => {
      const after = index.tuplesFor(next);
      this.checkUnique(index, after.tuples, prior.id, next);
      return { index, before: index.tuplesFor(prior.doc).tuples, after };
    });
    this.db.docs.putSync([this.collectionName, prior.id], encodeDocument(next));
    for (const { index, before, after } of changes) {
      this.db.markMultikey(this.collectionName, index, after.arrayFields);
      // An update that leaves an index's keys alone (a field no index covers) leaves the index alone.
      if (sameTuples(before, after.tuples)) continue;
      const kept = new Set(after.tuples.map(tupleId));
      for (const t of before) if (!kept.has(tupleId(t))) this.removeEntry(index, t, prior.id);
      const had = new Set(before.map(tupleId));
      for (const t of after.tuples) if (!had.has(tupleId(t))) this.putEntry(index, t, prior.id);
    }
  }

  private removeStored(s: Stored): void {
    for (const index of this.indexes.values()) for (const t of index.tuplesFor(s.doc).tuples) this.removeEntry(index, t, s.id);
    this.db.docs.removeSync([this.collectionName, s.id]);
  }

  private putEntry(index: IndexDef, tuple: KeyPart[], id: string): void {
    this.db.idx.putSync([this.collectionName, index.name, ...tuple, id], EMPTY);
  }

  private removeEntry(index: IndexDef, tuple: KeyPart[], id: string): void {
    this.db.idx.removeSync([this.collectionName, index.name, ...tuple, id]);
  }

  private checkUnique(index: IndexDef, tuples: KeyPart[][], id: string, doc: Document): void {
    if (!index.spec.unique) return;
    for (const t of tuples) {
      for (const other of this.idsWith(index, t)) if (other !== id) throw index.duplicate(doc);
    }
  }

  /** Writes every entry of a new index, after checking a unique one holds over the documents there are. */
  private buildIndex(index: IndexDef): void {
    const all: Array<{ id: string; tuples: KeyPart[][] }> = [];
    const seen = new Map<string, string>();
    const arrayFields = new Set<string>();
    for (const { id, doc } of this.allDocs()) {
      const { tuples, arrayFields: fields } = index.tuplesFor(doc);
      for (const f of fields) arrayFields.add(f);
      if (index.spec.unique) {
        for (const t of tuples) {
          const holder = seen.get(tupleId(t));
          if (holder !== undefined && holder !== id) throw index.duplicate(doc);
          seen.set(tupleId(t), id);
        }
      }
      all.push({ id, tuples });
    }
    index.multikey = arrayFields.size > 0;
    index.multikeyPaths = arrayFields;
    this.db.addIndex(this.collectionName, index);
    for (const { id, tuples } of all) for (const t of tuples) this.putEntry(index, t, id);
  }
}

type OptionalId = Document;
const EMPTY = Buffer.alloc(0);

/** A document to insert, encoded ahead of its write (`encodeInsert`). */
interface EncodedInsert {
  doc: Document;
  id: string;
  value: Buffer;
  /** The collection's indexes when it was encoded. */
  indexes: IndexDef[];
  entries: Array<{ index: IndexDef; tuples: KeyPart[][]; arrayFields: string[] }>;
  error?: unknown;
}

/** The stored copy of a document to insert; like the driver, the caller's object gets the generated _id. */
function prepareInsert(src: Document): Document {
  if (src._id === undefined) src._id = new ObjectId();
  return cloneDoc(src);
}

/** Taken when the call is made: the caller may change its objects before the write runs. */
function cloneBulkOperation(op: BulkWriteOperation<Document>): BulkWriteOperation<Document> {
  if ('insertOne' in op) {
    if (op.insertOne.document._id === undefined) op.insertOne.document._id = new ObjectId();
    return { insertOne: { document: cloneDoc(op.insertOne.document) } };
  }
  return cloneDoc(op);
}

function firstMatches(source: Iterable<Stored>, query: Matcher, skip: number, limit: number): Stored[] {
  const out: Stored[] = [];
  let skipped = 0;
  if (limit <= 0) return out;
  for (const s of source) {
    if (!query(s.doc)) continue;
    if (skipped < skip) {
      skipped++;
      continue;
    }
    out.push(s);
    if (out.length >= limit) break;
  }
  return out;
}

function project(doc: Document, projection?: Document): Document {
  if (!projection || !Object.keys(projection).length) return doc;
  return mingoFind([doc], {}, projection).all()[0] as Document;
}

interface WalkEntry {
  tag: number;
  value: KeyPart;
  id: string;
}

/** Several walks' entries as one, in the sort field's order (type tag, then value). */
function* mergeWalks(streams: Array<Iterator<WalkEntry>>, direction: 1 | -1): Generator<WalkEntry> {
  const heads = streams.map((s) => s.next()).map((r, i) => ({ r, i }));
  const order = (a: WalkEntry, b: WalkEntry) => (a.tag - b.tag || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)) * direction;
  for (;;) {
    let best: { r: IteratorResult<WalkEntry>; i: number } | null = null;
    for (const h of heads) if (!h.r.done && (!best || order(h.r.value, best.r.value as WalkEntry) < 0)) best = h;
    if (!best) return;
    yield best.r.value as WalkEntry;
    best.r = streams[best.i]!.next();
  }
}

/** The keys of the documents a filter names by `_id` (the shortest of its lists), or null. */
function idsOf(filter: Document, constraints = equalityConstraints(filter)): string[] | null {
  const ids = constraints.get('_id')?.reduce((a, b) => (b.length < a.length ? b : a));
  return ids && !ids.some(isPlainObject) ? ids.map(keyOf) : null;
}
