/**
 * Snapshots: the whole store written as one file of EJSON lines. `snapshot-G.ejson`
 * holds the state before `journal-G.log`. A snapshot is written to a temporary name,
 * fsynced, then renamed, so a file with the final name is always complete.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import type { Document } from '../types.js';
import type { IndexSpec } from './index-structure.js';
import { LineEncoder } from './line-encoder.js';
import { deserialize, serialize } from './values.js';

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

/** Returns the snapshot's size in bytes. */
export async function writeSnapshot(dir: string, gen: number, images: CollectionImage[]): Promise<number> {
  const final = snapshotPath(dir, gen);
  const tmp = final + '.tmp';
  const fh = await fsp.open(tmp, 'w');
  // Each chunk is written before the next is encoded, so one buffer serves them all.
  const encoder = new LineEncoder();
  let bytes = 0;
  try {
    let count = 0;
    for (const image of images) {
      await fh.write(serialize({ collection: image.name, indexes: image.indexes }) + '\n');
      for (let i = 0; i < image.docs.length; i += CHUNK) {
        const lines = image.docs.slice(i, i + CHUNK).map((d) => serialize({ c: image.name, d }));
        await writeAll(fh, encoder.encode(lines));
        count += lines.length;
        await new Promise((r) => setImmediate(r));
      }
    }
    await fh.write(serialize({ end: true, count }) + '\n');
    await fh.datasync();
    bytes = (await fh.stat()).size;
  } finally {
    await fh.close();
  }
  await fsp.rename(tmp, final);
  await syncDir(dir);
  return bytes;
}

/** FileHandle.write may write less than asked (it does not loop as writeFile does). */
async function writeAll(fh: fsp.FileHandle, buf: Buffer): Promise<void> {
  let at = 0;
  while (at < buf.length) at += (await fh.write(buf, at, buf.length - at)).bytesWritten;
}

export interface SnapshotSink {
  collection(name: string, indexes: IndexSpec[]): void;
  document(collection: string, doc: Document): void;
}

/** Stream a snapshot into the sink; throws if the file is incomplete or corrupt. */
export async function readSnapshot(file: string, sink: SnapshotSink): Promise<void> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let ended = false;
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line) continue;
    let rec: Document;
    try {
      rec = deserialize(line);
    } catch (err) {
      throw new Error(`embedded store: corrupt snapshot ${file} at line ${lineNo}: ${String(err)}`);
    }
    if (rec.end) ended = true;
    else if (typeof rec.collection === 'string') sink.collection(rec.collection, rec.indexes as IndexSpec[]);
    else sink.document(rec.c as string, rec.d as Document);
  }
  if (!ended) throw new Error(`embedded store: snapshot ${file} is incomplete`);
}

export async function syncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
