/**
 * Reads a tick or an observation sent as multipart/form-data with an evidence file
 * (field `evidence`): the other fields come back as strings, the file is streamed to a
 * temporary file with its SHA-256 (the xAPI attachment's sha2) and size. Refused with a
 * 4xx naming `evidence`: a type off the allow-list, content that is not what the type
 * says, an empty file, or one over the size limit. busboy, as the package upload uses.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import busboy from 'busboy';
import type { Request } from 'express';
import { HttpError, ValidationError } from '../http/errors.js';
import { safeFileName } from '../http/file-name.js';

export const EVIDENCE_FIELD = 'evidence';
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/** What evidence may be: documents, photos, short clips. Each type with its file name endings and its first bytes (magic). */
export const EVIDENCE_TYPES: Record<string, { ext: string[]; magic?: (head: Buffer) => boolean }> = {
  'application/pdf': { ext: ['.pdf'], magic: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-' },
  'image/png': { ext: ['.png'], magic: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  'image/jpeg': { ext: ['.jpg', '.jpeg'], magic: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  'image/webp': { ext: ['.webp'], magic: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP' },
  'video/mp4': { ext: ['.mp4'], magic: (h) => h.subarray(4, 8).toString('latin1') === 'ftyp' },
  'text/plain': { ext: ['.txt'], magic: (h) => !h.includes(0) },
};

export interface EvidenceUpload {
  tmpPath: string;
  filename: string;
  contentType: string;
  bytes: number;
  sha2: string;
}

export interface EvidenceForm {
  fields: Record<string, string>;
  evidence: EvidenceUpload | null;
}

export async function discardEvidence(upload: EvidenceUpload | null | undefined): Promise<void> {
  if (upload) await fs.rm(upload.tmpPath, { force: true });
}

export async function readEvidenceForm(req: Request, tmpDir: string, maxBytes = EVIDENCE_MAX_BYTES): Promise<EvidenceForm> {
  await fs.mkdir(tmpDir, { recursive: true });
  const fields: Record<string, string> = {};
  const tmpPath = path.join(tmpDir, `${randomUUID()}.part`);
  let saved: Promise<EvidenceUpload> | null = null;
  let refused: HttpError | null = null;
  let tooLarge = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: Math.floor(maxBytes), fields: 20, fieldSize: 64 * 1024 } });
      bb.on('field', (name, value) => (fields[name] = value));
      bb.on('file', (name, stream, info) => {
        const filename = safeFileName(info.filename);
        const contentType = String(info.mimeType ?? '').toLowerCase();
        const allowed = EVIDENCE_TYPES[contentType];
        if (name !== EVIDENCE_FIELD || saved || !allowed || !allowed.ext.includes(path.extname(filename).toLowerCase())) {
          if (name === EVIDENCE_FIELD && !saved) {
            refused = new ValidationError(
              `${EVIDENCE_FIELD}: “${filename}” (${contentType || 'no type'}) is not an accepted evidence file; send PDF, PNG, JPEG, WebP, MP4 or plain text with its usual file name ending`,
              EVIDENCE_FIELD,
            );
          }
          stream.resume();
          return;
        }
        const hash = createHash('sha256');
        let bytes = 0;
        const count = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            hash.update(chunk);
            bytes += chunk.length;
            cb(null, chunk);
          },
        });
        stream.on('limit', () => (tooLarge = true));
        saved = pipeline(stream, count, createWriteStream(tmpPath)).then(() => ({ tmpPath, filename, contentType, bytes, sha2: hash.digest('hex') }));
        saved.catch(reject);
      });
      bb.on('error', reject);
      bb.on('close', resolve);
      req.pipe(bb);
    });
    if (refused) throw refused;
    if (!saved) return { fields, evidence: null };
    const upload = await (saved as Promise<EvidenceUpload>);
    if (tooLarge) throw new HttpError(413, 'too_large', `${EVIDENCE_FIELD}: the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`, EVIDENCE_FIELD);
    if (upload.bytes === 0) throw new ValidationError(`${EVIDENCE_FIELD}: the file is empty`, EVIDENCE_FIELD);
    const handle = await fs.open(tmpPath, 'r');
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0).finally(() => handle.close());
    if (!EVIDENCE_TYPES[upload.contentType]!.magic?.(head.subarray(0, bytesRead))) {
      throw new ValidationError(`${EVIDENCE_FIELD}: “${upload.filename}” is not a ${upload.contentType} file (its content says otherwise)`, EVIDENCE_FIELD);
    }
    return { fields, evidence: upload };
  } catch (err) {
    await fs.rm(tmpPath, { force: true });
    throw err;
  }
}
