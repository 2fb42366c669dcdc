/**
 * Safe, streaming inspection and extraction of untrusted zip uploads.
 *
 * Why yauzl and not adm-zip: a package import must stay under 300 MB RSS for a
 * 200 MB package with 5,000 files. adm-zip reads the whole archive into one
 * Buffer (and inflates entries into memory), so its footprint grows with the
 * archive. yauzl reads the central directory and then streams each entry from
 * the file on disk through zlib, so memory stays flat whatever the archive
 * size. yauzl also supports zip64 (archives and entries above 4 GiB / 65,535
 * entries).
 *
 * Nothing in an archive is trusted:
 *  - names are decoded by us (yauzl's own name checks are bypassed with
 *    `decodeStrings: false` so that every rejection carries a rule code) and
 *    checked for traversal, absolute paths, drive letters, backslashes, NUL;
 *  - sizes in the central directory are checked against the limits before a
 *    single byte is written, and then the REAL inflated bytes are counted while
 *    streaming: an entry is stopped as soon as it inflates past its declared
 *    size, and the CRC-32 is verified at its end;
 *  - extraction goes to a temporary sibling directory that is renamed into
 *    place only when everything succeeded; on any failure it is removed, so a
 *    half-extracted tree is never visible and nothing is left behind.
 *
 * Every rejection is a `ZipRejectedError { rule, entry, message }`; I/O errors
 * of our own (ENOENT on the upload, ENOSPC, EACCES...) are rethrown as they are.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import yauzl from 'yauzl';

export type ZipRule =
  | 'path_traversal'
  | 'symlink'
  | 'too_many_files'
  | 'too_large'
  | 'entry_too_large'
  | 'compression_ratio'
  | 'encrypted'
  | 'duplicate_entry'
  | 'not_a_zip'
  | 'corrupt';

export class ZipRejectedError extends Error {
  readonly rule: ZipRule;
  /** The offending entry's name (as stored, decoded), or null for whole-archive rules. */
  readonly entry: string | null;
  constructor(rule: ZipRule, entry: string | null, message: string) {
    super(message);
    this.name = 'ZipRejectedError';
    this.rule = rule;
    this.entry = entry;
  }
  toJSON(): { rule: ZipRule; entry: string | null; message: string } {
    return { rule: this.rule, entry: this.entry, message: this.message };
  }
}

export interface ZipLimits {
  /** Sum of uncompressed sizes of all entries. */
  maxTotalBytes: number;
  /** Uncompressed size of any one entry. */
  maxEntryBytes: number;
  /** Number of entries (files and directories) in the central directory. */
  maxFiles: number;
  /** Largest uncompressed:compressed ratio allowed (per entry and for the whole archive). */
  maxRatio: number;
  /** The ratio rule applies only to entries (and totals) larger than this many uncompressed bytes. */
  ratioMinBytes: number;
}

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxTotalBytes: 2 * 1024 ** 3,
  maxEntryBytes: 1024 ** 3,
  maxFiles: 20_000,
  maxRatio: 100,
  ratioMinBytes: 4 * 1024 ** 2,
});

export interface ZipEntryInfo {
  /** Normalised relative path, '/'-separated, no leading './', no trailing '/'. */
  name: string;
  /** Declared uncompressed size (0 for directories). */
  size: number;
  /** Declared compressed size. */
  compressedSize: number;
  isDirectory: boolean;
}

export type ZipProgress = (bytesDone: number, bytesTotal: number, entriesDone: number, entriesTotal: number) => void;

interface CheckedEntry extends ZipEntryInfo {
  raw: yauzl.Entry;
  /** Name as the archive spells it, used in error reports. */
  rawName: string;
}

function resolveLimits(limits?: Partial<ZipLimits>): ZipLimits {
  const l: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...(limits ?? {}) };
  for (const [k, v] of Object.entries(l)) {
    if (typeof v !== 'number' || !(v >= 0)) throw new TypeError(`zip limit ${k} must be a non-negative number`);
  }
  return l;
}

/** Errors that are ours (file system), not the archive's: pass them through. */
function isSystemError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && typeof (err as NodeJS.ErrnoException).code === 'string'
    && /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code as string)
    && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

function toRejection(err: unknown, entry: string | null, phase: 'open' | 'read'): unknown {
  if (err instanceof ZipRejectedError || isSystemError(err)) return err;
  const msg = err instanceof Error ? err.message : String(err);
  if (/encrypt/i.test(msg)) return new ZipRejectedError('encrypted', entry, `encrypted entries are not supported: ${msg}`);
  if (phase === 'open' && /end of central directory record signature not found/i.test(msg)) {
    return new ZipRejectedError('not_a_zip', null, 'the upload is not a zip archive (no end of central directory record)');
  }
  return new ZipRejectedError('corrupt', entry, `the zip archive is corrupt: ${msg}`);
}

const DRIVE_LETTER = /^[a-zA-Z]:/;

/**
 * Validate and normalise an entry name. Returns the normalised name and whether
 * it denotes a directory. Throws ZipRejectedError('path_traversal').
 */
export function normalizeEntryName(rawName: string): { name: string; isDirectory: boolean } {
  const reject = (why: string): never => {
    throw new ZipRejectedError('path_traversal', rawName, `unsafe entry name ${JSON.stringify(rawName)}: ${why}`);
  };
  if (rawName.length === 0) reject('empty name');
  if (rawName.includes('\0')) reject('contains a NUL character');
  if (rawName.includes('\\')) reject('contains a backslash');
  if (rawName.startsWith('/')) reject('absolute path');
  if (DRIVE_LETTER.test(rawName)) reject('drive letter');
  // Control characters have no business in a package path and confuse logs and terminals.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  if (/[\u0000-\u001f\u007f]/.test(rawName)) reject('contains a control character');
  const isDirectory = rawName.endsWith('/');
  const parts = (isDirectory ? rawName.slice(0, -1) : rawName).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') reject('parent directory segment');
    if (p === '.') continue;
    if (p === '') reject('empty path segment');
    if (p.includes(':')) reject('colon in a path segment (drive letter or alternate data stream)');
    out.push(p);
  }
  if (out.length === 0) reject('names no file');
  return { name: out.join('/'), isDirectory };
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

function checkEntry(raw: yauzl.Entry, limits: ZipLimits): CheckedEntry {
  // decodeStrings: false leaves the raw name bytes; decode them ourselves (strict:
  // backslashes are kept so that we can reject them).
  const rawName = yauzl.getFileNameLowLevel(raw.generalPurposeBitFlag, raw.fileNameRaw, raw.extraFields, true);
  if (raw.fileNameRaw.includes(0)) {
    throw new ZipRejectedError('path_traversal', rawName, `unsafe entry name ${JSON.stringify(rawName)}: contains a NUL byte`);
  }
  const { name, isDirectory: slashDir } = normalizeEntryName(rawName);

  const unixType = ((raw.externalFileAttributes >>> 16) & S_IFMT);
  if (unixType === S_IFLNK) {
    throw new ZipRejectedError('symlink', rawName, `entry ${JSON.stringify(rawName)} is a symbolic link`);
  }
  if (unixType !== 0 && unixType !== S_IFREG && unixType !== S_IFDIR) {
    throw new ZipRejectedError('symlink', rawName,
      `entry ${JSON.stringify(rawName)} is a special file (mode 0o${unixType.toString(8)}), not a regular file or directory`);
  }
  const isDirectory = slashDir || unixType === S_IFDIR;

  if ((raw.generalPurposeBitFlag & 0x1) !== 0 || (raw.generalPurposeBitFlag & 0x40) !== 0) {
    throw new ZipRejectedError('encrypted', rawName, `entry ${JSON.stringify(rawName)} is encrypted`);
  }
  if (isDirectory && raw.uncompressedSize !== 0) {
    throw new ZipRejectedError('corrupt', rawName, `directory entry ${JSON.stringify(rawName)} declares content`);
  }
  if (!isDirectory && raw.compressionMethod !== 0 && raw.compressionMethod !== 8) {
    throw new ZipRejectedError('corrupt', rawName,
      `entry ${JSON.stringify(rawName)} uses unsupported compression method ${raw.compressionMethod} (only stored and deflate)`);
  }
  if (raw.compressionMethod === 0 && raw.compressedSize !== raw.uncompressedSize) {
    throw new ZipRejectedError('corrupt', rawName,
      `stored entry ${JSON.stringify(rawName)} declares ${raw.compressedSize} compressed but ${raw.uncompressedSize} uncompressed bytes`);
  }
  if (raw.uncompressedSize > limits.maxEntryBytes) {
    throw new ZipRejectedError('entry_too_large', rawName,
      `entry ${JSON.stringify(rawName)} is ${raw.uncompressedSize} bytes uncompressed; the limit is ${limits.maxEntryBytes}`);
  }
  if (raw.uncompressedSize > limits.ratioMinBytes) {
    const ratio = raw.compressedSize === 0 ? Infinity : raw.uncompressedSize / raw.compressedSize;
    if (ratio > limits.maxRatio) {
      throw new ZipRejectedError('compression_ratio', rawName,
        `entry ${JSON.stringify(rawName)} expands ${raw.compressedSize} -> ${raw.uncompressedSize} bytes (ratio ${ratio.toFixed(0)}:1); the limit is ${limits.maxRatio}:1`);
    }
  }
  return { name, isDirectory, size: raw.uncompressedSize, compressedSize: raw.compressedSize, raw, rawName };
}

interface Scan {
  zip: yauzl.ZipFile;
  entries: CheckedEntry[];
  totalBytes: number;
}

async function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(zipPath, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      // we count real bytes ourselves and report them with rule codes
      validateEntrySizes: false,
      strictFileNames: true,
    });
  } catch (err) {
    // An empty or tiny file fails before the EOCD search with other messages.
    if (!isSystemError(err)) {
      const st = await stat(zipPath).catch(() => null);
      if (st && st.size < 22) return Promise.reject(new ZipRejectedError('not_a_zip', null, 'the upload is not a zip archive (too short)'));
    }
    throw toRejection(err, null, 'open');
  }
}

/** Read the central directory, validate every entry and the totals. Leaves the zip open on success. */
async function scan(zipPath: string, limits: ZipLimits): Promise<Scan> {
  const zip = await openZip(zipPath);
  try {
    if (zip.entryCount > limits.maxFiles) {
      throw new ZipRejectedError('too_many_files', null,
        `the archive holds ${zip.entryCount} entries; the limit is ${limits.maxFiles}`);
    }
    const entries: CheckedEntry[] = [];
    // Lower-cased names (files and directories, implicit parents included) to catch
    // exact duplicates, case-insensitive clashes and file/directory clashes.
    const files = new Map<string, string>();
    const dirs = new Map<string, string>();
    let totalBytes = 0;
    let totalCompressed = 0;
    let lastName: string | null = null;
    try {
      for await (const raw of zip.eachEntry()) {
        const e = checkEntry(raw, limits);
        lastName = e.rawName;
        const key = e.name.normalize('NFC').toLowerCase();
        if (e.isDirectory) {
          const clash = files.get(key);
          if (clash !== undefined) {
            throw new ZipRejectedError('duplicate_entry', e.rawName,
              `directory ${JSON.stringify(e.rawName)} clashes with file ${JSON.stringify(clash)}`);
          }
          const prev = dirs.get(key);
          if (prev !== undefined && prev !== e.name) {
            throw new ZipRejectedError('duplicate_entry', e.rawName,
              `directory ${JSON.stringify(e.rawName)} differs only in case from ${JSON.stringify(prev)}`);
          }
        } else {
          const prev = files.get(key) ?? dirs.get(key);
          if (prev !== undefined) {
            throw new ZipRejectedError('duplicate_entry', e.rawName, prev === e.name
              ? `entry ${JSON.stringify(e.rawName)} appears more than once`
              : `entry ${JSON.stringify(e.rawName)} clashes with ${JSON.stringify(prev)} (same name ignoring case, or a directory)`);
          }
          files.set(key, e.name);
        }
        // register this entry's directories (implicit parents too)
        const segs = e.name.split('/');
        const upto = e.isDirectory ? segs.length : segs.length - 1;
        for (let i = 1; i <= upto; i++) {
          const d = segs.slice(0, i).join('/');
          const dk = d.normalize('NFC').toLowerCase();
          const f = files.get(dk);
          if (f !== undefined) {
            throw new ZipRejectedError('duplicate_entry', e.rawName,
              `entry ${JSON.stringify(e.rawName)} needs ${JSON.stringify(d)} as a directory, but it is a file (${JSON.stringify(f)})`);
          }
          const pd = dirs.get(dk);
          if (pd === undefined) dirs.set(dk, d);
          else if (pd !== d) {
            throw new ZipRejectedError('duplicate_entry', e.rawName,
              `directory ${JSON.stringify(d)} differs only in case from ${JSON.stringify(pd)}`);
          }
        }
        totalBytes += e.size;
        totalCompressed += e.compressedSize;
        if (totalBytes > limits.maxTotalBytes) {
          throw new ZipRejectedError('too_large', e.rawName,
            `the archive expands to more than ${limits.maxTotalBytes} bytes (reached at ${JSON.stringify(e.rawName)})`);
        }
        entries.push(e);
      }
    } catch (err) {
      throw toRejection(err, lastName, 'read');
    }
    if (totalBytes > limits.ratioMinBytes) {
      const ratio = totalCompressed === 0 ? Infinity : totalBytes / totalCompressed;
      if (ratio > limits.maxRatio) {
        throw new ZipRejectedError('compression_ratio', null,
          `the archive expands ${totalCompressed} -> ${totalBytes} bytes (ratio ${ratio.toFixed(0)}:1); the limit is ${limits.maxRatio}:1`);
      }
    }
    checkNoOverlap(entries, zip.fileSize);
    return { zip, entries, totalBytes };
  } catch (err) {
    zip.close();
    throw err;
  }
}

/**
 * Entries whose data overlap (the "non-recursive zip bomb" that points many
 * central directory records at the same compressed data) or that start past the
 * end of the file are corrupt. 30 bytes is the fixed part of a local header.
 */
function checkNoOverlap(entries: CheckedEntry[], fileSize: number): void {
  const sorted = [...entries].sort((a, b) => a.raw.relativeOffsetOfLocalHeader - b.raw.relativeOffsetOfLocalHeader);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    const end = e.raw.relativeOffsetOfLocalHeader + 30 + e.compressedSize;
    if (end > fileSize) {
      throw new ZipRejectedError('corrupt', e.rawName, `entry ${JSON.stringify(e.rawName)} runs past the end of the file`);
    }
    const next = sorted[i + 1];
    if (next && end > next.raw.relativeOffsetOfLocalHeader) {
      throw new ZipRejectedError('corrupt', next.rawName,
        `entries ${JSON.stringify(e.rawName)} and ${JSON.stringify(next.rawName)} overlap in the archive`);
    }
  }
}

/** List entries without extracting anything; enforces every central-directory rule. */
export async function listEntries(zipPath: string, limits?: Partial<ZipLimits>): Promise<ZipEntryInfo[]> {
  const s = await scan(zipPath, resolveLimits(limits));
  s.zip.close();
  return s.entries.map(({ name, size, compressedSize, isDirectory }) => ({ name, size, compressedSize, isDirectory }));
}

/**
 * Counts the real inflated bytes, stops as soon as they exceed the declared size,
 * and checks the count and CRC-32 at the end.
 */
class EntryGuard extends Transform {
  bytes = 0;
  private crc = 0;
  constructor(
    private readonly entry: CheckedEntry,
    private readonly cap: number,
    private readonly onBytes?: (n: number) => void,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.entry.size) {
      cb(new ZipRejectedError('corrupt', this.entry.rawName,
        `entry ${JSON.stringify(this.entry.rawName)} inflates beyond its declared size of ${this.entry.size} bytes (the header lies)`));
      return;
    }
    if (this.bytes > this.cap) {
      cb(new ZipRejectedError('entry_too_large', this.entry.rawName,
        `entry ${JSON.stringify(this.entry.rawName)} is larger than ${this.cap} bytes`));
      return;
    }
    this.crc = zlib.crc32(chunk, this.crc);
    try {
      this.onBytes?.(chunk.length);
    } catch (err) {
      cb(err as Error);
      return;
    }
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    if (this.bytes !== this.entry.size) {
      cb(new ZipRejectedError('corrupt', this.entry.rawName,
        `entry ${JSON.stringify(this.entry.rawName)} holds ${this.bytes} bytes but declares ${this.entry.size}`));
      return;
    }
    if ((this.crc >>> 0) !== (this.entry.raw.crc32 >>> 0)) {
      cb(new ZipRejectedError('corrupt', this.entry.rawName, `entry ${JSON.stringify(this.entry.rawName)} fails its CRC-32 check`));
      return;
    }
    cb();
  }
}

async function openEntryStream(zip: yauzl.ZipFile, e: CheckedEntry): Promise<Readable> {
  try {
    return await zip.openReadStreamPromise(e.raw);
  } catch (err) {
    throw toRejection(err, e.rawName, 'read');
  }
}

/** Run a pipeline and translate archive-side stream errors (zlib, truncated reads) into rejections. */
async function pump(e: CheckedEntry, ...streams: [Readable, ...NodeJS.WritableStream[]]): Promise<void> {
  try {
    await pipeline(streams as unknown as [Readable, NodeJS.WritableStream]);
  } catch (err) {
    throw toRejection(err, e.rawName, 'read');
  }
}

/**
 * Read one entry (e.g. a manifest) as UTF-8 text, at most `maxBytes` bytes.
 * Returns null when the archive has no entry of that (normalised) name.
 * A leading UTF-8 byte-order mark is removed.
 */
export async function readEntryText(zipPath: string, name: string, maxBytes: number, limits?: Partial<ZipLimits>): Promise<string | null> {
  const l = resolveLimits(limits);
  const zip = await openZip(zipPath);
  try {
    let lastName: string | null = null;
    let found: CheckedEntry | null = null;
    try {
      for await (const raw of zip.eachEntry()) {
        const rawName = yauzl.getFileNameLowLevel(raw.generalPurposeBitFlag, raw.fileNameRaw, raw.extraFields, true);
        lastName = rawName;
        // cheap pre-filter; the full check runs on the match only
        if (rawName !== name && !rawName.endsWith(name)) continue;
        const e = checkEntry(raw, l);
        if (e.name === name && !e.isDirectory) { found = e; break; }
      }
    } catch (err) {
      throw toRejection(err, lastName, 'read');
    }
    if (!found) return null;
    if (found.size > maxBytes) {
      throw new ZipRejectedError('entry_too_large', found.rawName,
        `entry ${JSON.stringify(found.rawName)} is ${found.size} bytes; at most ${maxBytes} are read`);
    }
    const src = await openEntryStream(zip, found);
    const chunks: Buffer[] = [];
    const guard = new EntryGuard(found, maxBytes);
    guard.on('data', (c: Buffer) => chunks.push(c));
    await pump(found, src, guard);
    let text = Buffer.concat(chunks).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text;
  } finally {
    zip.close();
  }
}

/** Name prefix of the temporary folder `extractZip` fills for `destDir` (a crash can leave one). */
export function partialPrefix(destDir: string): string {
  return `.${path.basename(path.resolve(destDir))}.partial-`;
}

/**
 * Extract `zipPath` into `destDir` (which must not exist yet), all or nothing.
 * Entries go to a temporary sibling directory renamed to `destDir` at the end;
 * on any failure that directory is removed and the error is rethrown.
 * Files are written 0644 and directories 0755 whatever modes the archive holds.
 * No fsync per file (speed); the caller may fsync if it needs durability.
 */
export async function extractZip(
  zipPath: string,
  destDir: string,
  limits?: Partial<ZipLimits>,
  onProgress?: ZipProgress,
): Promise<ZipEntryInfo[]> {
  const l = resolveLimits(limits);
  const dest = path.resolve(destDir);
  if (await stat(dest).then(() => true, () => false)) {
    throw new Error(`extractZip: destination ${dest} already exists`);
  }
  const parent = path.dirname(dest);
  await mkdir(parent, { recursive: true });
  const tmp = path.join(parent, `${partialPrefix(dest)}${randomBytes(6).toString('hex')}`);

  const s = await scan(zipPath, l);
  const { zip, entries, totalBytes } = s;
  try {
    await mkdir(tmp, { mode: 0o755 });
    const entriesTotal = entries.length;
    let bytesDone = 0;
    let entriesDone = 0;
    let lastReported = -1;
    const REPORT_EVERY = 1024 * 1024;
    const report = (force: boolean): void => {
      if (!onProgress) return;
      if (!force && bytesDone - lastReported < REPORT_EVERY) return;
      lastReported = bytesDone;
      onProgress(bytesDone, totalBytes, entriesDone, entriesTotal);
    };
    report(true);
    const made = new Set<string>([tmp]);
    const ensureDir = async (dir: string): Promise<void> => {
      if (made.has(dir)) return;
      await mkdir(dir, { recursive: true, mode: 0o755 });
      made.add(dir);
    };
    const rootPrefix = tmp + path.sep;
    for (const e of entries) {
      const target = path.resolve(tmp, ...e.name.split('/'));
      if (!target.startsWith(rootPrefix)) {
        // unreachable after normalizeEntryName; defence in depth
        throw new ZipRejectedError('path_traversal', e.rawName, `entry ${JSON.stringify(e.rawName)} resolves outside the destination`);
      }
      if (e.isDirectory) {
        await ensureDir(target);
      } else {
        await ensureDir(path.dirname(target));
        const src = await openEntryStream(zip, e);
        const guard = new EntryGuard(e, l.maxEntryBytes, (n) => {
          bytesDone += n;
          if (bytesDone > l.maxTotalBytes) {
            throw new ZipRejectedError('too_large', e.rawName, `the archive expands to more than ${l.maxTotalBytes} bytes`);
          }
          report(false);
        });
        // 'wx': never follow or overwrite anything already there
        await pump(e, src, guard, createWriteStream(target, { flags: 'wx', mode: 0o644 }));
      }
      entriesDone++;
      report(true);
    }
    zip.close();
    await rename(tmp, dest);
    return entries.map(({ name, size, compressedSize, isDirectory }) => ({ name, size, compressedSize, isDirectory }));
  } catch (err) {
    zip.close();
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
