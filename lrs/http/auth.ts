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

export function basicAuth(credentials: CredentialService): RequestHandler {
  const passport = new Passport();
  passport.use('xapi-basic', new BasicCredentialsStrategy((key, secret) => credentials.verify(key, secret)));
  const authenticate = passport.authenticate('xapi-basic', { session: false, failWithError: true });
  return (req, res, next) => {
    authenticate(req, res, (err?: unknown) => {
      if (err || !req.user) return next(new UnauthorizedError());
      res.locals.xapi = { ...(res.locals.xapi ?? {}), client: req.user as unknown as LrsClient };
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
