/**
 * Reads a journal or snapshot file record by record, verifying each, and describes every
 * damaged stretch: where it starts, how long it is, how many lines it spans, which
 * collections its bytes still name, and whether it looks like a write cut short by a
 * crash (an unfinished or truncated line at the end) rather than bytes changed later.
 */
import fs from 'node:fs';
import { hex8, readLine, RECORD_PREFIX, type FileKind } from './record-format.js';

export interface DamagedRegion {
  offset: number;
  length: number;
  /** Lines (records, as far as can be told) the region spans. */
  lines: number;
  collections: string[];
  /** No intact record follows it in this file. */
  atEnd: boolean;
  /** Shaped like a crash mid-write (cut short), not like a complete record whose bytes changed. */
  looksTorn: boolean;
  /** Intact records after it in this file. */
  recordsAfter: number;
}

export interface FileScan {
  file: string;
  size: number;
  /** 2 when the file starts with a header; 1 for files written before checksums. */
  version: number;
  kind: FileKind | null;
  records: number;
  damage: DamagedRegion[];
}

export interface ScannedRecord {
  value: unknown;
  offset: number;
  /** Offset just past the record's newline. */
  end: number;
}

const NAME_RE = /"(?:c|collection)":"([A-Za-z0-9_.-]{1,120})"/g;
const MAX_NAME_SCAN = 1024 * 1024;

/** Scans a file, calling `onRecord` for each intact record in order. A missing file scans as empty. */
export async function scanFile(
  file: string,
  parse: (payload: string) => unknown,
  onRecord: (r: ScannedRecord) => void = () => {},
  maxBytes?: number,
): Promise<FileScan> {
  const scan: FileScan = { file, size: 0, version: 1, kind: null, records: 0, damage: [] };
  let open: { region: DamagedRegion; names: Set<string>; bytes: Buffer[]; kept: number } | null = null;
  // How many intact records had been read when each damaged region ended (recordsAfter is the rest).
  const recordsAtEnd = new Map<DamagedRegion, number>();
  const closeRegion = () => {
    if (!open) return;
    recordsAtEnd.set(open.region, scan.records);
    const text = Buffer.concat(open.bytes).toString('latin1');
    for (const m of text.matchAll(NAME_RE)) open.names.add(m[1]!);
    open.region.collections = [...open.names].sort();
    scan.damage.push(open.region);
    open = null;
  };
  const damaged = (offset: number, line: Buffer, complete: boolean, rot: boolean) => {
    if (!open) {
      open = { region: { offset, length: 0, lines: 0, collections: [], atEnd: true, looksTorn: false, recordsAfter: 0 }, names: new Set(), bytes: [], kept: 0 };
    }
    open.region.length = offset + line.length + (complete ? 1 : 0) - open.region.offset;
    open.region.lines++;
    if (!rot) open.region.looksTorn = true;
    if (open.kept < MAX_NAME_SCAN) {
      open.bytes.push(Buffer.from(line));
      open.kept += line.length;
    }
  };
  const onLine = (offset: number, line: Buffer, complete: boolean) => {
    if (!complete) return damaged(offset, line, false, false);
    const verdict = readLine(line, parse);
    if (verdict.kind === 'header' && offset === 0) {
      scan.version = verdict.version;
      scan.kind = verdict.fileKind;
      return;
    }
    if (verdict.kind === 'record') {
      if (open) {
        open.region.atEnd = false;
        closeRegion();
      }
      scan.records++;
      onRecord({ value: verdict.value, offset, end: offset + line.length + 1 });
      return;
    }
    damaged(offset, line, true, isRot(line));
  };

  let stream: fs.ReadStream;
  try {
    await fs.promises.access(file);
    if (maxBytes === 0) return scan;
    stream = fs.createReadStream(file, { highWaterMark: 1024 * 1024, ...(maxBytes !== undefined ? { end: maxBytes - 1 } : {}) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return scan;
    throw err;
  }
  let carry: Buffer = Buffer.alloc(0);
  let carryAt = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, pos);
      if (nl < 0) break;
      onLine(carryAt + pos, buf.subarray(pos, nl), true);
      pos = nl + 1;
    }
    carryAt += pos;
    carry = buf.subarray(pos);
    scan.size += chunk.length;
  }
  if (carry.length) onLine(carryAt, carry, false);
  closeRegion();
  for (const r of scan.damage) r.recordsAfter = scan.records - recordsAtEnd.get(r)!;
  return scan;
}

/** A complete version 2 line of the declared length whose checksum fails: changed after it was written. */
function isRot(line: Buffer): boolean {
  if (line.length < RECORD_PREFIX || line[8] !== 0x20 || line[17] !== 0x20) return false;
  return hex8(line, 0) >= 0 && hex8(line, 9) === line.length - RECORD_PREFIX;
}
