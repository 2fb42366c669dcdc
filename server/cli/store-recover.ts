/**
 * `npm run store:recover [-- --dir DIR]`, with the server stopped: keeps every intact
 * record of a damaged embedded store, moves the damaged bytes to DIR/quarantine with a
 * report, and checks the result. Exit code 0 when the store is sound afterwards.
 */
import { StoreLockedError } from '../store/embedded/lock.js';
import { recoverStore } from '../store/embedded/recover.js';
import { storeDirFromArgs } from './store-dir.js';

const dir = storeDirFromArgs();
try {
  const { lines, changed } = await recoverStore(dir);
  console.log(`store:recover ${dir}${changed ? '' : ': nothing to recover'}`);
  for (const line of lines) console.log(line);
  process.exit(lines[lines.length - 1] === 'OK' ? 0 : 1);
} catch (err) {
  if (err instanceof StoreLockedError) console.error(`${err.message}: stop the server first`);
  else console.error(err);
  process.exit(1);
}
