/**
 * The equality constraints of a filter, field by field: what an index lookup can serve
 * (lmdb-collection.ts plans with them) and what an upsert seeds its document from. The
 * candidates are always re-checked with the full query, so this need only be
 * conservative, never exact.
 */
import type { Document } from '../types.js';
import { tupleId, type KeyPart } from './index-keys.js';
import { isPlainObject } from './values.js';

/** Most index lookups one query makes before it scans instead. */
export const MAX_LOOKUPS = 1000;

/** Field -> for each equality constraint on it, the values it allows ($and may give several). */
export type EqualityConstraints = Map<string, unknown[][]>;

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

/** Every combination taking one item of each list (stops growing past MAX_LOOKUPS). */
export function cartesian<T>(lists: T[][]): T[][] {
  let out: T[][] = [[]];
  for (const list of lists) {
    const next: T[][] = [];
    for (const prefix of out) for (const v of list) next.push([...prefix, v]);
    out = next;
    if (out.length > MAX_LOOKUPS) return out;
  }
  return out;
}

/** Key prefixes without repeats. */
export function dedupePrefixes(prefixes: KeyPart[][]): KeyPart[][] {
  const seen = new Set<string>();
  return prefixes.filter((p) => {
    const k = tupleId(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
