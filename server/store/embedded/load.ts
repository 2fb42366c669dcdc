/**
 * Reads a store in the journal format (the engine before LMDB; migrate.ts imports it):
 * loads the store's files into collections: the newest intact snapshot (falling back to
 * the one before, or to the empty start, when a snapshot is damaged) plus every journal
 * after it. Damage anywhere but a torn tail of the very last write is an error naming the
 * place; a torn tail is returned for the caller to cut off and warn about.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Document } from '../types.js';
import type { Document as Doc } from '../types.js';
import { StoreDamagedError, describeRegion, type FoundDamage } from './damage.js';
import type { IndexSpec } from './index-keys.js';
import { scanFile, type FileScan } from './scan.js';
import { deserialize, keyOf } from './values.js';

/** Journal entries of the journal format, one per logical operation. */
export type JournalEntry =
  | { op: 'ins'; c: string; d: Doc[] }
  | { op: 'put'; c: string; d: Doc[] }
  | { op: 'del'; c: string; ids: unknown[] }
  | { op: 'idx'; c: string; spec: IndexSpec };

/** What loading builds a collection into. */
export interface Replayable {
  addIndex(spec: IndexSpec): void;
  replay(entry: JournalEntry): void;
}

export interface LoadResult<C extends Replayable = Replayable> {
  collections: Map<string, C>;
  /** The snapshot generation loaded, or null when the store was built from the journals alone. */
  snapshotGeneration: number | null;
  snapshotBytes: number;
  /** Damaged snapshots passed over (the one before them served instead). */
  skippedSnapshots: FoundDamage[];
  journalEntries: number;
  /** A torn last write: the caller truncates the file at `offset`. */
  tornTail: { file: string; offset: number; bytes: number } | null;
  /** The newest journal generation: appends continue there. */
  currentGeneration: number;
}

export function generations(files: string[], pattern: RegExp): number[] {
  return files
    .map((f) => pattern.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

export function snapshotPath(dir: string, gen: number): string {
  return path.join(dir, `snapshot-${gen}.ejson`);
}

export function journalPath(dir: string, gen: number): string {
  return path.join(dir, `journal-${gen}.log`);
}

export const SNAPSHOT_RE = /^snapshot-(\d+)\.ejson$/;
export const JOURNAL_RE = /^journal-(\d+)\.log$/;

/** Bases to try, best first: snapshots newest first, then the empty start if the journals go back to it. */
export function baseCandidates(snapshots: number[], journals: number[]): number[] {
  const out = [...snapshots].reverse();
  if (!snapshots.length || journals[0] === 0) out.push(0);
  return out;
}

/** `limits`: files to read only up to a length (bytes of a failed write not yet cut off). */
export async function loadStore<C extends Replayable>(dir: string, make: (name: string) => C, limits = new Map<string, number>()): Promise<LoadResult<C>> {
  const files = await fsp.readdir(dir);
  const snapshots = generations(files, SNAPSHOT_RE);
  const journals = generations(files, JOURNAL_RE);
  const skippedSnapshots: FoundDamage[] = [];
  const unusable: string[] = [];

  for (const base of baseCandidates(snapshots, journals)) {
    const after = journals.filter((g) => g >= base);
    const missing = after.length ? range(base, after[after.length - 1]!).filter((g) => !after.includes(g)) : [];
    if (missing.length) {
      unusable.push(`${base ? `snapshot-${base}.ejson` : 'the empty start'} cannot be used: journal-${missing[0]}.log is missing`);
      continue;
    }
    const collections = new Map<string, C>();
    const get = (name: string) => {
      let c = collections.get(name);
      if (!c) collections.set(name, (c = make(name)));
      return c;
    };
    let snapshotBytes = 0;
    if (base > 0 && snapshots.includes(base)) {
      const file = snapshotPath(dir, base);
      let ended = false;
      const scan = await scanFile(file, deserialize, ({ value }) => {
        const rec = value as Document;
        if (rec.end) ended = true;
        else if (typeof rec.collection === 'string') for (const spec of rec.indexes as IndexSpec[]) get(rec.collection).addIndex(spec);
        else get(rec.c as string).replay({ op: 'ins', c: rec.c as string, d: [rec.d as Document] });
      });
      if (scan.damage.length || !ended) {
        for (const region of scan.damage) skippedSnapshots.push({ file, region });
        if (!scan.damage.length) unusable.push(`snapshot-${base}.ejson is incomplete (no end record)`);
        continue;
      }
      snapshotBytes = scan.size;
    } else if (base > 0) {
      continue;
    }
    const scans: FileScan[] = [];
    let journalEntries = 0;
    for (const gen of after) {
      const file = journalPath(dir, gen);
      const replay = ({ value }: { value: unknown }) => {
        const entry = value as JournalEntry;
        get(entry.c).replay(entry);
        journalEntries++;
      };
      scans.push(await scanFile(file, deserialize, replay, limits.get(file)));
    }
    const { middle, tornTail } = classify(scans);
    if (middle.length) {
      throw new StoreDamagedError(dir, middle, skippedSnapshots.map((d) => `(also ${describeRegion(d.file, d.region)})`));
    }
    return {
      collections,
      snapshotGeneration: base > 0 ? base : null,
      snapshotBytes,
      skippedSnapshots,
      journalEntries,
      tornTail,
      currentGeneration: after.length ? after[after.length - 1]! : base,
    };
  }
  throw new StoreDamagedError(dir, skippedSnapshots, [...unusable, 'no intact snapshot with all the journals after it is left to start from']);
}

/** Damage followed by any intact record (in this journal or a later one) is in the middle. */
export function classify(scans: FileScan[]): { middle: FoundDamage[]; tornTail: LoadResult['tornTail'] } {
  const middle: FoundDamage[] = [];
  let tornTail: LoadResult['tornTail'] = null;
  scans.forEach((scan, i) => {
    const laterRecords = scans.slice(i + 1).some((s) => s.records > 0);
    for (const region of scan.damage) {
      if (region.atEnd && region.looksTorn && !laterRecords) tornTail = { file: scan.file, offset: region.offset, bytes: region.length };
      else middle.push({ file: scan.file, region });
    }
  });
  return { middle, tornTail };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function quarantineDir(dir: string): string {
  return path.join(dir, 'quarantine');
}

/** The journal-format files of a store directory: snapshots, then journals, oldest first. */
export function storeFiles(files: string[], dir: string): string[] {
  return [
    ...generations(files, SNAPSHOT_RE).map((g) => snapshotPath(dir, g)),
    ...generations(files, JOURNAL_RE).map((g) => journalPath(dir, g)),
  ];
}

/** A collection as the journal files describe it, in memory for the import only. */
export class ReplayedCollection implements Replayable {
  readonly docs = new Map<string, Document>();
  readonly specs: IndexSpec[] = [];

  addIndex(spec: IndexSpec): void {
    if (!this.specs.some((s) => s.name === spec.name)) this.specs.push(spec);
  }

  replay(entry: JournalEntry): void {
    if (entry.op === 'ins' || entry.op === 'put') for (const d of entry.d) this.docs.set(keyOf(d._id), d);
    else if (entry.op === 'del') for (const id of entry.ids) this.docs.delete(keyOf(id));
    else this.addIndex(entry.spec);
  }
}


export async function syncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
