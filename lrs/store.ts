/**
 * The storage the LRS needs: the same narrow collection interface the LMS uses, so the
 * LRS runs on MongoDB or the embedded store alike. Type-only: the LRS never imports LMS code.
 */
export type { StoreDb as LrsDb, StoreCollection, Document, Filter } from '../server/store/types.js';
export { isDuplicateKeyError } from '../server/store/types.js';
