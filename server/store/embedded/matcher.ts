/**
 * Document matchers. mingo implements the whole query language but builds an operator
 * context on every `new Query()` (~20 µs), more than the lookup itself. Filters that are
 * conjunctions of top-level equality, $ne, $in, $nin, $exists and number/date ranges
 * (nearly every filter the application sends) compile to a plain function here; every
 * other filter goes to mingo. Semantics follow MongoDB: an array field matches when any
 * element does; null matches a missing field.
 */
import { Query } from 'mingo';
import type { Document } from '../types.js';
import { isPlainObject, keyOf, sortableNumber } from './values.js';

export type Matcher = (doc: Document) => boolean;

export function compileMatcher(filter: Document): Matcher {
  const simple = compileSimple(filter);
  if (simple) return simple;
  const query = new Query(filter);
  return (doc) => query.test(doc);
}

function compileSimple(filter: Document): Matcher | null {
  const tests: Matcher[] = [];
  for (const [field, cond] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const sub of cond) {
        if (!isPlainObject(sub)) return null;
        const m = compileSimple(sub);
        if (!m) return null;
        tests.push(m);
      }
      continue;
    }
    if (field.startsWith('$') || field.includes('.') || field === '') return null;
    const t = fieldTest(field, cond);
    if (!t) return null;
    tests.push(t);
  }
  if (tests.length === 1) return tests[0]!;
  return (doc) => {
    for (const t of tests) if (!t(doc)) return false;
    return true;
  };
}

/** Values a top-level field offers for comparison: array elements, or the value (undefined if missing). */
function candidates(doc: Document, field: string): unknown[] {
  const v = doc[field];
  return Array.isArray(v) ? v : [v];
}

function isScalar(v: unknown): boolean {
  if (v === null) return true;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      return v instanceof Date || (v as { _bsontype?: string })._bsontype === 'ObjectId';
  }
  return false;
}

function equalsTest(field: string, value: unknown): Matcher {
  if (typeof value === 'string') {
    // Only a string equals a string: compared as is, no key built per element.
    return (doc) => {
      const v = doc[field];
      return v === value || (Array.isArray(v) && v.includes(value));
    };
  }
  const key = keyOf(value);
  if (value === null) {
    // null matches a missing field or a null (also inside an array), not an empty array.
    return (doc) => {
      const v = doc[field];
      if (v === undefined || v === null) return true;
      return Array.isArray(v) && v.some((e) => e === null);
    };
  }
  return (doc) => {
    const v = doc[field];
    if (Array.isArray(v)) {
      for (const e of v) if (keyOf(e) === key) return true;
      return false;
    }
    return v !== undefined && keyOf(v) === key;
  };
}

function inTest(field: string, values: unknown[]): Matcher {
  const tests = values.map((v) => equalsTest(field, v));
  return (doc) => tests.some((t) => t(doc));
}

type Comparison = '$gt' | '$gte' | '$lt' | '$lte';

function rangeTest(field: string, op: Comparison, bound: number | Date): Matcher {
  const isDate = bound instanceof Date;
  const b = sortableNumber(bound)!;
  const holds = (x: number) => (op === '$gt' ? x > b : op === '$gte' ? x >= b : op === '$lt' ? x < b : x <= b);
  return (doc) => {
    for (const e of candidates(doc, field)) {
      // Compare only within the same type, as MongoDB does (numbers with numbers, dates with dates).
      if (isDate ? e instanceof Date : typeof e === 'number') {
        const x = sortableNumber(e);
        if (x !== null && holds(x)) return true;
      }
    }
    return false;
  };
}

function fieldTest(field: string, cond: unknown): Matcher | null {
  if (isScalar(cond)) return equalsTest(field, cond);
  if (!isPlainObject(cond)) return null;
  const entries = Object.entries(cond);
  if (entries.length === 0 || !entries.every(([k]) => k.startsWith('$'))) return null;
  const tests: Matcher[] = [];
  for (const [op, v] of entries) {
    switch (op) {
      case '$eq':
        if (!isScalar(v)) return null;
        tests.push(equalsTest(field, v));
        break;
      case '$ne': {
        if (!isScalar(v)) return null;
        const eq = equalsTest(field, v);
        tests.push((doc) => !eq(doc));
        break;
      }
      case '$in':
        if (!Array.isArray(v) || !v.every(isScalar)) return null;
        tests.push(inTest(field, v));
        break;
      case '$nin': {
        if (!Array.isArray(v) || !v.every(isScalar)) return null;
        const anyOf = inTest(field, v);
        tests.push((doc) => !anyOf(doc));
        break;
      }
      case '$exists':
        if (typeof v !== 'boolean') return null;
        tests.push(v ? (doc) => doc[field] !== undefined : (doc) => doc[field] === undefined);
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        if (!((typeof v === 'number' && Number.isFinite(v)) || v instanceof Date)) return null;
        tests.push(rangeTest(field, op, v));
        break;
      default:
        return null;
    }
  }
  return tests.length === 1 ? tests[0]! : (doc) => tests.every((t) => t(doc));
}
