/** List queries (filter, startIndex, count: RFC 7644 §3.4.2), list responses, and If-Match. */
import { ScimError } from './scim-errors.js';
import { LIST_SCHEMA, MAX_PAGE } from './scim-schemas.js';
import type { Resource } from './scim-resources.js';

export interface ListQuery {
  filter?: string;
  /** 1-based, as SCIM counts. */
  startIndex: number;
  count: number;
}

export interface ListResult {
  totalResults: number;
  resources: Resource[];
}

function integer(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n)) throw new ScimError(400, `${name}: must be an integer`, 'invalidValue');
  return n;
}

export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const filter = query.filter;
  if (filter !== undefined && typeof filter !== 'string') throw new ScimError(400, 'filter: give one filter', 'invalidFilter');
  if (query.sortBy !== undefined) throw new ScimError(400, 'sortBy: sorting is not supported (see /ServiceProviderConfig)', 'invalidValue');
  // Out-of-range values are taken as the nearest allowed one, as RFC 7644 §3.4.2.4 says.
  const startIndex = Math.max(1, integer(query.startIndex, 'startIndex') ?? 1);
  const count = Math.min(MAX_PAGE, Math.max(0, integer(query.count, 'count') ?? 100));
  return { ...(filter?.trim() ? { filter } : {}), startIndex, count };
}

export function listResponse(q: ListQuery, result: ListResult): Resource {
  return { schemas: [LIST_SCHEMA], totalResults: result.totalResults, startIndex: q.startIndex, itemsPerPage: result.resources.length, Resources: result.resources };
}

/** If-Match (RFC 7644 §3.14): a version list or `*`; weak and strong forms compare alike. */
export function assertVersion(ifMatch: string | undefined, current: string): void {
  if (!ifMatch || ifMatch.trim() === '*') return;
  const bare = (v: string) => v.trim().replace(/^W\//, '');
  if (!ifMatch.split(',').some((v) => bare(v) === bare(current))) throw new ScimError(412, `If-Match: the resource is now at version ${current}; read it again and retry`);
}
