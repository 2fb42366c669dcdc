/** The SSO screen's data, as GET /api/sso/admin answers it (secrets never included). */
export interface AttributeMapping {
  email: string;
  name?: string;
  employeeId?: string;
  department?: string;
  jobRole?: string;
  location?: string;
  managerEmail?: string;
  hireDate?: string;
}

export interface ProviderView {
  id: string;
  kind: 'oidc' | 'saml';
  name: string;
  enabled: boolean;
  jit: boolean;
  source: 'env' | 'admin';
  mapping: AttributeMapping;
  oidc?: { issuer: string; clientId: string; hasClientSecret: boolean };
  saml?: { entryPoint: string; idpCerts: string[]; idpIssuer?: string; logoutUrl?: string; trustEmail: boolean };
  status: { lastSignInAt?: string; lastError?: string; lastErrorAt?: string };
  urls: { start: string; redirect?: string; metadata?: string; acs?: string; slo?: string; entityId?: string };
}

export interface SsoSettings {
  ssoOnly: boolean;
  breakGlassEmails: string[];
  env: { ssoOnly: boolean; breakGlassEmails: string[] };
  saved: { ssoOnly: boolean; breakGlassEmails: string[] };
}

export interface SsoOverview {
  providers: ProviderView[];
  settings: SsoSettings;
}

/** Labels of the person fields a claim or attribute can fill. */
export const MAPPING_LABELS: Array<[keyof AttributeMapping, string]> = [
  ['email', 'Email (required)'],
  ['name', 'Full name'],
  ['employeeId', 'Employee id'],
  ['department', 'Department'],
  ['jobRole', 'Job role'],
  ['location', 'Location'],
  ['managerEmail', 'Manager’s email'],
  ['hireDate', 'Hire date'],
];

/** The body a PUT needs to save a provider as it is, with `changes` (the secret stays on the server). */
export function providerInput(p: ProviderView, changes: Partial<Pick<ProviderView, 'enabled'>> = {}): Record<string, unknown> {
  const base = { kind: p.kind, name: p.name, enabled: p.enabled, jit: p.jit, mapping: p.mapping, ...changes };
  if (p.kind === 'oidc') return { ...base, oidc: { issuer: p.oidc!.issuer, clientId: p.oidc!.clientId } };
  const { entryPoint, idpCerts, idpIssuer, logoutUrl, trustEmail } = p.saml!;
  return { ...base, saml: { entryPoint, idpCerts, trustEmail, ...(idpIssuer ? { idpIssuer } : {}), ...(logoutUrl ? { logoutUrl } : {}) } };
}
