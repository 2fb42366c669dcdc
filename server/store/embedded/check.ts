/**
 * `store:check`: verifies every file of a data directory offline (each record's checksum)
 * and whether the store would open, in words an operator can act on.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { EmbeddedCollection } from './collection.js';
import { describeRegion, RECOVER_COMMAND, StoreDamagedError } from './damage.js';
import { generations, JOURNAL_RE, loadStore, SNAPSHOT_RE } from './load.js';
import { journalPath } from './journal.js';
import { scanFile, type FileScan } from './scan.js';
import { snapshotPath } from './snapshot.js';
import { deserialize } from './values.js';

export interface CheckReport {
  /** No damage, apart perhaps from a torn last write (dropped at the next start). */
  ok: boolean;
  lines: string[];
  scans: FileScan[];
}

export function storeFiles(files: string[], dir: string): string[] {
  return [
    ...generations(files, SNAPSHOT_RE).map((g) => snapshotPath(dir, g)),
    ...generations(files, JOURNAL_RE).map((g) => journalPath(dir, g)),
  ];
}

/** A collection for reading only: loading never writes. */
export function readOnlyCollection(name: string): EmbeddedCollection {
  return new EmbeddedCollection(name, async () => {}, () => {});
}

export async function checkStore(dir: string): Promise<CheckReport> {
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
    const format = scan.version >= 2 ? `format ${scan.version}, checksummed` : 'format 1 (no checksums; upgraded at the next compaction)';
    lines.push(`${path.basename(file)}: ${scan.records} records, ${scan.size} bytes, ${format}${scan.damage.length ? '' : ', intact'}`);
    for (const region of scan.damage) lines.push(`  DAMAGED ${describeRegion(file, region)}`);
  }
  try {
    const loaded = await loadStore(dir, readOnlyCollection);
    const docs = [...loaded.collections.values()].reduce((n, c) => n + c.storedDocuments().length, 0);
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
