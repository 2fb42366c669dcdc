/**
 * Value helpers for the embedded store: index keys, dotted-path reads, deep copies.
 * Index keys are strings so a JavaScript Map can serve equality lookups; two values get
 * the same key exactly when MongoDB's equality would match them (null and missing alike).
 */
import { Binary, EJSON, type ObjectId } from '../bson.js';
import type { Document } from '../types.js';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Stable string key for one value, used for index maps and the primary `_id` map. */
export function keyOf(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return 'n' + v;
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'bigint':
      return 'n' + v.toString();
  }
  if (v instanceof Date) return 'd' + v.getTime();
  // By tag, not instanceof: an ObjectId may come from another copy of the bson library.
  if ((v as { _bsontype?: string })._bsontype === 'ObjectId') return 'o' + (v as ObjectId).toHexString();
  return 'j' + EJSON.stringify(v as Document, { relaxed: false });
}

/**
 * Map key for an `_id` or a single-field index value, as `keyOf` distinguishes values but
 * with a string as its own key: no new string per document, and the map shares the
 * document's own string. Other values are `\u0000` + `keyOf`; a string that itself starts
 * with `\u0000` gets one more in front, so no string's key equals another value's.
 */
export function idKey(v: unknown): string {
  if (typeof v === 'string') return v.charCodeAt(0) === 0 ? '\u0000' + v : v;
  return '\u0000' + keyOf(v);
}

/**
 * Every value a dotted path reaches in a document, fanning out over arrays the way
 * MongoDB multikey indexes do: an array contributes each element and itself.
 * A missing path yields `[undefined]` so it is indexed like null.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out.length ? out : [undefined];
}

function collect(node: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(node)) {
      out.push(node);
      for (const el of node) out.push(el);
      if (node.length === 0) out.push(undefined);
    } else {
      out.push(node);
    }
    return;
  }
  if (Array.isArray(node)) {
    const idx = Number(parts[i]);
    if (Number.isInteger(idx) && String(idx) === parts[i]) {
      collect(node[idx], parts, i + 1, out);
      return;
    }
    for (const el of node) if (typeof el === 'object' && el !== null) collect(el, parts, i, out);
    return;
  }
  if (typeof node !== 'object' || node === null) {
    if (i > 0 || node === undefined) out.push(undefined);
    return;
  }
  collect((node as Record<string, unknown>)[parts[i]!], parts, i + 1, out);
}

/**
 * The values an index holds for a path: like `valuesAtPath` but arrays contribute only
 * their elements (an empty array nothing), which is what equality and $in lookups on an
 * element need; a query for a whole array value is answered by a scan instead.
 */
export function indexValues(doc: unknown, path: string): unknown[] {
  if (!path.includes('.')) {
    const v = (doc as Record<string, unknown>)[path];
    return Array.isArray(v) ? v : [v];
  }
  // Drop whole arrays, and the `undefined` that marks an empty array at the end of the path.
  return valuesAtPath(doc, path).filter((v, _i, all) => !Array.isArray(v) && !(v === undefined && all.length > 1));
}

/**
 * Deep copy of a document. Immutable BSON values (ObjectId, Decimal128, Long, ...) are
 * shared; Dates and bytes, which callers could mutate, are copied.
 */
export function cloneDoc<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(cloneDoc) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  // Bytes are kept as BSON Binary, as MongoDB does (and EJSON can only persist Binary).
  if (v instanceof Uint8Array) return new Binary(Buffer.from(v)) as T;
  if (!isPlainObject(v)) {
    // A mongoose subdocument or array in an update ($set of a nested schema): what the
    // driver would send is its toBSON(), not its internals ($__, _doc).
    const toBSON = (v as { toBSON?: unknown }).toBSON;
    return typeof toBSON === 'function' ? cloneDoc(toBSON.call(v) as T) : v;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const val = (v as Record<string, unknown>)[k];
    if (val !== undefined) out[k] = cloneDoc(val);
  }
  return out as T;
}

/**
 * Serialise for the journal and snapshots: EJSON keeps ObjectId, Date and Binary types.
 * Documents of plain JSON values and Dates (the common case) take the engine's native
 * JSON.stringify over a copy with each Date as `{"$date": ISO}` (EJSON's relaxed form),
 * which writes what EJSON.parse reads back, several times faster than EJSON's own walk.
 */
export function serialize(v: Document): string {
  const plain = jsonCopy(v, 0);
  return plain !== NOT_PLAIN ? JSON.stringify(plain) : EJSON.stringify(v, { relaxed: true });
}

const NOT_PLAIN = Symbol('not plain JSON');
/** Dates EJSON's relaxed form writes as an ISO string (1970..9999); others take EJSON. */
const MAX_ISO_DATE = 253402300799999;

/**
 * The value itself when it is plain JSON (strings, finite numbers, booleans, null, arrays,
 * plain objects without `$` keys EJSON would read as types), a copy with Dates replaced
 * by `{$date}` when it holds Dates, or NOT_PLAIN (anything else: EJSON's job).
 */
function jsonCopy(v: unknown, depth: number): unknown {
  if (v === null) return v;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : NOT_PLAIN;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (depth > 100) return NOT_PLAIN;
  if (v instanceof Date) {
    const t = v.getTime();
    return t >= 0 && t <= MAX_ISO_DATE ? { $date: v.toISOString() } : NOT_PLAIN;
  }
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (e === undefined) return NOT_PLAIN;
      const c = jsonCopy(e, depth + 1);
      if (c === NOT_PLAIN) return NOT_PLAIN;
      if (c !== e && !out) out = v.slice(0, i);
      if (out) out.push(c);
    }
    return out ?? v;
  }
  if (!isPlainObject(v)) return NOT_PLAIN;
  let out: Record<string, unknown> | null = null;
  for (const k in v) {
    if (k.charCodeAt(0) === 36 /* $ */ || k === '__proto__') return NOT_PLAIN;
    const e = v[k];
    if (e === undefined) {
      // JSON.stringify drops it, as EJSON does; a copy must drop it too.
      continue;
    }
    const c = jsonCopy(e, depth + 1);
    if (c === NOT_PLAIN) return NOT_PLAIN;
    if (c !== e && !out) {
      out = {};
      for (const k2 in v) {
        if (k2 === k) break;
        out[k2] = v[k2];
      }
    }
    if (out) out[k] = c;
  }
  return out ?? v;
}

/**
 * The inverse of `serialize` (and of EJSON.stringify in general): native JSON.parse, then
 * typed values revived only where the line has a `$` key at all. `{$date: ISO}` becomes a
 * Date directly; any other `$`-keyed object goes through EJSON, exactly as before.
 */
export function deserialize(line: string): Document {
  const v = JSON.parse(line) as Document;
  return line.includes('"$') ? (revive(v) as Document) : v;
}

function revive(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k in o) if (k.charCodeAt(0) === 36 /* $ */) return reviveTyped(o);
  for (const k in o) {
    const e = o[k];
    if (typeof e === 'object' && e !== null) o[k] = revive(e);
  }
  return o;
}

function reviveTyped(o: Record<string, unknown>): unknown {
  const d = o.$date;
  if (typeof d === 'string') {
    let only = true;
    for (const k in o) if (k !== '$date') only = false;
    if (only) return new Date(Date.parse(d));
  }
  return EJSON.parse(JSON.stringify(o), { relaxed: true });
}

/** Numbers and dates sort as numbers; anything else has no place in this order. */
export function sortableNumber(v: unknown): number | null {
  if (typeof v === 'number' && !Number.isNaN(v)) return v;
  if (v instanceof Date) return v.getTime();
  return null;
}
