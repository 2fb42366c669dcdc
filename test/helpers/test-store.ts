/**
 * A fresh store for a test: MongoDB (a new database) when MONGODB_URI is set, else the
 * embedded store in a temporary directory. Service tests thus run on both stores.
 */
import { openEmbeddedStore } from '../../server/store/embedded/index.js';
import { openMongoStore } from '../../server/store/mongo.js';
import type { Store } from '../../server/store/types.js';
import { tempDir } from './temp-dir.js';

let n = 0;

export async function openTestStore(): Promise<Store> {
  if (process.env.MONGODB_URI) return openMongoStore(process.env.MONGODB_URI, `lms_test_${process.pid}_${++n}`);
  return openEmbeddedStore({ dir: tempDir('store-') });
}
