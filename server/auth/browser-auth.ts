/**
 * Browser sign-in: passport's local strategy over the people service, sessions in our
 * store (HttpOnly, SameSite=Lax cookies), and synchroniser-token CSRF protection.
 * Single sign-on strategies (server/sso) run on the same Passport instance.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { csrfSync } from 'csrf-sync';
import type { PeopleService } from '../people/user-service.js';
import type { StoreSessionStore } from './session-store.js';
import './user-type.js';

export interface BrowserAuthOptions {
  people: PeopleService;
  sessionStore: StoreSessionStore;
  secret: string;
  cookieSecure: boolean;
  sessionTtlMs: number;
}

export const SESSION_COOKIE = 'lms.sid';

/** Public POSTs made before anyone is signed in (see password-routes.ts). */
const SESSIONLESS_POSTS = new Set(['/api/session', '/api/password/forgot', '/api/password/reset', '/api/password/token']);

/**
 * The IdP's SAML answers are cross-site form posts without our token: what protects them
 * is the IdP's XML signature (and InResponseTo), checked by the SAML library.
 */
const SAML_POSTS = /^\/auth\/saml\/[^/]+\/(acs|slo)$/;

/** Unload commits by sendBeacon: their CSRF token is in the body (see verifyBodyToken). */
export const BEACON_PATH = /^\/api\/attempts\/[^/]+\/cmi\/beacon$/;

export function createBrowserAuth(opts: BrowserAuthOptions) {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      opts.people.verifyCredentials(email, password).then((user) => done(null, user ?? false), done);
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: string, done) => {
    // A deactivated person's session ends at their next request.
    opts.people.get(id).then((user) => done(null, user?.active ? user : false), done);
  });

  const csrf = csrfSync({
    getTokenFromRequest: (req) => req.get('x-csrf-token'),
    // Logging in, and asking for or using a set-password link, have no session (and so no
    // token) yet; JSON-only bodies and SameSite cookies keep cross-site forms from posting them.
    skipCsrfProtection: (req) => req.method === 'POST' && (SESSIONLESS_POSTS.has(req.path) || BEACON_PATH.test(req.path) || SAML_POSTS.test(req.path)),
  });

  /**
   * The player's unload commits go by navigator.sendBeacon, which cannot send headers: the
   * beacon route (skipped above) carries the session's CSRF token in its JSON body instead,
   * checked here against the session's own.
   */
  function verifyBodyToken(req: Request, token: unknown): boolean {
    const expected = csrf.getTokenFromState(req);
    if (typeof token !== 'string' || typeof expected !== 'string' || token.length !== expected.length) return false;
    return timingSafeEqual(Buffer.from(token), Buffer.from(expected));
  }

  const sessionMiddleware: RequestHandler = session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    store: opts.sessionStore,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.cookieSecure, maxAge: opts.sessionTtlMs },
  });

  return {
    passport,
    csrf,
    verifyBodyToken,
    /** Sessions and passport for every request under the LMS (not for /xapi). */
    middleware: [sessionMiddleware, passport.initialize(), passport.session()] as RequestHandler[],
  };
}

export type BrowserAuth = ReturnType<typeof createBrowserAuth>;
