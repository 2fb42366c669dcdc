/**
 * The key that signs session cookies: SESSION_SECRET when set, else one generated on
 * first start and kept in the store, so restarts do not log everybody out and several
 * web processes on one MongoDB agree. Never a constant in the code.
 */
import { randomBytes } from 'node:crypto';
import type { StoreDb } from '../store/types.js';
import { isDuplicateKeyError } from '../store/types.js';

interface SettingRecord {
  _id: string;
  value: string;
}

export async function resolveSessionSecret(db: StoreDb, configured?: string): Promise<string> {
  if (configured) return configured;
  const settings = db.collection<SettingRecord>('settings');
  const existing = await settings.findOne({ _id: 'sessionSecret' });
  if (existing) return existing.value;
  const value = randomBytes(48).toString('base64url');
  try {
    await settings.insertOne({ _id: 'sessionSecret', value });
    return value;
  } catch (err) {
    // Another process generated it first: use theirs.
    if (!isDuplicateKeyError(err)) throw err;
    return (await settings.findOne({ _id: 'sessionSecret' }))!.value;
  }
}
