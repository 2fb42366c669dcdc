/**
 * What the SSO screen may change: providers (add, edit, enable/disable), the attribute
 * mapping, JIT, SSO-only mode and its break-glass admins. Secrets are write-only: the
 * views never carry a client secret, and an edit that leaves it out keeps the old one.
 */
import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors.js';
import type { UserModel } from '../people/user-model.js';
import { fetchIdpMetadata, parseIdpMetadata } from './idp-metadata.js';
import { ENV_PROVIDER_ID } from './provider-store.js';
import type { ProviderView, SsoOverview } from '#contract/sso.js';
import type { Provider, ProviderStatus } from './provider-types.js';
import { samlUrls } from './saml-strategy.js';
import type { Sso } from './sso-service.js';

const attr = z.string().trim().max(300).optional().transform((v) => v || undefined);
export const mappingSchema = z.object({
  email: z.string().trim().min(1, 'is required').max(300),
  name: attr,
  employeeId: attr,
  department: attr,
  jobRole: attr,
  location: attr,
  managerEmail: attr,
  hireDate: attr,
});

const base = {
  name: z.string().trim().min(1, 'is required').max(100),
  enabled: z.boolean().default(true),
  jit: z.boolean().default(false),
};

export const providerInputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('oidc'),
    ...base,
    mapping: mappingSchema.prefault({ email: 'email', name: 'name' }),
    oidc: z.object({
      issuer: z.string().url('must be the issuer URL'),
      clientId: z.string().trim().min(1, 'is required').max(300),
      /** Left out on an edit: the saved secret stays. */
      clientSecret: z.string().min(1).max(1000).optional(),
    }),
  }),
  z.object({
    kind: z.literal('saml'),
    ...base,
    mapping: mappingSchema.prefault({ email: 'email', name: 'displayName' }),
    saml: z.object({
      metadataXml: z.string().max(500_000).optional(),
      metadataUrl: z.string().url().optional(),
      entryPoint: z.string().url().optional(),
      idpCerts: z.array(z.string().trim().min(100, 'is not a certificate').max(20_000)).max(5).optional(),
      idpIssuer: z.string().trim().max(500).optional(),
      logoutUrl: z.string().url().optional(),
      trustEmail: z.boolean().default(false),
    }),
  }),
]);
export type ProviderInput = z.infer<typeof providerInputSchema>;

export const newProviderSchema = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'must be 2–40 lower-case letters, digits or dashes') });

export const settingsSchema = z.object({
  ssoOnly: z.boolean(),
  breakGlassEmails: z.array(z.string().trim().toLowerCase().email('must be email addresses')).max(20),
});

export type { ProviderView } from '#contract/sso.js';

export function providerView(p: Provider, status: ProviderStatus | undefined, publicUrl: string): ProviderView {
  const { oidc, ...rest } = p;
  const enc = encodeURIComponent(p.id);
  const urls: ProviderView['urls'] = { start: `${publicUrl}/auth/sso/${enc}` };
  if (p.kind === 'oidc') urls.redirect = `${publicUrl}/auth/sso/${enc}/callback`;
  else {
    const s = samlUrls(publicUrl, p.id);
    Object.assign(urls, { metadata: s.entityId, entityId: s.entityId, acs: s.acs, slo: s.slo });
  }
  return { ...rest, ...(oidc ? { oidc: { issuer: oidc.issuer, clientId: oidc.clientId, hasClientSecret: !!oidc.clientSecret } } : {}), status: status ?? {}, urls };
}

export function createProviderAdmin(sso: Sso, users: UserModel, publicUrl: string) {
  async function views(): Promise<ProviderView[]> {
    const [all, statuses] = await Promise.all([sso.providers.list(), sso.providers.statuses()]);
    return all.map((p) => providerView(p, statuses.get(p.id), publicUrl));
  }

  async function toProvider(id: string, input: ProviderInput, existing: Provider | null): Promise<Omit<Provider, 'source' | 'updatedAt'>> {
    const common = { id, kind: input.kind, name: input.name, enabled: input.enabled, jit: input.jit, mapping: input.mapping };
    if (input.kind === 'oidc') {
      const clientSecret = input.oidc.clientSecret ?? existing?.oidc?.clientSecret;
      if (!clientSecret) throw new ValidationError('oidc.clientSecret: is required', 'oidc.clientSecret');
      return { ...common, oidc: { issuer: input.oidc.issuer, clientId: input.oidc.clientId, clientSecret } };
    }
    const s = input.saml;
    const fromMetadata = s.metadataXml ? parseIdpMetadata(s.metadataXml, 'saml.metadataXml') : s.metadataUrl ? await fetchIdpMetadata(s.metadataUrl) : null;
    const entryPoint = s.entryPoint ?? fromMetadata?.entryPoint ?? existing?.saml?.entryPoint;
    const idpCerts = s.idpCerts?.length ? s.idpCerts : (fromMetadata?.idpCerts ?? existing?.saml?.idpCerts);
    if (!entryPoint) throw new ValidationError('saml.entryPoint: is required (or give the IdP metadata)', 'saml.entryPoint');
    if (!idpCerts?.length) throw new ValidationError('saml.idpCerts: the IdP signing certificate is required (or give the IdP metadata)', 'saml.idpCerts');
    const idpIssuer = s.idpIssuer ?? fromMetadata?.idpIssuer;
    const logoutUrl = s.logoutUrl ?? fromMetadata?.logoutUrl;
    return { ...common, saml: { entryPoint, idpCerts, trustEmail: s.trustEmail, ...(idpIssuer ? { idpIssuer } : {}), ...(logoutUrl ? { logoutUrl } : {}) } };
  }

  return {
    async overview(): Promise<SsoOverview> {
      return { providers: await views(), settings: await sso.settings.get() };
    },
    async create(id: string, input: ProviderInput): Promise<ProviderView> {
      if (id === ENV_PROVIDER_ID || (await sso.providers.get(id))) throw new ConflictError(`id: a provider with the id ${id} exists already`, 'id');
      const saved = await sso.providers.save(await toProvider(id, input, null));
      return providerView(saved, undefined, publicUrl);
    },
    async update(id: string, input: ProviderInput): Promise<ProviderView> {
      const existing = await sso.providers.get(id);
      if (!existing) throw new NotFoundError('Provider');
      if (existing.source === 'env') throw new ForbiddenError('This provider comes from environment variables (OIDC_*); change them on the server.');
      if (existing.kind !== input.kind) throw new ValidationError('kind: a provider cannot change its protocol; add a new one', 'kind');
      const saved = await sso.providers.save(await toProvider(id, input, existing));
      return providerView(saved, (await sso.providers.statuses()).get(id), publicUrl);
    },
    /** Read pasted IdP metadata or a metadata URL (to fill the form before saving). */
    async readMetadata(input: { metadataXml?: string; metadataUrl?: string }) {
      if (input.metadataXml) return parseIdpMetadata(input.metadataXml);
      if (input.metadataUrl) return fetchIdpMetadata(input.metadataUrl);
      throw new ValidationError('metadataXml: give the metadata XML or its URL', 'metadataXml');
    },
    /**
     * SSO-only mode needs a way in for when the IdP fails: at least one break-glass email
     * of an active admin, and an enabled provider for everyone else.
     */
    async saveSettings(input: z.infer<typeof settingsSchema>) {
      const current = await sso.settings.get();
      const emails = [...new Set([...current.env.breakGlassEmails, ...input.breakGlassEmails])];
      if (input.ssoOnly && !current.env.ssoOnly) {
        const admins = await users.countDocuments({ email: { $in: emails }, roles: 'admin', active: true });
        if (!admins) throw new ValidationError('breakGlassEmails: name at least one active admin who keeps a password before turning SSO-only on', 'breakGlassEmails');
        if (!(await sso.providers.list()).some((p) => p.enabled)) throw new ValidationError('ssoOnly: add and enable a provider before turning SSO-only on', 'ssoOnly');
      }
      return sso.settings.save(input);
    },
  };
}
