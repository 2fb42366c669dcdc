/** Import refusals as HTTP errors: the rule as the code, the offending entry named. */
import { HttpError } from '../http/errors.js';
import { ContentValidationError } from './manifest/index.js';
import { ZipRejectedError } from './zip/index.js';

const TOO_BIG = new Set(['too_large', 'entry_too_large', 'too_many_files', 'compression_ratio']);

export function contentHttpError(err: unknown): HttpError | null {
  if (err instanceof ZipRejectedError) {
    return new HttpError(TOO_BIG.has(err.rule) ? 413 : 422, err.rule, err.message, 'file', { rule: err.rule, entry: err.entry });
  }
  if (err instanceof ContentValidationError) {
    return new HttpError(422, err.rule, err.message, 'file', { rule: err.rule, entry: err.entry });
  }
  return null;
}

/** What a failed import job reports: the same rule and entry as a refused upload. */
export function importFailureReason(err: unknown): string {
  const http = contentHttpError(err);
  return http ? JSON.stringify(http.details) : err instanceof Error ? err.message : String(err);
}
