/**
 * How a document is stored as an LMDB value: 4 bytes of CRC-32 (big-endian) over the
 * payload, then the payload, the document as EJSON text in UTF-8 (values.ts: keeps
 * ObjectId, Date and Binary types). LMDB checksums nothing itself, so the CRC is what
 * tells a document whose bytes changed on disk; reading one raises DocumentDamagedError
 * naming its collection and _id rather than serving wrong data.
 */
import { crc32 } from 'node:zlib';
import type { Document } from '../types.js';
import { deserialize, serialize } from './values.js';

export class DocumentDamagedError extends Error {
  /** For the HTTP error handlers (store-errors.ts): the store cannot serve this document. */
  readonly status = 503;
  readonly storeError = true;
  constructor(
    readonly collection: string,
    readonly idKey: string,
    detail: string,
  ) {
    super(`document ${idKey.slice(1)} of collection ${collection} is damaged on disk (${detail}); run \`npm run store:check\`, then \`npm run store:recover\` or restore a backup`);
    this.name = 'DocumentDamagedError';
  }
}

export function encodeDocument(doc: Document): Buffer {
  const text = serialize(doc);
  const out = Buffer.allocUnsafe(4 + Buffer.byteLength(text));
  const end = 4 + out.write(text, 4, 'utf8');
  out.writeUInt32BE(crc32(out.subarray(4, end)), 0);
  return out.subarray(0, end);
}

/** Whether a stored value's checksum holds, without parsing it. */
export function intact(value: Buffer): boolean {
  // By length, not byteLength: lmdb's getBinaryFast hands out a view of a larger shared buffer.
  if (value.length < 4) return false;
  return value.readUInt32BE(0) === crc32(value.subarray(4, value.length));
}

export function decodeDocument(value: Buffer, collection: string, idKey: string): Document {
  if (!intact(value)) throw new DocumentDamagedError(collection, idKey, 'checksum mismatch');
  try {
    return deserialize(value.toString('utf8', 4, value.length));
  } catch (err) {
    throw new DocumentDamagedError(collection, idKey, `unreadable: ${(err as Error).message}`);
  }
}
