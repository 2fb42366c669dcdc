/** The embedded store: `openEmbeddedStore({ dir })` for a one-command start with no database. */
import type { Store } from '../types.js';
import { EmbeddedDb, type EmbeddedDbOptions } from './database.js';

export { EmbeddedDb } from './database.js';
export { StoreLockedError } from './lock.js';
export { JournalFailedError } from './journal.js';
export { StoreDamagedError } from './damage.js';
export { checkStore } from './check.js';
export { recoverStore } from './recover.js';

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
