/** The embedded store's directory for the store:* commands: `--dir`, else DATA_DIR/store. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';

export function storeDir(dirArg: string | undefined): string {
  if (dirArg) return path.resolve(dirArg);
  const config = loadConfig();
  if (config.mongodbUri) throw new Error('MONGODB_URI is set: this command is for the embedded store (DATA_DIR/store)');
  return path.join(config.dataDir, 'store');
}

/** For commands whose only option is `--dir`. */
export function storeDirFromArgs(): string {
  return storeDir(parseArgs({ options: { dir: { type: 'string' } }, strict: true }).values.dir);
}
