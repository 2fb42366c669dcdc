/** The embedded store's directory for the store:* commands: `--dir`, else DATA_DIR/store. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';

export function storeDirFromArgs(): string {
  const { values } = parseArgs({ options: { dir: { type: 'string' } }, strict: true });
  if (values.dir) return path.resolve(values.dir);
  const config = loadConfig();
  if (config.mongodbUri) throw new Error('MONGODB_URI is set: this command is for the embedded store (DATA_DIR/store)');
  return path.join(config.dataDir, 'store');
}
