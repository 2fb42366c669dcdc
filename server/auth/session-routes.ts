/**
 * `/api/session`: log in (POST), who am I (GET), log out (DELETE).
 * Login answers `{ user, csrfToken }`; every later state-changing call sends the token
 * in `X-CSRF-Token`. In SSO-only mode a password sign-in is refused (403 `sso_only`)
 * except for break-glass admins. Log out answers 204, or `{ logoutUrl }` when the person
 * came through a provider with single logout: the browser goes there to end that session too.
 */
import { Router, type Request, type Response, type NextFunction } from 'express';
import { HttpError, InvalidCredentialsError, UnauthenticatedError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import { loginSchema } from '../people/user-schema.js';
import type { User } from '../people/user-service.js';
import type { BrowserAuth } from './browser-auth.js';
import { SESSION_COOKIE } from './browser-auth.js';
import type { LoginThrottle } from './login-throttle.js';
import { publicRoute, requireUser } from './require-role.js';
import type { SsoSessionInfo } from './sso-session-info.js';

export interface SessionRouteOptions {
  /** Whether this person may use a local password (SSO-only mode). */
  passwordAllowed(person: { email: string } | { email: string; roles: readonly string[] }): Promise<boolean>;
  /** Where the browser ends its session at the identity provider too, if anywhere. */
  logoutUrl(info: SsoSessionInfo): Promise<string | null>;
}

export class SsoOnlyError extends HttpError {
  constructor() {
    super(403, 'sso_only', 'Passwords are turned off here: sign in with your company account.', 'email');
  }
}

export function createSessionRouter(auth: BrowserAuth, throttle: LoginThrottle, signedIn: (user: User) => Promise<void>, opts: SessionRouteOptions): Router {
  const router = Router();

  router.post('/api/session', publicRoute, ...jsonBody('16kb'), async (req, res, next) => {
    const { email } = parseInput(loginSchema, req.body);
    const ip = req.ip ?? '';
    // Counted before the password is checked, so parallel guesses cannot outrun the limit.
    await throttle.take(email, ip);
    // Refused before the password is checked, so SSO-only mode is no oracle for passwords.
    if (!(await opts.passwordAllowed({ email }))) throw new SsoOnlyError();
    const user = await authenticateLocal(auth, req, res, next);
    if (!user) throw new InvalidCredentialsError();
    // A break-glass email keeps its password only while it is an admin's.
    if (!(await opts.passwordAllowed(user))) throw new SsoOnlyError();
    await throttle.succeeded(email, ip);
    await signedIn(user);
    // passport regenerates the session on login (no fixation); the token belongs to the new one.
    await new Promise<void>((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
    res.json({ user, csrfToken: auth.csrf.generateToken(req, true) });
  });

  router.get('/api/session', publicRoute, (req, res) => {
    if (!req.user) throw new UnauthenticatedError('Not logged in');
    res.json({ user: req.user, csrfToken: auth.csrf.generateToken(req) });
  });

  router.delete('/api/session', requireUser, async (req, res) => {
    const sso = req.session.sso;
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    res.clearCookie(SESSION_COOKIE);
    // The LMS session has ended whatever the provider says; its logout URL is a courtesy.
    const logoutUrl = sso ? await opts.logoutUrl(sso) : null;
    if (logoutUrl) res.json({ logoutUrl });
    else res.status(204).end();
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
