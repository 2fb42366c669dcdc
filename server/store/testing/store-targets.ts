/**
 * The stores a contract test runs on: the embedded store always, MongoDB as well when
 * MONGODB_URI is set. Each `place()` is fresh (a directory, or a database name), and
 * `open(place)` opens what is there, so a test can close a store and open it again.
 */
import { openEmbeddedStore } from '../embedded/index.js';
import { openMongoStore } from '../mongo.js';
import type { Store } from '../types.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';

export interface StoreTarget {
  kind: string;
  place(): string;
  open(place: string): Promise<Store>;
}

let places = 0;

export function storeTargets(prefix: string): StoreTarget[] {
  const targets: StoreTarget[] = [{ kind: 'embedded', place: () => tempDir(`${prefix}-`), open: (dir) => openEmbeddedStore({ dir }) }];
  const uri = process.env.MONGODB_URI;
  if (uri) {
    targets.push({ kind: 'mongodb', place: () => `${prefix.replace(/\W/g, '_')}_${process.pid}_${Date.now()}_${++places}`, open: (name) => openMongoStore(uri, name) });
  }
  return targets;
}
