/**
 * Chooses how to find candidate documents for a filter: the `_id` map, a secondary
 * index whose every field has equality (or $in) constraints, or a full scan. The
 * candidates are always re-checked with the full mingo query, so the planner only has
 * to be conservative, never exact.
 */
import type { Document } from '../types.js';
import type { SecondaryIndex } from './index-structure.js';
import { isPlainObject } from './values.js';
import { sortableNumber, type KeyBounds } from './ordered-keys.js';

/** Field -> the values an equality constraint allows. */
export type EqualityConstraints = Map<string, unknown[]>;

const MAX_LOOKUPS = 1000;

export function equalityConstraints(filter: Document): EqualityConstraints {
  const out: EqualityConstraints = new Map();
  addConstraints(filter, out);
  return out;
}

function addConstraints(filter: Document, out: EqualityConstraints): void {
  for (const [field, cond] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) addConstraints(sub, out);
      continue;
    }
    if (field.startsWith('$')) continue;
    const values = allowedValues(cond);
    if (!values) continue;
    const prior = out.get(field);
    // Two constraints on one field: keep the narrower list (both are re-checked anyway).
    if (!prior || values.length < prior.length) out.set(field, values);
  }
}

function allowedValues(cond: unknown): unknown[] | null {
  // Indexes hold array elements, not whole arrays: an array value is found by a scan.
  if (cond instanceof RegExp || Array.isArray(cond)) return null;
  if (!isPlainObject(cond)) return [cond];
  const keys = Object.keys(cond);
  if (keys.length === 0 || !keys.some((k) => k.startsWith('$'))) return [cond];
  if ('$eq' in cond) return cond.$eq instanceof RegExp || Array.isArray(cond.$eq) ? null : [cond.$eq];
  if ('$in' in cond && Array.isArray(cond.$in) && !cond.$in.some((v) => v instanceof RegExp || Array.isArray(v))) return cond.$in;
  return null;
}

export type Plan =
  | { kind: 'ids'; ids: unknown[] }
  | { kind: 'index'; index: SecondaryIndex; keys: string[] }
  | { kind: 'scan' };

export function planQuery(filter: Document, indexes: Iterable<SecondaryIndex>): Plan {
  const constraints = equalityConstraints(filter);
  const ids = constraints.get('_id');
  if (ids && !ids.some(isPlainObject)) return { kind: 'ids', ids };
  let best: { index: SecondaryIndex; keys: string[] } | null = null;
  for (const index of indexes) {
    if (!index.complete) continue;
    const lists = index.fields.map((f) => constraints.get(f));
    if (lists.some((l) => l === undefined)) continue;
    const keys = cartesian(lists as unknown[][]).map((combo) => index.lookupKey(combo));
    if (keys.length > MAX_LOOKUPS) continue;
    // Prefer the index with more fields (more selective), then fewer lookups.
    if (!best || index.fields.length > best.index.fields.length || (index.fields.length === best.index.fields.length && keys.length < best.keys.length)) {
      best = { index, keys };
    }
  }
  return best ? { kind: 'index', ...best } : { kind: 'scan' };
}

function cartesian(lists: unknown[][]): unknown[][] {
  let out: unknown[][] = [[]];
  for (const list of lists) {
    const next: unknown[][] = [];
    for (const prefix of out) for (const v of list) next.push([...prefix, v]);
    out = next;
    if (out.length > MAX_LOOKUPS) return out;
  }
  return out;
}

/** How many documents a plan would examine, without looking at them. */
export function candidateCount(plan: Plan): number {
  if (plan.kind === 'ids') return plan.ids.length;
  if (plan.kind === 'scan') return Infinity;
  let n = 0;
  for (const key of plan.keys) n += plan.index.count(key);
  return n;
}

export interface OrderedWalk {
  index: SecondaryIndex;
  direction: 1 | -1;
  bounds: KeyBounds;
}

/**
 * A walk in index order serves a sort on one field when that field has a usable
 * ordered index; range conditions on the field become the walk's bounds.
 */
export function planOrderedWalk(filter: Document, sort: Record<string, 1 | -1>, indexes: Iterable<SecondaryIndex>): OrderedWalk | null {
  const fields = Object.keys(sort);
  if (fields.length !== 1) return null;
  const field = fields[0]!;
  let index: SecondaryIndex | undefined;
  for (const i of indexes) if (i.fields.length === 1 && i.fields[0] === field && i.ordered) index = i;
  if (!index) return null;
  const bounds: KeyBounds = {};
  const cond = filter[field];
  if (cond !== undefined) {
    if (!isPlainObject(cond)) return null;
    for (const [op, v] of Object.entries(cond)) {
      const n = sortableNumber(v);
      if (n === null) return null;
      if (op === '$gt') bounds.gt = Math.max(bounds.gt ?? -Infinity, n);
      else if (op === '$gte') bounds.gte = Math.max(bounds.gte ?? -Infinity, n);
      else if (op === '$lt') bounds.lt = Math.min(bounds.lt ?? Infinity, n);
      else if (op === '$lte') bounds.lte = Math.min(bounds.lte ?? Infinity, n);
      else return null;
    }
  }
  return { index, direction: sort[field]!, bounds };
}
