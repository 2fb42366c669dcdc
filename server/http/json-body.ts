/**
 * JSON request bodies for the LMS API: only `application/json` is accepted for
 * requests that carry a body (415 otherwise), parsed with a size limit.
 */
import express, { type RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from './errors.js';

export function jsonBody(limit = '1mb'): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || req.is('application/json')) return next();
    next(new UnsupportedMediaTypeError('application/json'));
  };
  return [requireJson, express.json({ limit, strict: true })];
}
