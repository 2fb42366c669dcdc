/**
 * Bearer tokens for SCIM clients (an identity provider's provisioning connector).
 * A token is 32 random bytes; only its SHA-256 is stored. A fast hash is right here, not
 * scrypt: scrypt slows down guessing a low-entropy password, but 256 random bits cannot be
 * guessed, and a slow hash on every provisioning request would only cost the server.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { NotFoundError } from '../http/errors.js';
import type { StoreDb } from '../store/types.js';

export interface ScimTokenDoc {
  _id: string;
  name: string;
  hash: string;
  createdAt: Date;
  createdBy: string;
  lastUsedAt?: Date;
  revokedAt?: Date;
  revokedBy?: string;
}

export interface ScimToken {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string;
}

export interface ScimTokens {
  create(name: string, by: string): Promise<{ token: string; record: ScimToken }>;
  /** Tokens that still work, newest first. */
  list(): Promise<ScimToken[]>;
  revoke(id: string, by: string): Promise<void>;
  /** The token's record when it is live (and its use recorded), else null. */
  verify(token: string): Promise<ScimToken | null>;
}

/** Last use is written at most this often per token: not a write on every request. */
const LAST_USE_GRANULARITY_MS = 60_000;
const PREFIX = 'scim_';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function toToken(d: ScimTokenDoc): ScimToken {
  return { id: d._id, name: d.name, createdAt: d.createdAt.toISOString(), createdBy: d.createdBy, ...(d.lastUsedAt ? { lastUsedAt: d.lastUsedAt.toISOString() } : {}) };
}

export async function openScimTokens(db: StoreDb, now: () => Date): Promise<ScimTokens> {
  const docs = db.collection<ScimTokenDoc>('scim_tokens');
  await docs.createIndex({ hash: 1 }, { unique: true });
  return {
    async create(name, by) {
      const token = PREFIX + randomBytes(32).toString('base64url');
      const doc: ScimTokenDoc = { _id: randomBytes(9).toString('base64url'), name, hash: sha256(token), createdAt: now(), createdBy: by };
      await docs.insertOne(doc);
      return { token, record: toToken(doc) };
    },
    async list() {
      const all = await docs.find({ revokedAt: { $exists: false } }).toArray();
      return all.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map(toToken);
    },
    async revoke(id, by) {
      const res = await docs.updateOne({ _id: id, revokedAt: { $exists: false } }, { $set: { revokedAt: now(), revokedBy: by } });
      if (res.matchedCount === 0) throw new NotFoundError('SCIM token');
    },
    async verify(token) {
      if (!token.startsWith(PREFIX) || token.length > 200) return null;
      const hash = sha256(token);
      const doc = await docs.findOne({ hash });
      // The lookup is by hash (an index), so timing reveals nothing of the token; compare anyway.
      if (!doc || doc.revokedAt || !timingSafeEqual(Buffer.from(doc.hash), Buffer.from(hash))) return null;
      const at = now();
      if (!doc.lastUsedAt || at.getTime() - doc.lastUsedAt.getTime() >= LAST_USE_GRANULARITY_MS) {
        await docs.updateOne({ _id: doc._id }, { $set: { lastUsedAt: at } });
        doc.lastUsedAt = at;
      }
      return toToken(doc);
    },
  };
}
