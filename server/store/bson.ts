/**
 * BSON for the whole project, loaded as the same CommonJS build the MongoDB driver and
 * mongoose use. `import 'bson'` from ES modules gets a second build with its own
 * ObjectId class, and `instanceof` would then fail across the two.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const bson = require('bson') as typeof import('bson');

export const { ObjectId, EJSON, Binary, Decimal128, Long } = bson;
export type ObjectId = import('bson').ObjectId;
export type Binary = import('bson').Binary;
