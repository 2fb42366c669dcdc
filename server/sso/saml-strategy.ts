/**
 * SAML 2.0 through @node-saml/passport-saml. The library checks the XML signature (and
 * refuses signature wrapping), requires a signed assertion, and checks audience,
 * recipient, issuer and time conditions; we add the replay check (assertion ids in the
 * store, see assertion-cache.ts) and read the attributes through the provider's mapping.
 */
import { Strategy as SamlStrategy, type CacheProvider, type Profile } from '@node-saml/passport-saml';
import type { Provider } from './provider-types.js';
import { strategyName } from './oidc-strategy.js';

export const SAML_CLOCK_SKEW_MS = 60_000;

export interface SamlUrls {
  /** Our entity id: the SP metadata URL, stable for the provider's life. */
  entityId: string;
  acs: string;
  slo: string;
}

export function samlUrls(publicUrl: string, providerId: string): SamlUrls {
  const base = `${publicUrl}/auth/saml/${encodeURIComponent(providerId)}`;
  return { entityId: `${base}/metadata`, acs: `${base}/acs`, slo: `${base}/slo` };
}

/** The assertion's id and how long a replay of it must be remembered. */
export function assertionFacts(profile: Profile, now: Date): { id: string | null; expiresAt: Date } {
  const doc = profile.getAssertion?.() as { Assertion?: { $?: { ID?: string }; Conditions?: Array<{ $?: { NotOnOrAfter?: string } }> } } | undefined;
  const id = doc?.Assertion?.$?.ID ?? null;
  const notOnOrAfter = Date.parse(doc?.Assertion?.Conditions?.[0]?.$?.NotOnOrAfter ?? '');
  // Kept past the assertion's own end by the skew the library tolerates; a day when it has none.
  const expiresAt = new Date((Number.isNaN(notOnOrAfter) ? now.getTime() + 86_400_000 : notOnOrAfter) + SAML_CLOCK_SKEW_MS);
  return { id, expiresAt };
}

type AssertionDoc = {
  Assertion?: { Subject?: Array<{ SubjectConfirmation?: Array<{ SubjectConfirmationData?: Array<{ $?: { Recipient?: string } }> }> }> };
};

/**
 * The recipients the (signed) assertion names. node-saml checks audience and times but not
 * the bearer confirmation's Recipient, which SAML's Web SSO profile requires to be our ACS.
 */
export function assertionRecipients(profile: Profile): string[] {
  const doc = profile.getAssertion?.() as AssertionDoc | undefined;
  return (doc?.Assertion?.Subject ?? []).flatMap((s) => (s.SubjectConfirmation ?? []).flatMap((c) => (c.SubjectConfirmationData ?? []).map((d) => d.$?.Recipient ?? '')));
}

/** Our signing key and certificate (PEM), when SAML_SP_KEY_FILE / SAML_SP_CERT_FILE are set. */
export interface SpSigning {
  privateKey: string;
  cert: string;
}

export function samlStrategy(
  provider: Provider,
  urls: SamlUrls,
  cacheProvider: CacheProvider,
  signing: SpSigning | undefined,
  verify: (profile: Profile) => Promise<unknown>,
  logoutVerify: (profile: Profile) => Promise<unknown>,
): SamlStrategy {
  const s = provider.saml!;
  const wrap = (fn: (p: Profile) => Promise<unknown>) => (profile: Profile | null, done: (err: Error | null, user?: Record<string, unknown>) => void) => {
    if (!profile) return done(new Error('the identity provider sent no profile'));
    fn(profile).then((user) => done(null, user as Record<string, unknown>), (err: Error) => done(err));
  };
  return new SamlStrategy(
    {
      name: strategyName(provider.id),
      entryPoint: s.entryPoint,
      idpCert: s.idpCerts,
      ...(s.idpIssuer ? { idpIssuer: s.idpIssuer } : {}),
      issuer: urls.entityId,
      audience: urls.entityId,
      callbackUrl: urls.acs,
      ...(s.logoutUrl ? { logoutUrl: s.logoutUrl, logoutCallbackUrl: urls.slo } : {}),
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
      // IdP-initiated sign-in has no InResponseTo; one that has must be ours (any process: store-backed).
      validateInResponseTo: 'ifPresent' as never,
      cacheProvider,
      requestIdExpirationPeriodMs: 10 * 60_000,
      identifierFormat: null,
      disableRequestedAuthnContext: true,
      passReqToCallback: false,
      // With a key, AuthnRequests and LogoutRequests are signed (Okta's SLO requires it).
      ...(signing ? { privateKey: signing.privateKey, publicCert: signing.cert, signatureAlgorithm: 'sha256' as const } : {}),
    },
    wrap(verify),
    wrap(logoutVerify),
  );
}
