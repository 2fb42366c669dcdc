/**
 * `/api/session`: log in (POST), who am I (GET), log out (DELETE).
 * Login answers `{ user, csrfToken }`; every later state-changing call sends the token
 * in `X-CSRF-Token`.
 */
import { Router, type Request, type Response, type NextFunction } from 'express';
import { InvalidCredentialsError, UnauthenticatedError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import { loginSchema } from '../people/user-schema.js';
import type { User } from '../people/user-service.js';
import type { BrowserAuth } from './browser-auth.js';
import { SESSION_COOKIE } from './browser-auth.js';
import type { LoginThrottle } from './login-throttle.js';
import { publicRoute, requireUser } from './require-role.js';

export function createSessionRouter(auth: BrowserAuth, throttle: LoginThrottle): Router {
  const router = Router();

  router.post('/api/session', publicRoute, ...jsonBody('16kb'), async (req, res, next) => {
    const { email } = parseInput(loginSchema, req.body);
    const ip = req.ip ?? '';
    throttle.assertAllowed(email, ip);
    const user = await authenticateLocal(auth, req, res, next);
    if (!user) {
      throttle.recordFailure(email, ip);
      throw new InvalidCredentialsError();
    }
    throttle.recordSuccess(email, ip);
    await auth.people.noteSignIn(user.id);
    // passport regenerates the session on login (no fixation); the token belongs to the new one.
    await new Promise<void>((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
    res.json({ user, csrfToken: auth.csrf.generateToken(req, true) });
  });

  router.get('/api/session', publicRoute, (req, res) => {
    if (!req.user) throw new UnauthenticatedError('Not logged in');
    res.json({ user: req.user, csrfToken: auth.csrf.generateToken(req) });
  });

  router.delete('/api/session', requireUser, async (req, res) => {
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    res.clearCookie(SESSION_COOKIE);
    res.status(204).end();
  });

  return router;
}

function authenticateLocal(auth: BrowserAuth, req: Request, res: Response, next: NextFunction): Promise<User | null> {
  return new Promise((resolve, reject) => {
    auth.passport.authenticate('local', { session: false }, (err: unknown, user: User | false) => {
      if (err) reject(err);
      else resolve(user || null);
    })(req, res, next);
  });
}
