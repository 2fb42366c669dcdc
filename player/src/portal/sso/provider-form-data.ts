/** The SSO provider form's labels and the body that saves a provider. */
import type { AttributeMapping, ProviderView } from '#contract/sso.js';

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
