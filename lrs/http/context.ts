/** What the LRS middleware learns about a request, kept on `res.locals.xapi`. */
import type { Response } from 'express';
import type { LrsClient } from '../credentials/credential-service.js';
import type { XapiVersion } from '../version.js';
import type { LaunchSession, SessionService } from '../sessions/session-service.js';

export interface XapiContext {
  version: XapiVersion;
  client: LrsClient;
  /** Set when the request authenticated with a launch-session token. */
  launch?: { session: LaunchSession; service: SessionService };
}

export function xapiContext(res: Response): XapiContext {
  const ctx = res.locals.xapi as XapiContext | undefined;
  if (!ctx) throw new Error('xAPI context missing: auth and version middleware must run first');
  return ctx;
}
