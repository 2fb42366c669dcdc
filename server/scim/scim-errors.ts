/**
 * SCIM answers every 4xx in its own error schema (RFC 7644 §3.12): `status` as a string
 * and, where one applies, a `scimType`. The LMS's named errors (raised by the people
 * service) are translated here, so the SCIM routes reuse the service's refusals.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '../http/errors.js';
import { storeFailure } from '../store/store-errors.js';
import { isDuplicateKeyError } from '../store/types.js';

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimType = 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive';

export class ScimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: ScimType,
  ) {
    super(message);
    this.name = 'ScimError';
  }
}

export function scimErrorBody(status: number, detail: string, scimType?: ScimType): Record<string, unknown> {
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

function toScimError(err: unknown): ScimError | null {
  if (err instanceof ScimError) return err;
  if (err instanceof HttpError) {
    if (err.status === 409) return new ScimError(409, err.message, 'uniqueness');
    if (err.status === 400) return new ScimError(400, err.message, 'invalidValue');
    return new ScimError(err.status, err.message);
  }
  if (isDuplicateKeyError(err)) return new ScimError(409, 'a resource with this value already exists', 'uniqueness');
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === 'entity.parse.failed') return new ScimError(400, 'the request body is not valid JSON', 'invalidSyntax');
  if (e?.type === 'entity.too.large') return new ScimError(413, 'the request body is too large');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new ScimError(e.status, e.message ?? 'bad request');
  return null;
}

export function scimErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const store = storeFailure(err);
    const known = store ? new ScimError(store.status, store.message) : toScimError(err);
    if (!known) logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error in SCIM');
    const status = known?.status ?? 500;
    res.status(status).type('application/scim+json').send(JSON.stringify(scimErrorBody(status, known?.message ?? 'Something went wrong on our side', known?.scimType)));
  };
}
