/**
 * Single sign-on: the providers, their passport strategies (built on demand, rebuilt when
 * a provider changes), turning a verified identity into a person (identity-resolver.ts),
 * and what single logout needs. No req/res here: routes hand the strategies to passport.
 */
import type { Profile } from '@node-saml/passport-saml';
import type * as client from 'openid-client';
import type { Strategy as PassportStrategy } from 'passport';
import type { Logger } from '../logger.js';
import type { UserModel } from '../people/user-model.js';
import type { PeopleService, User } from '../people/user-service.js';
import type { StoreDb } from '../store/types.js';
import type { StoreSessionStore } from '../auth/session-store.js';
import type { SsoSessionInfo } from '../auth/sso-session-info.js';
import { openAssertionReplayCache, storeCacheProvider } from './assertion-cache.js';
import { openIdentityLinks, type IdentityLinks } from './identity-links.js';
import { createIdentityResolver, SsoRefusal, type IdentityResolver } from './identity-resolver.js';
import { discoverOidc, oidcLogoutUrl, oidcStrategy, type OidcSignIn } from './oidc-strategy.js';
import { ENV_PROVIDER_ID, openProviderStore, type ProviderStore } from './provider-store.js';
import type { Provider } from './provider-types.js';
import { assertionFacts, assertionRecipients, samlStrategy, samlUrls, type SpSigning } from './saml-strategy.js';
import type { Strategy as SamlStrategy } from '@node-saml/passport-saml';
import { openSsoSettings, type SsoSettings, type SsoSettingsStore } from './sso-settings.js';

export type { SsoSessionInfo } from '../auth/sso-session-info.js';

export interface SsoSignIn {
  person: User;
  sso: SsoSessionInfo;
}

export interface EnvOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  emailClaim: string;
  employeeIdClaim?: string;
  displayName: string;
  jit: boolean;
}

export interface SsoDeps {
  db: StoreDb;
  people: PeopleService;
  users: UserModel;
  sessions: StoreSessionStore;
  publicUrl: string;
  envOidc?: EnvOidc;
  envSettings: SsoSettings;
  /** Our SAML signing key and certificate (PEM text), if configured. */
  samlSigning?: SpSigning;
  now: () => Date;
  logger: Logger;
}

interface Built {
  updatedAt: string;
  strategy: PassportStrategy;
  oidc?: client.Configuration;
}

export function envProviderOf(env: EnvOidc | undefined, now: Date): Provider | null {
  if (!env) return null;
  return {
    id: ENV_PROVIDER_ID,
    kind: 'oidc',
    name: env.displayName,
    enabled: true,
    jit: env.jit,
    mapping: { email: env.emailClaim, name: 'name', ...(env.employeeIdClaim ? { employeeId: env.employeeIdClaim } : {}) },
    oidc: { issuer: env.issuer, clientId: env.clientId, clientSecret: env.clientSecret },
    source: 'env',
    updatedAt: now.toISOString(),
  };
}

export async function openSso(deps: SsoDeps) {
  const providers: ProviderStore = openProviderStore(deps.db, envProviderOf(deps.envOidc, deps.now()), deps.now);
  const settings: SsoSettingsStore = openSsoSettings(deps.db, deps.envSettings);
  const links: IdentityLinks = await openIdentityLinks(deps.db);
  const replay = await openAssertionReplayCache(deps.db, deps.now);
  const resolver: IdentityResolver = createIdentityResolver({ people: deps.people, users: deps.users, links, now: deps.now });
  const built = new Map<string, Promise<Built>>();

  async function signedIn(provider: Provider, person: User): Promise<void> {
    await providers.signedIn(provider.id, deps.now());
    await deps.people.recordSignIn(person.id, deps.now());
  }

  async function verifyOidc(provider: Provider, signIn: OidcSignIn): Promise<SsoSignIn> {
    const sub = signIn.claims.sub;
    if (typeof sub !== 'string') throw new Error('the ID token has no subject');
    const person = await resolver.resolve(provider, { subject: sub, emailVerified: signIn.claims.email_verified === true, attributes: signIn.claims });
    await signedIn(provider, person);
    return { person, sso: { providerId: provider.id, ...(signIn.idToken ? { idToken: signIn.idToken } : {}) } };
  }

  async function verifySaml(provider: Provider, profile: Profile): Promise<SsoSignIn> {
    const recipients = assertionRecipients(profile);
    const acs = samlUrls(deps.publicUrl, provider.id).acs;
    if (!recipients.length || recipients.some((r) => r !== acs)) throw new Error(`SAML assertion recipient is not this ACS (${recipients.join(', ') || 'none'})`);
    const facts = assertionFacts(profile, deps.now());
    if (!facts.id) throw new SsoRefusal('invalid_assertion', 'The identity provider sent an assertion without an id.');
    if (!(await replay.firstUse(provider.id, facts.id, facts.expiresAt))) {
      throw new SsoRefusal('replayed', 'This sign-in response has been used already. Start the sign-in again.');
    }
    const person = await resolver.resolve(provider, { subject: profile.nameID, emailVerified: provider.saml!.trustEmail, attributes: profile as unknown as Record<string, unknown> });
    await signedIn(provider, person);
    const sso: SsoSessionInfo = { providerId: provider.id, nameID: profile.nameID, nameIDFormat: profile.nameIDFormat };
    for (const k of ['nameQualifier', 'spNameQualifier', 'sessionIndex'] as const) if (profile[k]) sso[k] = profile[k];
    return { person, sso };
  }

  /** The IdP asks to end a person's sessions (SAML SLO it started): all of them end here. */
  async function samlLogoutRequest(provider: Provider, profile: Profile): Promise<Record<string, unknown>> {
    const link = await links.find(provider.id, profile.nameID);
    if (link) await deps.sessions.destroyForUser(link.personId);
    return { nameID: profile.nameID };
  }

  async function build(provider: Provider): Promise<Built> {
    if (provider.kind === 'oidc') {
      const config = await discoverOidc(provider);
      const strategy = oidcStrategy(provider, config, `${deps.publicUrl}/auth/sso/${encodeURIComponent(provider.id)}/callback`, (signIn) => verifyOidc(provider, signIn));
      return { updatedAt: provider.updatedAt, strategy: strategy as unknown as PassportStrategy, oidc: config };
    }
    const cache = storeCacheProvider(deps.db, provider.id, 10 * 60_000, deps.now);
    const strategy = samlStrategy(provider, samlUrls(deps.publicUrl, provider.id), cache, deps.samlSigning, (p) => verifySaml(provider, p), (p) => samlLogoutRequest(provider, p));
    return { updatedAt: provider.updatedAt, strategy: strategy as unknown as PassportStrategy };
  }

  /** The provider's strategy, built once per version of the provider (OIDC discovery included). */
  async function strategyOf(provider: Provider): Promise<Built> {
    const cached = built.get(provider.id);
    if (cached) {
      const b = await cached.catch(() => null);
      if (b && b.updatedAt === provider.updatedAt) return b;
    }
    const next = build(provider);
    built.set(provider.id, next);
    next.catch(() => built.delete(provider.id));
    return next;
  }

  return {
    providers,
    settings,
    links,
    /** An enabled provider by id, or null. */
    async enabled(id: string): Promise<Provider | null> {
      const p = await providers.get(id);
      return p?.enabled ? p : null;
    },
    strategyOf,
    /** Note a failed sign-in on the provider's status (the admin screen shows it). */
    async failed(provider: Provider, err: unknown): Promise<void> {
      const message = err instanceof Error ? err.message : String(err);
      deps.logger.warn({ err, providerId: provider.id }, 'single sign-on failed');
      await providers.failed(provider.id, message, deps.now());
    },
    /** Where the browser goes to end its session at the provider too, or null when the provider has no single logout. */
    async logoutUrl(info: SsoSessionInfo): Promise<string | null> {
      const provider = await providers.get(info.providerId);
      if (!provider) return null;
      try {
        const b = await strategyOf(provider);
        if (b.oidc) return oidcLogoutUrl(b.oidc, info.idToken, `${deps.publicUrl}/`);
        if (!provider.saml?.logoutUrl || !info.nameID) return null;
        const saml = b.strategy as unknown as SamlStrategy;
        return await new Promise<string | null>((resolve, reject) =>
          saml.logout({ user: { ...info }, samlLogoutRequest: undefined } as never, (err, url) => (err ? reject(err) : resolve(url ?? null))),
        );
      } catch (err) {
        deps.logger.warn({ err, providerId: provider.id }, 'single logout URL could not be built; the LMS session ended anyway');
        return null;
      }
    },
    samlMetadata(provider: Provider): Promise<string> {
      return strategyOf(provider).then((b) => (b.strategy as unknown as SamlStrategy).generateServiceProviderMetadata(null, deps.samlSigning?.cert ?? null));
    },
  };
}

export type Sso = Awaited<ReturnType<typeof openSso>>;
export { SsoRefusal };
