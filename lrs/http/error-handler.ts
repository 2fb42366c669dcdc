/** Errors to xAPI responses: the status from the named error, a JSON body naming the field. */
import type { ErrorRequestHandler } from 'express';
import { storeFailure } from '../../server/store/store-errors.js';
import { LrsError } from '../errors.js';

export interface LrsLogger {
  error(obj: object, msg?: string): void;
}

export function lrsErrorHandler(logger: LrsLogger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    let status = 500;
    let message = 'internal error';
    let field: string | undefined;
    let rule: string | undefined;
    const store = storeFailure(err);
    if (store) {
      // A full disk or a damaged store: say so (507/503), not a bare 500.
      ({ status, message } = store);
    } else if (err instanceof LrsError) {
      ({ status, message, field } = err);
      // Launch-session rule breaches (cmi5) name the requirement.
      const named = (err as unknown as { rule?: unknown }).rule;
      if (typeof named === 'string') rule = named;
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      // Body-parser and similar library errors (too large, aborted, bad encoding).
      status = err.status;
      message = err.message;
    } else {
      logger.error({ err, method: req.method, url: req.originalUrl }, 'xAPI request failed');
    }
    if (status === 401) res.set('WWW-Authenticate', 'Basic realm="xAPI"');
    res.status(status).json({ error: { status, message, ...(field ? { field } : {}), ...(rule ? { rule } : {}) } });
  };
}
