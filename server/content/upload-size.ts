/** The upload size limit, as the 413 both checks answer: the declared length and the streamed bytes. */
import type { Request, Response } from 'express';
import { HttpError } from '../http/errors.js';

/** Room for the form around the file (boundaries, part headers, the few small fields). */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

export function uploadTooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'too_large', `The upload is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`, 'file');
}

/**
 * Refuse an upload whose Content-Length is over the limit before reading any of it (the
 * streaming limit in saveUpload still covers chunked uploads, which declare no length).
 * The connection is closed after the answer, so the client's body is not read either.
 */
export function refuseDeclaredOversize(req: Request, res: Response, maxBytes: number): void {
  const declared = Number(req.headers['content-length']);
  if (!Number.isFinite(declared) || declared <= maxBytes + FORM_OVERHEAD_BYTES) return;
  res.setHeader('Connection', 'close');
  throw uploadTooLarge(maxBytes);
}
