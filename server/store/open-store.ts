/** Picks the store from configuration: MongoDB when MONGODB_URI is set, else the embedded one. */
import path from 'node:path';
import { openEmbeddedStore } from './embedded/index.js';
import { openMongoStore } from './mongo.js';
import type { Store } from './types.js';

export interface StoreConfig {
  mongodbUri?: string;
  mongodbDb?: string;
  dataDir: string;
}

/** Where the store's messages go: warnings are what an operator should act on (a torn write dropped, a full disk). */
export interface StoreLog {
  info(msg: string): void;
  warn(msg: string): void;
}

export async function openStore(config: StoreConfig, log?: StoreLog): Promise<Store> {
  if (config.mongodbUri) return openMongoStore(config.mongodbUri, config.mongodbDb);
  return openEmbeddedStore({
    dir: path.join(config.dataDir, 'store'),
    log: log && ((msg) => log.info(msg)),
    warn: log && ((msg) => log.warn(msg)),
  });
}

/** Where the store lives, for start-up messages and /health (never the credentials). */
export function describeStore(config: StoreConfig): string {
  if (config.mongodbUri) {
    const url = new URL(config.mongodbUri);
    return `MongoDB at ${url.host}`;
  }
  return `embedded store at ${path.join(config.dataDir, 'store')}`;
}
