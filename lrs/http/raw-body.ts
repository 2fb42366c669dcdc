/** Reading a request body raw, byte-exact and size-limited (documents, session preferences). */
import type { Request } from 'express';
import { PayloadTooLargeError } from '../errors.js';

/**
 * The request body, byte-exact, with its Content-Type (application/octet-stream when none
 * is sent). A body already read by earlier middleware (the alternate request syntax) is
 * taken from `req.body` when it is a Buffer or string. Over `limit` bytes: 413, after the
 * rest of the body has been drained so the client can read the answer.
 */
export async function readBody(req: Request, limit: number): Promise<{ contentType: string; content: Buffer }> {
  const contentType = req.get('content-type')?.trim() || 'application/octet-stream';
  const pre: unknown = req.body;
  let content: Buffer;
  if (Buffer.isBuffer(pre)) content = pre;
  else if (typeof pre === 'string') content = Buffer.from(pre, 'utf8');
  else content = await readStream(req, limit);
  if (content.length > limit) throw tooLarge(limit);
  return { contentType, content };
}

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`the document is larger than this LRS accepts (${limit} bytes)`);
}

function readStream(req: Request, limit: number): Promise<Buffer> {
  if (req.readableEnded) return Promise.reject(new Error('the request body was already consumed by other middleware'));
  const declared = Number(req.get('content-length'));
  // Never read: Node discards the unread body once the response is sent.
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.once('end', () => (size > limit ? reject(tooLarge(limit)) : resolve(Buffer.concat(chunks))));
    req.once('error', reject);
  });
}
