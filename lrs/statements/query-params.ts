/**
 * GET /statements parameters: which request it is (one statement, a voided one, or a
 * query), each parameter checked and converted, 400 naming the parameter otherwise.
 */
import { ifiKey, type Agent } from '../agents.js';
import { BadRequestError } from '../errors.js';
import type { XapiVersion } from '../version.js';
import type { StatementFilters } from './statement-repo.js';
import { isUuid, validateAgent, validateIri, validateTimestamp, timestampMillis } from './validate.js';

export type StatementFormat = 'exact' | 'ids' | 'canonical';

export interface SingleRequest {
  kind: 'single';
  id: string;
  voided: boolean;
  format: StatementFormat;
  attachments: boolean;
}

export interface QueryRequest extends StatementFilters {
  kind: 'query';
  limit: number;
  format: StatementFormat;
  attachments: boolean;
  ascending: boolean;
}

const QUERY_PARAMS = new Set([
  'agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents',
  'since', 'until', 'limit', 'format', 'attachments', 'ascending',
]);
const SINGLE_ALLOWED = new Set(['statementId', 'voidedStatementId', 'format', 'attachments']);


export const MAX_PAGE = 500;

export function parseStatementParams(params: URLSearchParams, version: XapiVersion): SingleRequest | QueryRequest {
  for (const name of params.keys()) {
    if (name !== 'statementId' && name !== 'voidedStatementId' && !QUERY_PARAMS.has(name)) {
      throw new BadRequestError(`unknown parameter "${name}"`, name);
    }
    if (params.getAll(name).length > 1) throw new BadRequestError(`parameter "${name}" given more than once`, name);
  }
  const format = parseFormat(params.get('format'));
  const attachments = parseBoolean(params, 'attachments');
  const statementId = params.get('statementId');
  const voidedId = params.get('voidedStatementId');
  if (statementId !== null || voidedId !== null) {
    if (statementId !== null && voidedId !== null) throw new BadRequestError('give statementId or voidedStatementId, not both', 'statementId');
    const name = statementId !== null ? 'statementId' : 'voidedStatementId';
    for (const other of params.keys()) {
      if (other !== name && !SINGLE_ALLOWED.has(other)) throw new BadRequestError(`"${other}" cannot be combined with ${name}`, other);
    }
    const id = (statementId ?? voidedId)!;
    if (!isUuid(id)) throw new BadRequestError('must be a UUID', name);
    return { kind: 'single', id: id.toLowerCase(), voided: voidedId !== null, format, attachments };
  }

  const q: QueryRequest = { kind: 'query', limit: parseLimit(params.get('limit')), format, attachments, ascending: parseBoolean(params, 'ascending') };
  const agent = params.get('agent');
  if (agent !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(agent);
    } catch {
      throw new BadRequestError('must be an Agent or Group as JSON', 'agent');
    }
    validateAgent(parsed, 'agent', { version });
    const key = ifiKey(parsed as Agent);
    if (!key) throw new BadRequestError('must identify an Agent or Group (an anonymous Group cannot be queried)', 'agent');
    q.agent = { key, related: parseBoolean(params, 'related_agents') };
  } else if (params.has('related_agents')) {
    parseBoolean(params, 'related_agents');
  }
  const verb = params.get('verb');
  if (verb !== null) {
    validateIri(verb, 'verb');
    q.verb = verb;
  }
  const activity = params.get('activity');
  if (activity !== null) {
    validateIri(activity, 'activity');
    q.activity = { id: activity, related: parseBoolean(params, 'related_activities') };
  } else if (params.has('related_activities')) {
    parseBoolean(params, 'related_activities');
  }
  const registration = params.get('registration');
  if (registration !== null) {
    if (!isUuid(registration)) throw new BadRequestError('must be a UUID', 'registration');
    q.registration = registration.toLowerCase();
  }
  q.since = parseTimestamp(params.get('since'), 'since', version);
  q.until = parseTimestamp(params.get('until'), 'until', version);
  if (!q.since) delete q.since;
  if (!q.until) delete q.until;
  return q;
}

function parseFormat(v: string | null): StatementFormat {
  if (v === null) return 'exact';
  if (v === 'exact' || v === 'ids' || v === 'canonical') return v;
  throw new BadRequestError('must be "exact", "ids" or "canonical"', 'format');
}

function parseBoolean(params: URLSearchParams, name: string): boolean {
  const v = params.get(name);
  if (v === null) return false;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new BadRequestError('must be true or false', name);
}

function parseLimit(v: string | null): number {
  if (v === null) return MAX_PAGE;
  if (!/^\d+$/.test(v)) throw new BadRequestError('must be a non-negative integer', 'limit');
  const n = Number(v);
  return n === 0 || n > MAX_PAGE ? MAX_PAGE : n;
}

/** The statement validator's timestamp rules, so a query accepts every form a statement may carry. */
function parseTimestamp(v: string | null, name: string, version: XapiVersion): Date | undefined {
  if (v === null) return undefined;
  validateTimestamp(v, name, { version });
  return new Date(timestampMillis(v, version));
}
