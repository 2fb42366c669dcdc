/**
 * Chooses how to find candidate documents for a filter: the `_id` map, a secondary
 * index whose every field has equality (or $in) constraints, or a full scan. The
 * candidates are always re-checked with the full mingo query, so the planner only has
 * to be conservative, never exact.
 */
import type { Document } from '../types.js';
import type { SecondaryIndex } from './index-structure.js';
import { isPlainObject } from './values.js';

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
  if (cond instanceof RegExp) return null;
  if (!isPlainObject(cond)) return [cond];
  const keys = Object.keys(cond);
  if (keys.length === 0 || !keys.some((k) => k.startsWith('$'))) return [cond];
  if ('$eq' in cond) return cond.$eq instanceof RegExp ? null : [cond.$eq];
  if ('$in' in cond && Array.isArray(cond.$in) && !cond.$in.some((v) => v instanceof RegExp)) return cond.$in;
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
