/**
 * Browser sign-in: passport's local strategy over the people service, sessions in our
 * store (HttpOnly, SameSite=Lax cookies), and synchroniser-token CSRF protection.
 * Another strategy (OIDC) can be added to the same Passport instance later.
 */
import type { RequestHandler } from 'express';
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
    // Logging in has no session (and so no token) yet; JSON-only bodies and SameSite
    // cookies keep cross-site forms from posting it.
    skipCsrfProtection: (req) => req.method === 'POST' && req.path === '/api/session',
  });

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
    /** Sessions and passport for every request under the LMS (not for /xapi). */
    middleware: [sessionMiddleware, passport.initialize(), passport.session()] as RequestHandler[],
  };
}

export type BrowserAuth = ReturnType<typeof createBrowserAuth>;
