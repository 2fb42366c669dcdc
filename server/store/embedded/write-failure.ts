/**
 * A write the disk did not take (full, or another I/O error): never acknowledged, answered
 * 507 Insufficient Storage for a full disk and 503 otherwise (store-errors.ts), and the
 * store goes on serving reads and takes writes again once the disk does.
 */

import fs from 'node:fs';

/** Errors of a device with no room left. */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
/** LMDB's own words for them (errno text as lmdb-js reports a failed commit). */
const FULL_TEXT = /ENOSPC|No space left|Disk quota|MDB_MAP_FULL|File too large/i;

export class StoreWriteFailedError extends Error {
  /** For the HTTP error handlers (store-errors.ts). */
  readonly status: number;
  readonly storeError = true;
  constructor(cause: unknown, dir?: string) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    const text = cause instanceof Error ? cause.message : String(cause);
    const full = (code !== undefined && FULL_CODES.has(code)) || FULL_TEXT.test(text) || (dir !== undefined && nearlyFull(dir));
    super(`the store could not write to disk (${full ? 'disk full: ' : ''}${text}); the write was not made, nothing acknowledged was lost, and writes are taken again once the disk has room`);
    this.name = 'StoreWriteFailedError';
    this.status = full ? 507 : 503;
    this.cause = cause;
  }
}

/** Below this much free space a failed write is taken for a full disk. */
const FULL_BELOW_BYTES = 64 * 1024 * 1024;

/**
 * LMDB reports a write the device cut short as EIO, whatever the reason: a commit that
 * fails on a device with next to no room left is a full disk.
 */
function nearlyFull(dir: string): boolean {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize < FULL_BELOW_BYTES;
  } catch {
    return false;
  }
}
