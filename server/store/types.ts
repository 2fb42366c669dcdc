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
  aggregate<R extends Document = Document>(pipeline: Document[]): AggregationCursor<R>;
  createIndex(keys: IndexSpecification, options?: CreateIndexOptions): Promise<string>;
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
