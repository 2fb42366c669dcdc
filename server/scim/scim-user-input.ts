/**
 * Reading a SCIM User (as Okta and Entra send it, in a POST, a PUT or after a PATCH) into
 * the fields of a person. Identity providers differ in small ways, accepted here: `active`
 * as the string "False" (Entra), the manager as a bare id (Entra) or `{ value }` (Okta),
 * the email as the primary one, the work one, or the userName itself.
 */
import { ScimError } from './scim-errors.js';
import { ENTERPRISE_SCHEMA, USER_ATTRIBUTE_NAMES, USER_SCHEMA } from './scim-schemas.js';
import type { Resource } from './scim-resources.js';

export interface UserInput {
  userName: string;
  externalId?: string;
  nameParts?: Record<string, string>;
  email: string;
  name: string;
  department?: string;
  /** The work (or primary) address's locality: Entra maps `city` there. */
  location?: string;
  jobRole?: string;
  employeeId?: string;
  /** The manager as sent: an id, employee number or email (resolved by the caller); null: removed. */
  managerRef?: string | null;
  active?: boolean;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function parseActive(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  throw new ScimError(400, `active: ${JSON.stringify(v)} is not true or false`, 'invalidValue');
}

function managerOf(enterprise: Resource): string | null | undefined {
  if (!('manager' in enterprise)) return undefined;
  const m = enterprise.manager;
  if (m === null || m === '') return null;
  const ref = typeof m === 'string' ? text(m) : text(m?.value);
  return ref ?? null;
}

/** Refuse attributes the User schema does not have (a typo must not be dropped silently). */
function assertKnownAttributes(body: Resource): void {
  for (const key of Object.keys(body)) {
    if (key === ENTERPRISE_SCHEMA) {
      const ext = body[key];
      if (ext === null || typeof ext !== 'object' || Array.isArray(ext)) throw new ScimError(400, `${ENTERPRISE_SCHEMA}: must be an object`, 'invalidValue');
      for (const sub of Object.keys(ext)) if (!USER_ATTRIBUTE_NAMES.has(sub.toLowerCase())) throw new ScimError(400, `${ENTERPRISE_SCHEMA}:${sub}: not an attribute of the enterprise User extension`, 'invalidValue');
      continue;
    }
    if (!USER_ATTRIBUTE_NAMES.has(key.toLowerCase())) throw new ScimError(400, `${key}: not an attribute of the User schema`, 'invalidValue');
  }
}

export function readUser(body: unknown): UserInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ScimError(400, 'body: must be a SCIM User object', 'invalidSyntax');
  const r = body as Resource;
  if (r.schemas !== undefined && (!Array.isArray(r.schemas) || !r.schemas.includes(USER_SCHEMA))) throw new ScimError(400, `schemas: must include ${USER_SCHEMA}`, 'invalidValue');
  assertKnownAttributes(r);
  const userName = text(r.userName);
  if (!userName) throw new ScimError(400, 'userName: is required', 'invalidValue');
  if (userName.length > 320) throw new ScimError(400, 'userName: longer than 320 characters', 'invalidValue');
  const emails: Resource[] = Array.isArray(r.emails) ? r.emails.filter((e: unknown) => e && typeof e === 'object') : [];
  const primary = emails.find((e) => e.primary === true || String(e.primary).toLowerCase() === 'true') ?? emails.find((e) => String(e.type).toLowerCase() === 'work') ?? emails[0];
  const email = text(primary?.value) ?? (userName.includes('@') ? userName : undefined);
  if (!email) throw new ScimError(400, 'emails: an email address is required (in emails, or a userName that is one)', 'invalidValue');
  const nameParts = r.name && typeof r.name === 'object' ? (Object.fromEntries(Object.entries(r.name).filter(([, v]) => typeof v === 'string')) as Record<string, string>) : undefined;
  const name = text(r.displayName) ?? text(nameParts?.formatted) ?? ([nameParts?.givenName, nameParts?.familyName].filter(Boolean).join(' ') || userName);
  const enterprise: Resource = r[ENTERPRISE_SCHEMA] ?? {};
  const input: UserInput = { userName, email: email.toLowerCase(), name };
  const externalId = text(r.externalId);
  if (externalId) input.externalId = externalId;
  if (nameParts && Object.keys(nameParts).length) input.nameParts = nameParts;
  const department = text(enterprise.department);
  if (department) input.department = department;
  const addresses: Resource[] = Array.isArray(r.addresses) ? r.addresses.filter((a: unknown) => a && typeof a === 'object') : [];
  const address = addresses.find((a) => a.primary === true || String(a.primary).toLowerCase() === 'true') ?? addresses.find((a) => String(a.type).toLowerCase() === 'work') ?? addresses[0];
  const location = text(address?.locality);
  if (location) input.location = location;
  const jobRole = text(r.title);
  if (jobRole) input.jobRole = jobRole;
  const employeeId = text(enterprise.employeeNumber);
  if (employeeId) input.employeeId = employeeId;
  const managerRef = managerOf(enterprise);
  if (managerRef !== undefined) input.managerRef = managerRef;
  if (r.active !== undefined) input.active = parseActive(r.active);
  return input;
}
