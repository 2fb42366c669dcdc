/**
 * Snapshots: the whole store written as one file of checksummed records
 * (record-format.ts). `snapshot-G.ejson` holds the state before `journal-G.log`. A
 * snapshot is written to a temporary name, fsynced, then renamed, so a file with the final
 * name is complete when written; damage later is caught by the checksums (load.ts).
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Document } from '../types.js';
import { writeAll } from './file-writer.js';
import type { IndexSpec } from './index-structure.js';
import { RecordEncoder } from './record-encoder.js';
import { fileHeader } from './record-format.js';
import { serialize } from './values.js';

export interface CollectionImage {
  name: string;
  indexes: IndexSpec[];
  docs: Document[];
}

export function snapshotPath(dir: string, gen: number): string {
  return path.join(dir, `snapshot-${gen}.ejson`);
}

/** Lines per write: large enough to be fast, small enough to keep the event loop responsive. */
const CHUNK = 2000;

/**
 * Writes the snapshot to its temporary name and returns its size and a function that puts
 * it in place: the caller first makes sure the journal behind it is durable.
 */
export async function writeSnapshotTmp(dir: string, gen: number, images: CollectionImage[]): Promise<{ bytes: number; install: () => Promise<void>; discard: () => Promise<void> }> {
  const final = snapshotPath(dir, gen);
  const tmp = final + '.tmp';
  const fh = await fsp.open(tmp, 'w');
  // Each chunk is written before the next is encoded, so one buffer serves them all.
  const encoder = new RecordEncoder();
  let bytes = 0;
  try {
    let count = 0;
    await writeAll(fh.fd, Buffer.from(fileHeader('snapshot')));
    for (const image of images) {
      await writeAll(fh.fd, encoder.encode([serialize({ collection: image.name, indexes: image.indexes })]));
      for (let i = 0; i < image.docs.length; i += CHUNK) {
        const lines = image.docs.slice(i, i + CHUNK).map((d) => serialize({ c: image.name, d }));
        await writeAll(fh.fd, encoder.encode(lines));
        count += lines.length;
        await new Promise((r) => setImmediate(r));
      }
    }
    await writeAll(fh.fd, encoder.encode([serialize({ end: true, count })]));
    await fh.datasync();
    bytes = (await fh.stat()).size;
  } catch (err) {
    await fh.close().catch(() => {});
    await fsp.rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  return {
    bytes,
    install: async () => {
      await fsp.rename(tmp, final);
      await syncDir(dir);
    },
    discard: () => fsp.rm(tmp, { force: true }),
  };
}

export async function syncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
