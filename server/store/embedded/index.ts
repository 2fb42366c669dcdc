/** The embedded store: `openEmbeddedStore({ dir })` for a one-command start with no database. */
import type { Store } from '../types.js';
import { EmbeddedDb, type EmbeddedDbOptions } from './lmdb-db.js';

export { EmbeddedDb, type EmbeddedDbOptions } from './lmdb-db.js';
export { StoreLockedError } from './lock.js';
export { StoreWriteFailedError } from './write-failure.js';
export { StoreDamagedError } from './damage.js';
export { DocumentDamagedError } from './document-codec.js';

export interface EmbeddedStore extends Store {
  readonly kind: 'embedded';
  readonly db: EmbeddedDb;
}

export async function openEmbeddedStore(options: EmbeddedDbOptions): Promise<EmbeddedStore> {
  const db = await EmbeddedDb.open(options);
  return {
    kind: 'embedded',
    db,
    mongooseDb: db,
    async ping() {
      if (db.failed) throw db.failed;
    },
    close: () => db.close(),
  };
}
