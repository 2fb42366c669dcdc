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

/** Field -> for each equality constraint on it, the values it allows ($and may give several). */
export type EqualityConstraints = Map<string, unknown[][]>;

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
    const lists = out.get(field);
    if (lists) lists.push(values);
    else out.set(field, [values]);
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
  const idLists = constraints.get('_id');
  const ids = idLists?.reduce((a, b) => (b.length < a.length ? b : a));
  if (ids && !ids.some(isPlainObject)) return { kind: 'ids', ids };
  let best: { index: SecondaryIndex; keys: string[]; count: number } | null = null;
  for (const index of indexes) {
    if (!index.complete) continue;
    const perField = index.fields.map((f) => constraints.get(f));
    if (perField.some((l) => l === undefined)) continue;
    // With several constraints on one field (several keys of one multikey array), any of
    // them is a correct candidate set: take the one holding the fewest documents.
    const choices = cartesian(perField as unknown[][][]);
    for (const lists of choices.slice(0, 16)) {
      const keys = cartesian(lists as unknown[][]).map((combo) => index.lookupKey(combo));
      if (keys.length > MAX_LOOKUPS) continue;
      let count = 0;
      for (const k of keys) count += index.count(k);
      if (!best || count < best.count) best = { index, keys, count };
    }
  }
  return best ? { kind: 'index', index: best.index, keys: best.keys } : { kind: 'scan' };
}

function cartesian<T>(lists: T[][]): T[][] {
  let out: T[][] = [[]];
  for (const list of lists) {
    const next: T[][] = [];
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
