/**
 * Every response carries `X-Experience-API-Version`; every request except `/about` must
 * send a supported one (400 otherwise), which picks the rule set for the request.
 */
import type { RequestHandler } from 'express';
import { negotiateVersion } from '../version.js';

export const versionResponseHeader: RequestHandler = (req, res, next) => {
  const asked = req.get('x-experience-api-version');
  res.set('X-Experience-API-Version', asked && /^2\.0/.test(asked.trim()) ? '2.0.0' : '1.0.3');
  next();
};

export const requireVersion: RequestHandler = (req, res, next) => {
  try {
    const version = negotiateVersion(req.get('x-experience-api-version'));
    res.locals.xapi = { ...(res.locals.xapi ?? {}), version };
    next();
  } catch (err) {
    next(err);
  }
};
