/**
 * Query parameters of the xAPI document, activity and agent resources: presence, unknown names, and the formats the
 * specification gives them (IRI, UUID, Timestamp, Agent as JSON), checked by the same
 * rules as statements (`lrs/statements/validate.ts`). Every failure is a 400 naming the
 * parameter.
 */
import { ifiKey, type Agent } from '../agents.js';
import { BadRequestError } from '../errors.js';
import { isAbsoluteIri, isUuid, timestampMillis, validateAgent as validateStatementAgent, validateTimestamp } from '../statements/validate.js';

/** Parameters follow the 1.0.3 formats, which accept every form 2.0 does. */
const PARAM_RULES = { version: '1.0.3' } as const;

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

export function isIri(v: unknown): v is string {
  return typeof v === 'string' && isAbsoluteIri(v);
}

export function iriParam(query: QueryParams, name: string): string {
  const v = requiredParam(query, name);
  if (!isIri(v)) throw new BadRequestError(`must be an IRI (with a scheme), got "${v}"`, name);
  return v;
}

/** A UUID, normalised to lower case (UUIDs compare case-insensitively). */
export function optionalUuidParam(query: QueryParams, name: string): string | undefined {
  const v = optionalParam(query, name);
  if (v === undefined) return undefined;
  if (!isUuid(v)) throw new BadRequestError(`must be a UUID, got "${v}"`, name);
  return v.toLowerCase();
}

/** An xAPI Timestamp (ISO 8601 with a time zone). */
export function optionalTimestampParam(query: QueryParams, name: string): Date | undefined {
  const v = optionalParam(query, name);
  if (v === undefined) return undefined;
  validateTimestamp(v, name, PARAM_RULES);
  return new Date(timestampMillis(v, PARAM_RULES.version));
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

/**
 * An Agent by the statement rules, and identified: documents are keyed by the IFI, so an
 * anonymous Group cannot be one, and a Group only where the resource allows it.
 */
export function validateAgent(value: unknown, field: string, opts: { allowGroup?: boolean } = {}): Agent {
  validateStatementAgent(value, field, PARAM_RULES);
  const agent = value as Agent;
  if (agent.objectType === 'Group' && !opts.allowGroup) throw new BadRequestError('objectType must be "Agent"', `${field}.objectType`);
  if (!ifiKey(agent)) throw new BadRequestError('must have an inverse functional identifier (mbox, mbox_sha1sum, openid or account)', field);
  return agent;
}
