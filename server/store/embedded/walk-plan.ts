/**
 * A sort on one field served by walking an index in key order (index-keys.ts), so
 * `find().sort().limit()` reads only as far as it returns. Either the index is on that
 * field alone and holds every document under one key each (complete, not sparse or
 * partial, never multikey), or it is a compound index whose leading fields all have
 * equality constraints and whose next field is the sort field (planPrefixWalks). Range conditions on the field narrow the walk to one type's stretch,
 * the way MongoDB compares only within a type; anything else is left to the matcher,
 * which checks every document walked.
 */
import type { Document } from '../types.js';
import { keyParts, TAG, type IndexDef, type KeyPart } from './index-keys.js';
import { cartesian, dedupePrefixes, equalityConstraints } from './planner.js';
import { isPlainObject } from './values.js';

export interface WalkRange {
  tag: number;
  lo?: KeyPart;
  loInclusive: boolean;
  hi?: KeyPart;
  hiInclusive: boolean;
}

export interface Walk {
  index: IndexDef;
  direction: 1 | -1;
  /** Null: the whole index (or the whole of each prefix). */
  range: WalkRange | null;
  /** Equality prefixes on the leading fields, walked together in order; [[]] for a one-field index. */
  prefixes: KeyPart[][];
}

/** Most prefixes (an $in on a leading field) walked side by side. */
const MAX_PREFIXES = 16;

export function planWalk(filter: Document, sort: Record<string, 1 | -1>, indexes: Iterable<IndexDef>): Walk | null {
  const fields = Object.keys(sort);
  if (fields.length !== 1) return null;
  const field = fields[0]!;
  let index: IndexDef | undefined;
  for (const i of indexes) if (i.fields.length === 1 && i.fields[0] === field && i.complete && !i.multikey) index = i;
  if (!index) return null;
  return { index, direction: sort[field]!, range: rangeOf(filter[field]), prefixes: [[]] };
}

/**
 * Walks of compound indexes `{ e1, ..., ek, sortField, ... }` where every e has an equality
 * (or a small $in): under each prefix the entries are in the sort field's order, so
 * `find({ keys: x }).sort({ ord: -1 }).limit(10)` reads ten entries, as MongoDB uses such an
 * index. One walk per choice when a field has several $and-ed equalities (each is a correct
 * prefix; the caller keeps the cheapest). The sort field must never have held an array; the
 * leading ones may, since a document is under any one value of them once.
 */
export function planPrefixWalks(filter: Document, sort: Record<string, 1 | -1>, indexes: Iterable<IndexDef>): Walk[] {
  const fields = Object.keys(sort);
  if (fields.length !== 1) return [];
  const field = fields[0]!;
  const constraints = equalityConstraints(filter);
  const walks: Walk[] = [];
  for (const index of indexes) {
    const at = index.fields.indexOf(field);
    if (at < 1 || !index.complete || index.isMultikeyField(field)) continue;
    const perField = index.fields.slice(0, at).map((f) => constraints.get(f));
    if (perField.some((lists) => !lists)) continue;
    for (const lists of cartesian(perField as unknown[][][]).slice(0, MAX_PREFIXES)) {
      const combos = cartesian(lists as unknown[][]);
      if (combos.length > MAX_PREFIXES) continue;
      walks.push({ index, direction: sort[field]!, range: rangeOf(filter[field]), prefixes: dedupePrefixes(combos.map((c) => index.prefixFor(c))) });
    }
  }
  return walks;
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte', '$eq']);

/** The stretch of the index a condition allows, or null to walk all of it. */
export function rangeOf(cond: unknown): WalkRange | null {
  if (cond === undefined) return null;
  if (!isPlainObject(cond) || !Object.keys(cond).some((k) => k.startsWith('$'))) return pointRange(cond);
  let range: WalkRange | null = null;
  for (const [op, v] of Object.entries(cond)) {
    if (!RANGE_OPS.has(op)) continue;
    const bound = op === '$eq' ? pointRange(v) : boundRange(op, v);
    if (!bound) continue;
    if (!range) range = bound;
    else if (range.tag !== bound.tag) return null;
    else range = intersect(range, bound);
  }
  return range;
}

/** Values compared by a range: numbers, dates and short strings (long ones are indexed by hash). */
function comparable(v: unknown): [number, KeyPart] | null {
  if (typeof v === 'number' && !Number.isNaN(v)) return keyParts(v);
  if (v instanceof Date) return keyParts(v);
  if (typeof v === 'string') {
    const parts = keyParts(v);
    return parts[1] === v ? parts : null;
  }
  return null;
}

function pointRange(v: unknown): WalkRange | null {
  if (v === null) return { tag: TAG.null, lo: '', loInclusive: true, hi: '', hiInclusive: true };
  const parts = comparable(v);
  return parts ? { tag: parts[0], lo: parts[1], loInclusive: true, hi: parts[1], hiInclusive: true } : null;
}

function boundRange(op: string, v: unknown): WalkRange | null {
  const parts = comparable(v);
  if (!parts) return null;
  const [tag, value] = parts;
  if (op === '$gt' || op === '$gte') return { tag, lo: value, loInclusive: op === '$gte', hiInclusive: true };
  return { tag, hi: value, hiInclusive: op === '$lte', loInclusive: true };
}

function intersect(a: WalkRange, b: WalkRange): WalkRange {
  const out = { ...a };
  if (b.lo !== undefined && (out.lo === undefined || b.lo > out.lo || (b.lo === out.lo && !b.loInclusive))) {
    out.lo = b.lo;
    out.loInclusive = b.loInclusive;
  }
  if (b.hi !== undefined && (out.hi === undefined || b.hi < out.hi || (b.hi === out.hi && !b.hiInclusive))) {
    out.hi = b.hi;
    out.hiInclusive = b.hiInclusive;
  }
  return out;
}
