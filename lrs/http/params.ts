/**
 * Query parameters of the xAPI resources: presence, unknown names, and the formats the
 * specification gives them (IRI, UUID, Timestamp, Agent as JSON). Every failure is a 400
 * naming the parameter.
 *
 * `validateAgent` is deliberately small (structure and exactly one Inverse Functional
 * Identifier) and lives only here, so it can be swapped for the full statement validator
 * (`lrs/statements/validate.ts`) once that exports one.
 */
import type { Account, Agent } from '../agents.js';
import { BadRequestError } from '../errors.js';

export type QueryParams = Record<string, unknown>;

/** 400 for any parameter the resource does not define (names compare case-sensitively). */
export function rejectUnknownParams(query: QueryParams, allowed: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (allowed.includes(name)) continue;
    const sameButCase = allowed.find((a) => a.toLowerCase() === name.toLowerCase());
    throw new BadRequestError(
      sameButCase ? `unknown parameter (parameter names are case-sensitive: use "${sameButCase}")` : `unknown parameter; this resource accepts ${allowed.join(', ')}`,
      name,
    );
  }
}

/** The parameter's single string value, or undefined when absent. Repeated parameters are refused. */
export function optionalParam(query: QueryParams, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new BadRequestError(Array.isArray(v) ? 'must be given once' : 'must be a string', name);
  return v;
}

export function requiredParam(query: QueryParams, name: string): string {
  const v = optionalParam(query, name);
  if (v === undefined || v === '') throw new BadRequestError('is required', name);
  return v;
}

/** An IRI as xAPI uses them: a scheme, a colon, and no whitespace. */
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;

export function isIri(v: unknown): v is string {
  return typeof v === 'string' && IRI.test(v);
}

export function iriParam(query: QueryParams, name: string): string {
  const v = requiredParam(query, name);
  if (!isIri(v)) throw new BadRequestError(`must be an IRI (with a scheme), got "${v}"`, name);
  return v;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID, normalised to lower case (UUIDs compare case-insensitively). */
export function optionalUuidParam(query: QueryParams, name: string): string | undefined {
  const v = optionalParam(query, name);
  if (v === undefined) return undefined;
  if (!UUID.test(v)) throw new BadRequestError(`must be a UUID, got "${v}"`, name);
  return v.toLowerCase();
}

/** ISO 8601 date-time with a time zone (Z or ±hh:mm), as xAPI Timestamps are. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

export function optionalTimestampParam(query: QueryParams, name: string): Date | undefined {
  const v = optionalParam(query, name);
  if (v === undefined) return undefined;
  const ms = TIMESTAMP.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw new BadRequestError(`must be an ISO 8601 timestamp with a time zone, got "${v}"`, name);
  return new Date(ms);
}

/** Parse a parameter that carries JSON. */
export function jsonParam(query: QueryParams, name: string): unknown {
  const v = requiredParam(query, name);
  try {
    return JSON.parse(v) as unknown;
  } catch {
    throw new BadRequestError('must be valid JSON', name);
  }
}

/** The `agent` parameter: JSON, and a valid Agent (or, when allowed, an identified Group). */
export function agentParam(query: QueryParams, name: string, opts: { allowGroup?: boolean } = {}): Agent {
  return validateAgent(jsonParam(query, name), name, opts);
}

const AGENT_KEYS = new Set(['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account']);
const IFIS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const MBOX = /^mailto:[^\s@]+@[^\s@]+$/;
const SHA1 = /^[0-9a-f]{40}$/i;

/**
 * Structural check of an Agent (or identified Group): known properties only, no nulls,
 * `objectType` Agent (or Group), and exactly one well-formed IFI. Members of a Group are
 * not inspected: documents are keyed by the Group's own IFI.
 */
export function validateAgent(value: unknown, field: string, opts: { allowGroup?: boolean } = {}): Agent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequestError('must be a JSON object (an Agent)', field);
  const a = value as Record<string, unknown>;
  const isGroup = a.objectType === 'Group';
  if (a.objectType !== undefined && a.objectType !== 'Agent' && !(isGroup && opts.allowGroup)) {
    throw new BadRequestError(`objectType must be "Agent"${opts.allowGroup ? ' or "Group"' : ''}`, `${field}.objectType`);
  }
  for (const [k, v] of Object.entries(a)) {
    if (!AGENT_KEYS.has(k) && !(isGroup && k === 'member')) throw new BadRequestError('is not an Agent property', `${field}.${k}`);
    if (v === null) throw new BadRequestError('must not be null', `${field}.${k}`);
  }
  if (a.name !== undefined && typeof a.name !== 'string') throw new BadRequestError('must be a string', `${field}.name`);
  if (a.member !== undefined && !Array.isArray(a.member)) throw new BadRequestError('must be an array', `${field}.member`);
  const present = IFIS.filter((k) => a[k] !== undefined);
  if (present.length !== 1) {
    throw new BadRequestError(
      present.length === 0 ? 'must have an inverse functional identifier (mbox, mbox_sha1sum, openid or account)' : `must have exactly one inverse functional identifier, found ${present.join(', ')}`,
      field,
    );
  }
  if (a.mbox !== undefined && !(typeof a.mbox === 'string' && MBOX.test(a.mbox))) throw new BadRequestError('must be a "mailto:" IRI', `${field}.mbox`);
  if (a.mbox_sha1sum !== undefined && !(typeof a.mbox_sha1sum === 'string' && SHA1.test(a.mbox_sha1sum))) {
    throw new BadRequestError('must be a SHA-1 hex digest', `${field}.mbox_sha1sum`);
  }
  if (a.openid !== undefined && !isIri(a.openid)) throw new BadRequestError('must be an IRI', `${field}.openid`);
  if (a.account !== undefined) validateAccount(a.account, `${field}.account`);
  return a as Agent;
}

function validateAccount(value: unknown, field: string): Account {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BadRequestError('must be an object', field);
  const acc = value as Record<string, unknown>;
  for (const k of Object.keys(acc)) if (k !== 'homePage' && k !== 'name') throw new BadRequestError('is not an account property', `${field}.${k}`);
  if (!isIri(acc.homePage)) throw new BadRequestError('must be an IRL', `${field}.homePage`);
  if (typeof acc.name !== 'string' || acc.name === '') throw new BadRequestError('must be a non-empty string', `${field}.name`);
  return acc as unknown as Account;
}
