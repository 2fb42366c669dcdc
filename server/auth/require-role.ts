/**
 * Route guards. Every route names what it requires: `requireUser` for any signed-in
 * person, `requireRole(...)` for any of the listed roles, `publicRoute` where no login is needed.
 */
import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../http/errors.js';
import { hasRole } from '../people/user-service.js';
import type { Role } from '../people/roles.js';
import './user-type.js';

export const publicRoute: RequestHandler = (_req, _res, next) => next();

export const requireUser: RequestHandler = (req, _res, next) => {
  next(req.user ? undefined : new UnauthenticatedError());
};

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) return next(new UnauthenticatedError());
    next(hasRole(req.user, ...roles) ? undefined : new ForbiddenError(`Requires one of the roles: ${roles.join(', ')}`));
  };
}
