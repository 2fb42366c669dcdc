/**
 * Reading the learning record from the LMS: the LRS's `records` read service
 * (CONTRACTS.md), re-exported so domains name one type.
 */
export type { RecordReader, RecordQuery, RecordPage, StoredStatement } from '../../lrs/statements/record-reader.js';
