/**
 * Streams a multipart upload's `file` field to disk (busboy), never holding the package
 * in memory, with a size limit. Everything else in the form comes back as fields.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { UnsupportedMediaTypeError, ValidationError } from '../http/errors.js';
import { uploadTooLarge } from './upload-size.js';

export interface SavedUpload {
  path: string;
  filename: string;
  bytes: number;
  fields: Record<string, string>;
}

export async function saveUpload(req: Request, dir: string, maxBytes: number): Promise<SavedUpload> {
  if (!req.is('multipart/form-data')) throw new UnsupportedMediaTypeError('multipart/form-data');
  await fs.mkdir(dir, { recursive: true });
  const target = path.join(dir, `${randomUUID()}.zip`);
  const fields: Record<string, string> = {};
  let saved: Promise<{ filename: string; bytes: number }> | null = null;
  let tooLarge = false;
  try {
    await new Promise<void>((resolve, reject) => {
      // Whole bytes: busboy only signals the limit when the count equals it exactly, so a
      // fractional UPLOAD_MAX_MB would truncate the file silently instead of refusing it.
      const bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: Math.floor(maxBytes), fields: 20, fieldSize: 4096 } });
      bb.on('field', (name, value) => (fields[name] = value));
      bb.on('file', (name, stream, info) => {
        if (name !== 'file') {
          stream.resume();
          return;
        }
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
        stream.on('limit', () => (tooLarge = true));
        const done = pipeline(stream, createWriteStream(target)).then(() => ({ filename: info.filename ?? 'package.zip', bytes }));
        done.catch(reject);
        saved = done;
      });
      bb.on('error', reject);
      bb.on('close', resolve);
      req.pipe(bb);
    });
    if (!saved) throw new ValidationError('file: a package zip is required', 'file');
    const { filename, bytes } = await (saved as Promise<{ filename: string; bytes: number }>);
    if (tooLarge) throw uploadTooLarge(maxBytes);
    if (bytes === 0) throw new ValidationError('file: the upload is empty', 'file');
    return { path: target, filename, bytes, fields };
  } catch (err) {
    await fs.rm(target, { force: true });
    throw err;
  }
}
