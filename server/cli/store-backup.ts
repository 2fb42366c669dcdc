/**
 * `npm run store:backup -- --to NEW_FOLDER [--dir DIR]`: copies the embedded store, also
 * while the server runs, and checks that the copy opens. Restore: stop the server and put
 * the copy in place of DATA_DIR/store. Exit code 0 when the copy is sound.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupStore } from '../store/embedded/backup.js';
import { storeDir } from './store-dir.js';

const { values } = parseArgs({ options: { to: { type: 'string' }, dir: { type: 'string' } }, strict: true });
if (!values.to) {
  console.error('--to: give a new folder for the copy');
  process.exit(2);
}
const dir = storeDir(values.dir);
const to = path.resolve(values.to);
const report = await backupStore(dir, to);
console.log(`store:backup ${dir} -> ${to}`);
for (const line of report.lines) console.log(line);
process.exit(report.ok ? 0 : 1);
