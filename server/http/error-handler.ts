/**
 * The one place errors become HTTP responses: `{ error: { code, message, field? } }`.
 * Unknown errors are logged and answered with a generic 500 that leaks nothing.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { storeFailure } from '../store/store-errors.js';
import { isDuplicateKeyError } from '../store/types.js';
import { HttpError, TooManyAttemptsError } from './errors.js';

export interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: unknown };
}

export function errorBody(err: HttpError): ErrorBody {
  const error: ErrorBody['error'] = { code: err.code, message: err.message };
  if (err.field) error.field = err.field;
  if (err.details !== undefined) error.details = err.details;
  return { error };
}

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: `No route for ${req.method} ${req.path}` } });
  };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const store = storeFailure(err);
    if (store) {
      logger.warn({ err, method: req.method, url: req.originalUrl }, 'the store refused a request');
      res.status(store.status).json({ error: { code: store.code, message: store.message } });
      return;
    }
    const known = toHttpError(err);
    if (known) {
      if (known instanceof TooManyAttemptsError) res.set('Retry-After', String(known.retryAfterSeconds));
      res.status(known.status).json(errorBody(known));
      return;
    }
    logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on our side' } });
  };
}

const STATUS_CODES: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large', 415: 'unsupported_media_type' };

/** Errors raised by libraries (and the LRS's named errors), translated to ours. */
function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  const e = err as { type?: string; status?: number; code?: string; message?: string; keyValue?: Record<string, unknown> };
  if (e?.type === 'entity.parse.failed') return new HttpError(400, 'invalid_json', 'Request body is not valid JSON', 'body');
  if (e?.type === 'entity.too.large') return new HttpError(413, 'too_large', 'Request body is too large', 'body');
  if (e?.code === 'EBADCSRFTOKEN') return new HttpError(403, 'csrf', 'Missing or invalid CSRF token', 'X-CSRF-Token');
  if (isDuplicateKeyError(err)) {
    const field = Object.keys(e.keyValue ?? {})[0];
    return new HttpError(409, 'conflict', field ? `${field} is already in use` : 'Duplicate value', field);
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return new HttpError(e.status, STATUS_CODES[e.status] ?? 'bad_request', e.message ?? 'Bad request');
  }
  return null;
}
