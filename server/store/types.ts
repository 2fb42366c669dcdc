/**
 * The narrow storage contract shared by MongoDB (through the official driver) and the
 * embedded store. Code outside `server/store` sees only these types, so the compiler
 * rejects any use of a driver feature the embedded store does not implement.
 *
 * The filter/update/result types are the driver's own (type-only imports): the
 * embedded store implements their semantics through mingo.
 */
import type {
  Document,
  Filter,
  UpdateFilter,
  OptionalUnlessRequiredId,
  WithId,
  Sort,
  IndexSpecification,
  InsertOneModel,
  ReplaceOneModel,
  UpdateOneModel,
  DeleteOneModel,
  DeleteManyModel,
} from 'mongodb';

export type { Document, Filter, UpdateFilter, WithId, Sort };

export interface FindOptions {
  projection?: Document;
  sort?: Sort;
  skip?: number;
  limit?: number;
}

export interface InsertOneResult {
  acknowledged: boolean;
  insertedId: unknown;
}

export interface InsertManyResult {
  acknowledged: boolean;
  insertedCount: number;
  insertedIds: { [index: number]: unknown };
}

export interface UpdateResult {
  acknowledged: boolean;
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
  upsertedId: unknown;
}

export interface DeleteResult {
  acknowledged: boolean;
  deletedCount: number;
}

/**
 * The bulk operations both stores run: the driver's own models, narrowed to the fields the
 * embedded store implements (no hint, collation, sort, arrayFilters or pipeline updates).
 */
export type BulkWriteOperation<T extends Document = Document> =
  | { insertOne: Pick<InsertOneModel<T>, 'document'> }
  | { replaceOne: Pick<ReplaceOneModel<T>, 'filter' | 'replacement' | 'upsert'> }
  | { updateOne: Pick<UpdateOneModel<T>, 'filter' | 'upsert'> & { update: UpdateFilter<T> } }
  | { deleteOne: Pick<DeleteOneModel<T>, 'filter'> }
  | { deleteMany: Pick<DeleteManyModel<T>, 'filter'> };

export interface BulkWriteOptions {
  /** Default true: operations run in the order given and the first failure stops the rest. */
  ordered?: boolean;
}

/** The driver's BulkWriteResult, as far as the contract goes; ids are keyed by operation index. */
export interface BulkWriteResult {
  insertedCount: number;
  matchedCount: number;
  modifiedCount: number;
  deletedCount: number;
  upsertedCount: number;
  insertedIds: { [index: number]: unknown };
  upsertedIds: { [index: number]: unknown };
}

export interface UpdateOptions {
  upsert?: boolean;
}

export interface FindOneAndUpdateOptions {
  upsert?: boolean;
  returnDocument?: 'before' | 'after';
  projection?: Document;
  sort?: Sort;
}

export interface CreateIndexOptions {
  name?: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
}

export interface StoreCursor<T> extends AsyncIterable<T> {
  sort(sort: Sort): StoreCursor<T>;
  skip(n: number): StoreCursor<T>;
  limit(n: number): StoreCursor<T>;
  project<P extends Document = Document>(projection: Document): StoreCursor<P>;
  toArray(): Promise<T[]>;
}

export interface AggregationCursor<T> extends AsyncIterable<T> {
  toArray(): Promise<T[]>;
}

export interface StoreCollection<T extends Document = Document> {
  readonly collectionName: string;
  insertOne(doc: OptionalUnlessRequiredId<T>): Promise<InsertOneResult>;
  insertMany(docs: ReadonlyArray<OptionalUnlessRequiredId<T>>, options?: { ordered?: boolean }): Promise<InsertManyResult>;
  findOne(filter: Filter<T>, options?: FindOptions): Promise<WithId<T> | null>;
  find(filter: Filter<T>, options?: FindOptions): StoreCursor<WithId<T>>;
  countDocuments(filter?: Filter<T>): Promise<number>;
  distinct(key: string, filter?: Filter<T>): Promise<unknown[]>;
  updateOne(filter: Filter<T>, update: UpdateFilter<T>, options?: UpdateOptions): Promise<UpdateResult>;
  updateMany(filter: Filter<T>, update: UpdateFilter<T>, options?: UpdateOptions): Promise<UpdateResult>;
  replaceOne(filter: Filter<T>, replacement: T, options?: UpdateOptions): Promise<UpdateResult>;
  findOneAndUpdate(filter: Filter<T>, update: UpdateFilter<T>, options: FindOneAndUpdateOptions): Promise<WithId<T> | null>;
  findOneAndDelete(filter: Filter<T>): Promise<WithId<T> | null>;
  deleteOne(filter: Filter<T>): Promise<DeleteResult>;
  deleteMany(filter: Filter<T>): Promise<DeleteResult>;
  /**
   * Several writes in one call. Ordered (the default), they are applied in the order given,
   * so a delete and a later insert of the same _id can never swap (as separate calls on a
   * connection pool can), and the first failure stops the rest: the rejection is a
   * BulkWriteFailure (see bulkWriteFailure below). Durable when it resolves.
   */
  bulkWrite(operations: ReadonlyArray<BulkWriteOperation<T>>, options?: BulkWriteOptions): Promise<BulkWriteResult>;
  aggregate<R extends Document = Document>(pipeline: Document[]): AggregationCursor<R>;
  createIndex(keys: IndexSpecification, options?: CreateIndexOptions): Promise<string>;
  /** Removes an index by name (MongoDB's driver rejects when there is none). */
  dropIndex(name: string): Promise<unknown>;
  /** Whether an index of that name exists (the driver's `indexExists`). */
  indexExists(name: string): Promise<boolean>;
}

/** A database: named collections plus lifecycle. */
export interface StoreDb {
  collection<T extends Document = Document>(name: string): StoreCollection<T>;
}

/** What the application holds: the db, what kind it is, and how to stop it cleanly. */
export interface Store {
  readonly kind: 'embedded' | 'mongodb';
  readonly db: StoreDb;
  /** The object handed to mongoose as `connection.db` (the driver's Db, or the embedded db). */
  readonly mongooseDb: unknown;
  /** Cheap liveness check for /health. */
  ping(): Promise<void>;
  /** Flush pending writes and release files / connections. */
  close(): Promise<void>;
}

/** Thrown for a duplicate key on a unique index; same `code` as the MongoDB server. */
export class DuplicateKeyError extends Error {
  readonly code = 11000;
  constructor(
    readonly index: string,
    readonly keyValue: Document,
  ) {
    super(`E11000 duplicate key error index: ${index} dup key: ${JSON.stringify(keyValue)}`);
    this.name = 'MongoServerError';
  }
}

export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * What a failed bulkWrite rejects with (the driver's MongoBulkWriteError has this shape):
 * `code` is the first failure's (11000 for a duplicate key), each write error names the
 * index of its operation, and `result` counts what was applied before or around it.
 */
export interface BulkWriteFailure {
  code: number;
  message: string;
  writeErrors: ReadonlyArray<{ index: number; code: number; errmsg?: string }>;
  result: BulkWriteResult;
}

/** The failed bulkWrite's details, or null for any other error. The driver gives one write error unwrapped, so both forms are read. */
export function bulkWriteFailure(err: unknown): BulkWriteFailure | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { writeErrors?: unknown; result?: unknown; code?: unknown };
  if (e.writeErrors === undefined || typeof e.result !== 'object' || e.result === null) return null;
  const list = Array.isArray(e.writeErrors) ? e.writeErrors : [e.writeErrors];
  const writeErrors = list.map((w: { index: number; code: number; errmsg?: string }) => ({ index: w.index, code: w.code, errmsg: w.errmsg }));
  return { code: Number(e.code), message: String((err as Error).message), writeErrors, result: e.result as BulkWriteResult };
}
