/**
 * The on-disk record format shared by journals and snapshots (format version 2).
 *
 * A file starts with a header line naming the format and its version; each record is one
 * line: 8 hex digits of CRC-32 over the payload, a space, 8 hex digits of the payload's
 * length in bytes, a space, the payload (EJSON, which never holds a raw newline), "\n".
 * The length tells a record cut short by a crash apart from a complete one whose bytes
 * changed later. Version 1 files (before checksums) have no header and bare JSON lines;
 * they are still read, and replaced at the next compaction.
 */
import { crc32 } from 'node:zlib';

export const FORMAT_VERSION = 2;
export type FileKind = 'journal' | 'snapshot';

export function fileHeader(kind: FileKind): string {
  return `LHSTORE ${FORMAT_VERSION} ${kind}\n`;
}

const HEADER_RE = /^LHSTORE (\d+) (journal|snapshot)$/;
/** 8 hex CRC + space + 8 hex length + space. */
export const RECORD_PREFIX = 18;

/** Encodes one payload (already UTF-8) as a record into `out` at `at`; returns the end offset. */
export function writeRecord(out: Buffer, at: number, payloadStart: number, payloadEnd: number): number {
  const payload = out.subarray(payloadStart, payloadEnd);
  const crc = crc32(payload).toString(16).padStart(8, '0');
  const len = (payloadEnd - payloadStart).toString(16).padStart(8, '0');
  out.write(`${crc} ${len} `, at, 'latin1');
  out[payloadEnd] = 0x0a;
  return payloadEnd + 1;
}

export function encodeRecord(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const out = Buffer.allocUnsafe(RECORD_PREFIX + body.length + 1);
  body.copy(out, RECORD_PREFIX);
  writeRecord(out, 0, RECORD_PREFIX, RECORD_PREFIX + body.length);
  return out;
}

export type LineVerdict =
  | { kind: 'header'; version: number; fileKind: FileKind }
  | { kind: 'record'; payload: string }
  /** The line's bytes do not match its checksum, or it cannot be read at all. */
  | { kind: 'damaged' };

/**
 * Reads one complete line (without its "\n"). A version 1 line (bare JSON) is accepted as
 * a record when `parse` reads it; a version 2 line only when its length and CRC match.
 */
export function readLine(line: Buffer, parse: (payload: string) => unknown): LineVerdict & { value?: unknown } {
  if (line.length >= RECORD_PREFIX && line[8] === 0x20 && line[17] === 0x20) {
    const crc = hex8(line, 0);
    const len = hex8(line, 9);
    if (crc >= 0 && len >= 0) {
      const payload = line.subarray(RECORD_PREFIX);
      if (len !== payload.length || crc !== crc32(payload)) return { kind: 'damaged' };
      const text = payload.toString('utf8');
      try {
        return { kind: 'record', payload: text, value: parse(text) };
      } catch {
        return { kind: 'damaged' };
      }
    }
  }
  const text = line.toString('utf8');
  const header = HEADER_RE.exec(text);
  if (header) return { kind: 'header', version: Number(header[1]), fileKind: header[2] as FileKind };
  if (line[0] === 0x7b /* { */) {
    try {
      return { kind: 'record', payload: text, value: parse(text) };
    } catch {
      return { kind: 'damaged' };
    }
  }
  return { kind: 'damaged' };
}

/** Eight lowercase hex digits at `at` as a number, or -1 (read per record: no strings made). */
export function hex8(buf: Uint8Array, at: number): number {
  let n = 0;
  for (let i = at; i < at + 8; i++) {
    const c = buf[i]!;
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}
