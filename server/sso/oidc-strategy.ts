/**
 * OpenID Connect through openid-client's passport Strategy: discovery from the issuer,
 * authorization code flow with PKCE, and (added here) state and nonce on every request;
 * the library checks them, the ID token's signature and its claims, with a minute of
 * clock skew tolerated.
 */
import * as client from 'openid-client';
import { Strategy, type AuthenticateOptions } from 'openid-client/passport';
import type { Request } from 'express';
import type { Provider } from './provider-types.js';

export const CLOCK_TOLERANCE_SECONDS = 60;

/** Plain HTTP is allowed for an issuer on this machine only (development, tests). */
export function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export async function discoverOidc(provider: Provider): Promise<client.Configuration> {
  const settings = provider.oidc!;
  const issuer = new URL(settings.issuer);
  return client.discovery(issuer, settings.clientId, { [client.clockTolerance]: CLOCK_TOLERANCE_SECONDS }, client.ClientSecretBasic(settings.clientSecret ?? ''), {
    execute: issuer.protocol === 'http:' && isLoopback(issuer) ? [client.allowInsecureRequests] : [],
    timeout: 10,
  });
}

/** The library sends state and nonce only when the server lacks PKCE; we want both always. */
class StateAndNonceStrategy extends Strategy {
  override authorizationRequestParams<T extends AuthenticateOptions>(req: Request, options: T): URLSearchParams {
    const params = new URLSearchParams(super.authorizationRequestParams(req, options));
    params.set('state', client.randomState());
    params.set('nonce', client.randomNonce());
    return params;
  }
}

export interface OidcSignIn {
  claims: Record<string, unknown>;
  idToken?: string;
}

/**
 * The passport strategy for one provider. `verify` gets the ID token's claims merged with
 * the userinfo endpoint's (fetched when the email claim is not in the ID token; the library
 * checks that userinfo's `sub` is the ID token's).
 */
export function oidcStrategy(
  provider: Provider,
  config: client.Configuration,
  callbackURL: string,
  verify: (signIn: OidcSignIn) => Promise<unknown>,
): Strategy {
  return new StateAndNonceStrategy(
    { config, name: strategyName(provider.id), sessionKey: `oidc:${provider.id}`, callbackURL, scope: 'openid email profile' },
    (tokens, done) => {
      (async () => {
        const idClaims = tokens.claims();
        if (!idClaims) throw new Error('the provider answered without an ID token');
        let claims: Record<string, unknown> = { ...idClaims };
        if (claims[provider.mapping.email] === undefined && tokens.access_token) {
          claims = { ...(await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...claims };
        }
        return verify({ claims, idToken: tokens.id_token });
      })().then((user) => done(null, user as Express.User), (err: unknown) => done(err));
    },
  );
}

export const strategyName = (providerId: string) => `sso-${providerId}`;

/** Where to send the browser to end the provider's session too (RP-initiated logout), if it offers it. */
export function oidcLogoutUrl(config: client.Configuration, idToken: string | undefined, returnTo: string): string | null {
  if (!config.serverMetadata().end_session_endpoint) return null;
  const params: Record<string, string> = { post_logout_redirect_uri: returnTo, client_id: config.clientMetadata().client_id };
  if (idToken) params.id_token_hint = idToken;
  return client.buildEndSessionUrl(config, params).href;
}
