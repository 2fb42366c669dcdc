/**
 * `npm run store:check [-- --dir DIR]`: verifies the embedded store offline (every
 * record's checksum, and whether it opens). Exit code 0 when sound, 1 on damage.
 * Safe while the server runs (it only reads).
 */
import { checkStore } from '../store/embedded/check.js';
import { storeDirFromArgs } from './store-dir.js';

const dir = storeDirFromArgs();
const report = await checkStore(dir);
console.log(`store:check ${dir}`);
for (const line of report.lines) console.log(line);
process.exit(report.ok ? 0 : 1);
