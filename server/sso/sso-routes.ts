/**
 * Single sign-on in the browser: the providers the sign-in page offers, starting a
 * sign-in, the OIDC callback, the SAML ACS, SP metadata and SAML logout. Thin: passport
 * runs the provider's strategy; sso-service.ts decides who the person is.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Strategy } from 'passport';
import type { BrowserAuth } from '../auth/browser-auth.js';
import { publicRoute } from '../auth/require-role.js';
import type { Provider } from './provider-types.js';
import { sendSignInProblem } from './refusal-page.js';
import { SsoRefusal, type Sso, type SsoSessionInfo, type SsoSignIn } from './sso-service.js';

declare module 'express-session' {
  interface SessionData {
    sso?: SsoSessionInfo;
  }
}

export function createSsoRouter(auth: BrowserAuth, sso: Sso): Router {
  const router = Router();

  router.get('/api/sso/providers', publicRoute, async (_req, res) => {
    const [all, settings] = await Promise.all([sso.providers.list(), sso.settings.get()]);
    res.json({
      ssoOnly: settings.ssoOnly,
      providers: all.filter((p) => p.enabled).map((p) => ({ id: p.id, name: p.name, kind: p.kind, startUrl: `/auth/sso/${encodeURIComponent(p.id)}` })),
    });
  });

  async function providerOr404(req: Request, res: Response, kind?: Provider['kind']): Promise<Provider | null> {
    const provider = await sso.enabled(String(req.params.id));
    if (!provider || (kind && provider.kind !== kind)) {
      sendSignInProblem(res, 404, 'Unknown sign-in', 'This single sign-on provider does not exist or is switched off.');
      return null;
    }
    return provider;
  }

  /** Build the strategy (OIDC discovery may fail: the IdP is down or misconfigured). */
  async function strategyOr502(provider: Provider, res: Response): Promise<Strategy | null> {
    try {
      return (await sso.strategyOf(provider)).strategy;
    } catch (err) {
      await sso.failed(provider, err);
      sendSignInProblem(res, 502, 'Sign-in unavailable', `${provider.name} cannot be reached right now. Try again later or ask your IT team.`);
      return null;
    }
  }

  async function start(req: Request, res: Response, next: NextFunction) {
    const provider = await providerOr404(req, res);
    if (!provider) return;
    const strategy = await strategyOr502(provider, res);
    if (strategy) auth.passport.authenticate(strategy, { session: false })(req, res, next);
  }

  /** The provider's answer: run the strategy, then start the LMS session (passport regenerates it). */
  async function finish(req: Request, res: Response, next: NextFunction, kind: Provider['kind']) {
    const provider = await providerOr404(req, res, kind);
    if (!provider) return;
    const strategy = await strategyOr502(provider, res);
    if (!strategy) return;
    auth.passport.authenticate(strategy, { session: false }, (err: unknown, result: SsoSignIn | false, info: { message?: string } | undefined) => {
      void (async () => {
        if (err instanceof SsoRefusal) {
          await sso.failed(provider, err);
          return sendSignInProblem(res, 403, 'You cannot sign in', err.message);
        }
        if (err || !result) {
          await sso.failed(provider, err ?? new Error(info?.message ?? 'the sign-in response was refused'));
          return sendSignInProblem(res, 400, 'Sign-in failed', `The answer from ${provider.name} could not be verified, so you were not signed in. Start the sign-in again; if it keeps failing, ask your IT team.`);
        }
        await new Promise<void>((resolve, reject) => req.logIn(result.person, (e) => (e ? reject(e) : resolve())));
        req.session.sso = result.sso;
        res.redirect(303, '/');
      })().catch(next);
    })(req, res, next);
  }

  router.get('/auth/sso/:id', publicRoute, start);
  router.get('/auth/sso/:id/callback', publicRoute, (req, res, next) => finish(req, res, next, 'oidc'));

  const form = express.urlencoded({ extended: false, limit: '1mb' });
  router.post('/auth/saml/:id/acs', publicRoute, form, (req, res, next) => finish(req, res, next, 'saml'));

  // Served while the provider is still disabled: the IdP admin imports it before anyone signs in.
  router.get('/auth/saml/:id/metadata', publicRoute, async (req, res) => {
    const provider = await sso.providers.get(String(req.params.id));
    if (provider?.kind !== 'saml') return sendSignInProblem(res, 404, 'Unknown provider', 'There is no SAML provider with this id.');
    res.type('application/samlmetadata+xml').send(await sso.samlMetadata(provider));
  });

  /** SAML single logout: the IdP's answer to our LogoutRequest, or its own LogoutRequest. */
  async function slo(req: Request, res: Response, next: NextFunction) {
    const provider = await providerOr404(req, res, 'saml');
    if (!provider) return;
    if (!req.query.SAMLRequest && !(req.body as { SAMLRequest?: string } | undefined)?.SAMLRequest) return res.redirect(303, '/');
    // node-saml checks a redirect-binding signature only when one is present; an unsigned
    // LogoutRequest would let anyone end a person's sessions, so it must be signed.
    if (req.method === 'GET' && !req.query.Signature) {
      await sso.failed(provider, new Error('unsigned SAML LogoutRequest refused'));
      return sendSignInProblem(res, 400, 'Sign-out refused', 'This sign-out request is not signed by the identity provider.');
    }
    const strategy = await strategyOr502(provider, res);
    if (strategy) auth.passport.authenticate(strategy, { session: false })(req, res, next);
  }
  router.get('/auth/saml/:id/slo', publicRoute, slo);
  router.post('/auth/saml/:id/slo', publicRoute, form, slo);

  return router;
}
