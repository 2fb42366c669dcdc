/**
 * Every response carries `X-Experience-API-Version`; every request except `/about` must
 * send a supported one (400 otherwise), which picks the rule set for the request.
 *
 * The response names 1.0.3 to a request speaking 1.0.x and 2.0.0 to one speaking 2.0.
 * A request that names no (or an unusable) version is answered in the version its
 * client last spoke, so a 1.0.3 client's malformed request gets a 1.0.3 answer; with no
 * history, in our newest version.
 */
import type { RequestHandler } from 'express';
import type { LrsClient } from '../credentials/credential-service.js';
import { negotiateVersion, type XapiVersion } from '../version.js';

const NEWEST: XapiVersion = '2.0.0';
/** Bounded: forget everything rather than grow without limit. */
const MAX_REMEMBERED_CLIENTS = 10_000;

function versionAsked(header: string | undefined): XapiVersion | null {
  if (!header) return null;
  const v = header.trim();
  if (/^1\.0/.test(v)) return '1.0.3';
  if (/^2\.0/.test(v)) return '2.0.0';
  return null;
}

export function createVersionMiddleware() {
  const lastSpoken = new Map<string, XapiVersion>();

  const responseHeader: RequestHandler = (req, res, next) => {
    res.set('X-Experience-API-Version', versionAsked(req.get('x-experience-api-version')) ?? NEWEST);
    next();
  };

  /** After authentication: the request's rule set, or 400 in the client's usual version. */
  const requireVersion: RequestHandler = (req, res, next) => {
    const client = (res.locals.xapi as { client?: LrsClient } | undefined)?.client;
    try {
      const version = negotiateVersion(req.get('x-experience-api-version'));
      res.locals.xapi = { ...(res.locals.xapi ?? {}), version };
      if (client && lastSpoken.get(client.key) !== version) {
        if (lastSpoken.size >= MAX_REMEMBERED_CLIENTS) lastSpoken.clear();
        lastSpoken.set(client.key, version);
      }
      next();
    } catch (err) {
      const usual = client && lastSpoken.get(client.key);
      if (usual && !versionAsked(req.get('x-experience-api-version'))) res.set('X-Experience-API-Version', usual);
      next(err);
    }
  };

  return { responseHeader, requireVersion };
}
