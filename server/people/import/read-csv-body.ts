/**
 * The CSV of an import request: a `text/csv` body, or a multipart form with a `file` part
 * (and optional text fields, e.g. `mapping`). Size-limited; anything else is a 415.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import { HttpError, UnsupportedMediaTypeError, ValidationError } from '../../http/errors.js';

export const MAX_CSV_BYTES = 20 * 1024 * 1024;

export async function readCsvBody(req: Request): Promise<{ csv: string; fields: Record<string, string> }> {
  const type = req.headers['content-type'] ?? '';
  if (/^text\/(csv|plain)/i.test(type)) return { csv: await readText(req), fields: {} };
  if (/^multipart\/form-data/i.test(type)) return readMultipart(req);
  throw new UnsupportedMediaTypeError('text/csv or multipart/form-data');
}

function tooLarge(): HttpError {
  return new HttpError(413, 'too_large', `the file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB`, 'file');
}

function readText(req: Request): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_CSV_BYTES) {
        req.destroy();
        reject(tooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function readMultipart(req: Request): Promise<{ csv: string; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let csv: string | null = null;
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 10 } });
    } catch {
      return reject(new ValidationError('the multipart form is malformed', 'file'));
    }
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('file', (_name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => reject(tooLarge()));
      stream.on('end', () => (csv = Buffer.concat(chunks).toString('utf8')));
    });
    bb.on('error', () => reject(new ValidationError('the multipart form is malformed', 'file')));
    bb.on('close', () => (csv === null ? reject(new ValidationError('file: attach the CSV as the "file" part', 'file')) : resolve({ csv, fields })));
    req.pipe(bb);
  });
}
