/**
 * Store-backed memory for SAML: assertion ids already accepted (replay refusal), and the
 * ids of AuthnRequests we sent (so a response's InResponseTo can be checked by any web
 * process). Both are unique _ids with an expiry, so two processes racing on one
 * assertion cannot both accept it: the second insert is a duplicate key.
 */
import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';
import type { StoreDb } from '../store/types.js';
import { isDuplicateKeyError } from '../store/types.js';

interface SeenDoc {
  _id: string;
  expiresAt: Date;
  value?: string;
  createdAt?: Date;
}

export interface AssertionReplayCache {
  /** True the first time (providerId, assertionId) is offered before `expiresAt`; false for a replay. */
  firstUse(providerId: string, assertionId: string, expiresAt: Date): Promise<boolean>;
}

export async function openAssertionReplayCache(db: StoreDb, now: () => Date): Promise<AssertionReplayCache> {
  const col = db.collection<SeenDoc>('saml_seen_assertions');
  await col.createIndex({ expiresAt: 1 });
  return {
    async firstUse(providerId, assertionId, expiresAt) {
      const _id = `${providerId}\n${assertionId}`;
      const at = now();
      await col.deleteMany({ expiresAt: { $lt: at } });
      try {
        await col.insertOne({ _id, expiresAt });
        return true;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        return false;
      }
    },
  };
}

/** node-saml's CacheProvider over the store (request ids for InResponseTo checks). */
export function storeCacheProvider(db: StoreDb, namespace: string, ttlMs: number, now: () => Date): CacheProvider {
  const col = db.collection<SeenDoc>('saml_request_ids');
  const key = (k: string) => `${namespace}\n${k}`;
  return {
    async saveAsync(k, value): Promise<CacheItem | null> {
      const createdAt = now();
      try {
        await col.insertOne({ _id: key(k), value, createdAt, expiresAt: new Date(createdAt.getTime() + ttlMs) });
        return { value, createdAt: createdAt.getTime() };
      } catch (err) {
        if (isDuplicateKeyError(err)) return null;
        throw err;
      }
    },
    async getAsync(k) {
      const doc = await col.findOne({ _id: key(k), expiresAt: { $gt: now() } });
      return doc?.value ?? null;
    },
    async removeAsync(k) {
      if (k === null) return null;
      const doc = await col.findOneAndDelete({ _id: key(k) });
      await col.deleteMany({ expiresAt: { $lt: now() } });
      return doc?.value ?? null;
    },
  };
}
