/**
 * The SSO screen: GET /api/sso/admin and the provider views that its calls answer
 * (server/sso/provider-admin.ts). Secrets are never part of it: a view says only whether
 * a client secret is set.
 */
import { z } from 'zod';

/** Which claim (OIDC) or attribute (SAML) carries each person field; absent = not mapped. */
export const attributeMappingSchema = z.strictObject({
  email: z.string(),
  name: z.string().optional(),
  employeeId: z.string().optional(),
  department: z.string().optional(),
  jobRole: z.string().optional(),
  location: z.string().optional(),
  managerEmail: z.string().optional(),
  hireDate: z.string().optional(),
});
export type AttributeMapping = z.infer<typeof attributeMappingSchema>;

export const providerStatusSchema = z.strictObject({
  lastSignInAt: z.string().optional(),
  lastError: z.string().optional(),
  lastErrorAt: z.string().optional(),
});
export type ProviderStatus = z.infer<typeof providerStatusSchema>;

/** A provider as the screen sees it: no secret, with its status and the URLs to copy. */
export const providerViewSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['oidc', 'saml']),
  name: z.string(),
  enabled: z.boolean(),
  /** Create people on their first sign-in (just in time). */
  jit: z.boolean(),
  /** `env`: from environment variables, read-only on the screen. */
  source: z.enum(['env', 'admin']),
  updatedAt: z.string(),
  mapping: attributeMappingSchema,
  oidc: z.strictObject({ issuer: z.string(), clientId: z.string(), hasClientSecret: z.boolean() }).optional(),
  saml: z
    .strictObject({
      entryPoint: z.string(),
      idpCerts: z.array(z.string()),
      idpIssuer: z.string().optional(),
      logoutUrl: z.string().optional(),
      trustEmail: z.boolean(),
    })
    .optional(),
  status: providerStatusSchema,
  urls: z.strictObject({
    start: z.string(),
    redirect: z.string().optional(),
    metadata: z.string().optional(),
    acs: z.string().optional(),
    slo: z.string().optional(),
    entityId: z.string().optional(),
  }),
});
export type ProviderView = z.infer<typeof providerViewSchema>;

const settings = z.strictObject({ ssoOnly: z.boolean(), breakGlassEmails: z.array(z.string()) });

/** SSO-only mode and its break-glass admins, with what the environment fixes and what the screen saved. */
export const effectiveSsoSettingsSchema = settings.extend({ env: settings, saved: settings });
export type EffectiveSsoSettings = z.infer<typeof effectiveSsoSettingsSchema>;

export const ssoOverviewSchema = z.strictObject({
  providers: z.array(providerViewSchema),
  settings: effectiveSsoSettingsSchema,
});
export type SsoOverview = z.infer<typeof ssoOverviewSchema>;
