/**
 * Providers: those an admin added (collection `sso_providers`) plus the read-only one
 * from the environment (OIDC_*), and each one's status (last successful sign-in, last
 * error) kept apart so the environment's provider has one too.
 */
import type { StoreDb } from '../store/types.js';
import type { Provider, ProviderStatus } from './provider-types.js';

export const ENV_PROVIDER_ID = 'env-oidc';

interface ProviderDoc extends Omit<Provider, 'id' | 'source' | 'updatedAt'> {
  _id: string;
  updatedAt: Date;
}

interface StatusDoc {
  _id: string;
  lastSignInAt?: Date;
  lastError?: string;
  lastErrorAt?: Date;
}

export interface ProviderStore {
  list(): Promise<Provider[]>;
  get(id: string): Promise<Provider | null>;
  /** Insert or replace an admin provider (the caller has validated it). */
  save(provider: Omit<Provider, 'source' | 'updatedAt'>): Promise<Provider>;
  statuses(): Promise<Map<string, ProviderStatus>>;
  signedIn(id: string, at: Date): Promise<void>;
  failed(id: string, message: string, at: Date): Promise<void>;
}

export function openProviderStore(db: StoreDb, envProvider: Provider | null, now: () => Date): ProviderStore {
  const col = db.collection<ProviderDoc>('sso_providers');
  const status = db.collection<StatusDoc>('sso_provider_status');
  const fromDoc = ({ _id, updatedAt, ...rest }: ProviderDoc): Provider => ({ ...rest, id: _id, source: 'admin', updatedAt: updatedAt.toISOString() });
  return {
    async list() {
      const docs = (await col.find({}).toArray()).map(fromDoc).sort((a, b) => a.name.localeCompare(b.name));
      return envProvider ? [envProvider, ...docs] : docs;
    },
    async get(id) {
      if (envProvider && id === envProvider.id) return envProvider;
      const doc = await col.findOne({ _id: id });
      return doc ? fromDoc(doc) : null;
    },
    async save(provider) {
      const { id, ...rest } = provider;
      const doc: ProviderDoc = { ...rest, _id: id, updatedAt: now() };
      await col.replaceOne({ _id: id }, doc, { upsert: true });
      return fromDoc(doc);
    },
    async statuses() {
      const docs = await status.find({}).toArray();
      return new Map(
        docs.map((d) => [
          d._id,
          {
            ...(d.lastSignInAt ? { lastSignInAt: d.lastSignInAt.toISOString() } : {}),
            ...(d.lastError ? { lastError: d.lastError, lastErrorAt: d.lastErrorAt?.toISOString() } : {}),
          },
        ]),
      );
    },
    async signedIn(id, at) {
      await status.updateOne({ _id: id }, { $set: { lastSignInAt: at } }, { upsert: true });
    },
    async failed(id, message, at) {
      await status.updateOne({ _id: id }, { $set: { lastError: message.slice(0, 500), lastErrorAt: at } }, { upsert: true });
    },
  };
}
