/**
 * HTTP Basic authentication of LRS clients through passport, and the scope check each
 * route asks for.
 */
import type { RequestHandler } from 'express';
import { Passport } from 'passport';
import { BasicCredentialsStrategy } from './basic-strategy.js';
import type { CredentialService, LrsClient } from '../credentials/credential-service.js';
import { allows, type Access } from '../credentials/scopes.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import { TOKEN_KEY_PREFIX, type LaunchSession, type SessionService } from '../sessions/session-service.js';

/** Who authenticated: an LRS client, or a launch session's token (client + session). */
interface Authenticated {
  client: LrsClient;
  session?: LaunchSession;
}

export function basicAuth(credentials: CredentialService, sessions?: SessionService): RequestHandler {
  const passport = new Passport();
  passport.use(
    'xapi-basic',
    new BasicCredentialsStrategy(async (key, secret): Promise<Authenticated | null> => {
      if (sessions && key.startsWith(TOKEN_KEY_PREFIX)) return sessions.verify(key, secret);
      const client = await credentials.verify(key, secret);
      return client ? { client } : null;
    }),
  );
  const authenticate = passport.authenticate('xapi-basic', { session: false, failWithError: true });
  return (req, res, next) => {
    authenticate(req, res, (err?: unknown) => {
      const who = req.user as unknown as Authenticated | undefined;
      if (err || !who) return next(new UnauthorizedError());
      res.locals.xapi = { ...(res.locals.xapi ?? {}), client: who.client, ...(who.session && sessions ? { launch: { session: who.session, service: sessions } } : {}) };
      next();
    });
  };
}

/** 403 unless the authenticated client's scopes allow this kind of access. */
export function requireScope(access: Access): RequestHandler {
  return (req, res, next) => {
    const client = (res.locals.xapi as { client?: LrsClient } | undefined)?.client;
    if (!client) return next(new UnauthorizedError());
    next(allows(client.scopes, access, req.method) ? undefined : new ForbiddenError(`the client's scopes do not allow ${req.method} on this resource`));
  };
}
