/**
 * Identity links: which person a provider's subject (OIDC `sub`, SAML NameID) is. Kept in
 * our own collection (not on the person) with a unique index on (provider, subject), so
 * one identity can never be linked to two people, even by two processes at once.
 */
import type { StoreDb } from '../store/types.js';
import { isDuplicateKeyError } from '../store/types.js';

export interface IdentityLink {
  providerId: string;
  subject: string;
  personId: string;
  createdAt: Date;
  lastSignInAt: Date;
}

export interface IdentityLinks {
  find(providerId: string, subject: string): Promise<IdentityLink | null>;
  /** Link (or return the link that won a race for the same identity). */
  link(providerId: string, subject: string, personId: string, at: Date): Promise<IdentityLink>;
  touch(providerId: string, subject: string, at: Date): Promise<void>;
  forPerson(personId: string): Promise<IdentityLink[]>;
}

export async function openIdentityLinks(db: StoreDb): Promise<IdentityLinks> {
  const col = db.collection<IdentityLink>('sso_identities');
  await col.createIndex({ providerId: 1, subject: 1 }, { unique: true });
  await col.createIndex({ personId: 1 });
  const strip = ({ providerId, subject, personId, createdAt, lastSignInAt }: IdentityLink): IdentityLink => ({ providerId, subject, personId, createdAt, lastSignInAt });
  return {
    async find(providerId, subject) {
      const doc = await col.findOne({ providerId, subject });
      return doc ? strip(doc) : null;
    },
    async link(providerId, subject, personId, at) {
      try {
        const link = { providerId, subject, personId, createdAt: at, lastSignInAt: at };
        await col.insertOne({ ...link });
        return link;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        return strip((await col.findOne({ providerId, subject }))!);
      }
    },
    async touch(providerId, subject, at) {
      await col.updateOne({ providerId, subject }, { $set: { lastSignInAt: at } });
    },
    async forPerson(personId) {
      return (await col.find({ personId }).toArray()).map(strip);
    },
  };
}
