/**
 * `store:check` of a store still in the journal format (not yet opened since the move to
 * LMDB, typically because it is damaged and refused to migrate): verifies every file
 * (each record's checksum) and whether it would open, in words an operator can act on.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { describeRegion, RECOVER_COMMAND, StoreDamagedError } from './damage.js';
import { loadStore, ReplayedCollection, storeFiles } from './load.js';
import { scanFile, type FileScan } from './scan.js';
import { deserialize } from './values.js';

export interface CheckReport {
  /** No damage, apart perhaps from a torn last write (dropped at the next start). */
  ok: boolean;
  lines: string[];
  scans: FileScan[];
}

export function readOnlyCollection(): ReplayedCollection {
  return new ReplayedCollection();
}

export async function checkJournalStore(dir: string): Promise<CheckReport> {
  const lines: string[] = [];
  const scans: FileScan[] = [];
  let files: string[];
  try {
    files = await fsp.readdir(dir);
  } catch {
    return { ok: false, lines: [`no store at ${dir}`], scans };
  }
  let damaged = false;
  for (const file of storeFiles(files, dir)) {
    const scan = await scanFile(file, deserialize);
    scans.push(scan);
    const format = scan.version >= 2 ? `format ${scan.version}, checksummed` : 'format 1 (no checksums)';
    lines.push(`${path.basename(file)}: ${scan.records} records, ${scan.size} bytes, ${format}${scan.damage.length ? '' : ', intact'}`);
    for (const region of scan.damage) lines.push(`  DAMAGED ${describeRegion(file, region)}`);
  }
  try {
    const loaded = await loadStore(dir, readOnlyCollection);
    const docs = [...loaded.collections.values()].reduce((n, c) => n + c.docs.size, 0);
    const from = loaded.snapshotGeneration ? `snapshot-${loaded.snapshotGeneration}.ejson` : 'the empty start';
    lines.push(`opens: ${from} plus ${loaded.journalEntries} journal records; ${loaded.collections.size} collections, ${docs} documents`);
    const torn = loaded.tornTail;
    if (torn) lines.push(`  warning: a write cut short by a crash at byte ${torn.offset} of ${path.basename(torn.file)} (${torn.bytes} bytes, never acknowledged) is dropped at the next start`);
    for (const s of loaded.skippedSnapshots) lines.push(`  warning: the damaged ${path.basename(s.file)} is passed over; the one before it serves (nothing lost)`);
    // Damage that is not a torn tail, even where the start could work around it, is reported.
    const tornOnly = (scan: FileScan) => scan.damage.every((r) => torn && scan.file === torn.file && r.offset === torn.offset);
    damaged = scans.some((s) => !tornOnly(s));
  } catch (err) {
    if (!(err instanceof StoreDamagedError)) throw err;
    damaged = true;
    lines.push('does NOT open: the store refuses to start until it is recovered');
  }
  lines.push(damaged ? `DAMAGED: run \`${RECOVER_COMMAND}\` (with the server stopped) or restore a backup` : 'OK');
  return { ok: !damaged, lines, scans };
}
