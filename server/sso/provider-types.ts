/**
 * Identity providers as plain data. A provider is OIDC or SAML; the one configured by
 * environment (OIDC_*) is read-only and has the id `env-oidc`.
 */
import type { AttributeMapping } from '#contract/sso.js';

export type { AttributeMapping, ProviderStatus } from '#contract/sso.js';

export type ProviderKind = 'oidc' | 'saml';

export const MAPPED_FIELDS = ['email', 'name', 'employeeId', 'department', 'jobRole', 'location', 'managerEmail', 'hireDate'] as const;

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Never sent to the browser (see publicView). */
  clientSecret?: string;
}

export interface SamlSettings {
  /** The IdP's single sign-on URL (HTTP-Redirect binding). */
  entryPoint: string;
  /** The IdP's signing certificates (PEM bodies or full PEM). */
  idpCerts: string[];
  /** The IdP's entity id; when set, a response from another issuer is refused. */
  idpIssuer?: string;
  /** The IdP's single logout URL, when it offers SLO. */
  logoutUrl?: string;
  /** Whether the IdP's email attribute may be trusted for linking to an existing person. */
  trustEmail: boolean;
}

export interface Provider {
  id: string;
  kind: ProviderKind;
  name: string;
  enabled: boolean;
  /** Create people on their first sign-in (just in time). */
  jit: boolean;
  mapping: AttributeMapping;
  oidc?: OidcSettings;
  saml?: SamlSettings;
  /** `env`: from environment variables, read-only on the screen. */
  source: 'env' | 'admin';
  updatedAt: string;
}
