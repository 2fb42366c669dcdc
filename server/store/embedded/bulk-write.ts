/**
 * The parts of the embedded bulkWrite that are not the collection's own: checking the
 * operations before any is applied (as the driver does client-side), the result counts,
 * and the error a failed bulk rejects with.
 */
import type { BulkWriteOperation, BulkWriteResult, Document } from '../types.js';

/** Mirrors the update path's refusal of a bad update document (same code). */
export class InvalidBulkOperationError extends Error {
  readonly code = 66;
}

export function checkBulkOperations(operations: ReadonlyArray<BulkWriteOperation<Document>>): void {
  // The driver's words: it refuses an empty bulk too.
  if (!operations.length) throw new InvalidBulkOperationError('Invalid BulkOperation, Batch cannot be empty');
  operations.forEach((op, i) => {
    const kinds = Object.keys(op);
    if (kinds.length !== 1) throw new InvalidBulkOperationError(`bulk operation ${i} must name exactly one operation`);
    if ('replaceOne' in op && Object.keys(op.replaceOne.replacement).some((k) => k.startsWith('$'))) {
      throw new InvalidBulkOperationError(`bulk operation ${i}: a replacement document must not contain update operators`);
    }
    if ('updateOne' in op) {
      const keys = Object.keys(op.updateOne.update);
      if (Array.isArray(op.updateOne.update) || !keys.length || !keys.every((k) => k.startsWith('$'))) {
        throw new InvalidBulkOperationError(`bulk operation ${i}: an update document requires update operators`);
      }
    }
    if (!['insertOne', 'replaceOne', 'updateOne', 'deleteOne', 'deleteMany'].includes(kinds[0]!)) {
      throw new InvalidBulkOperationError(`bulk operation ${i}: ${kinds[0]} is not supported by the embedded store`);
    }
  });
}

export function emptyBulkResult(): BulkWriteResult {
  return { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0, insertedIds: {}, upsertedIds: {} };
}

export interface BulkWriteErrorEntry {
  index: number;
  code: number;
  errmsg: string;
}

/** Shaped like the driver's MongoBulkWriteError: `code` is the first failure's, so isDuplicateKeyError works on it. */
export class EmbeddedBulkWriteError extends Error {
  readonly code: number;
  constructor(
    readonly writeErrors: BulkWriteErrorEntry[],
    readonly result: BulkWriteResult,
  ) {
    super(writeErrors[0]!.errmsg);
    this.name = 'MongoBulkWriteError';
    this.code = writeErrors[0]!.code;
  }

  get insertedCount(): number {
    return this.result.insertedCount;
  }

  get deletedCount(): number {
    return this.result.deletedCount;
  }
}

export function writeErrorOf(index: number, error: unknown): BulkWriteErrorEntry {
  const code = (error as { code?: unknown }).code;
  // 2 is MongoDB's BadValue, for failures that carry no server code of their own.
  return { index, code: typeof code === 'number' ? code : 2, errmsg: error instanceof Error ? error.message : String(error) };
}
