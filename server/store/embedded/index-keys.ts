/**
 * Index entries of the LMDB engine. An index entry is the LMDB key
 * `[collection, index, tag1, value1, ..., tagN, valueN, id]` (lmdb's ordered-binary
 * keys), with an empty value: a range over a prefix lists the documents holding a key, in
 * key order. Each indexed value becomes a (tag, value) pair whose tag follows MongoDB's
 * type order (null < numbers < strings < objects < binary < ObjectId < booleans < dates),
 * so a walk over an index is a sort by that field, and a range of one tag is a comparison
 * within one type, as MongoDB compares.
 *
 * Multikey like MongoDB: an array field is indexed under each element; whether an index
 * ever saw an array is kept (`multikey`), and on which fields (`multikeyPaths`, as MongoDB
 * keeps them), since a sort can be served only by a field that never held an array.
 */
import crypto from 'node:crypto';
import { Query } from 'mingo';
import { EJSON, type ObjectId } from '../bson.js';
import type { Document } from '../types.js';
import { DuplicateKeyError } from '../types.js';
import { indexValues, valuesAtPath } from './values.js';

export interface IndexSpec {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
}

export type KeyPart = string | number;

export const TAG = { null: 10, number: 20, string: 30, other: 40, binary: 50, objectId: 60, boolean: 70, date: 80 } as const;
/** Above every tag: the end of an index's range. */
export const TAG_END = 1000;
/** Above every id suffix (ids are keyOf strings, which start with an ASCII letter). */
export const ID_END = '\uffff';

/** Strings longer than this (or holding NUL, which ordered-binary uses between parts) are indexed by a prefix and a hash. */
const MAX_STRING = 400;
/** Cap on the keys one document contributes (cartesian product of multikey fields). */
const MAX_KEYS_PER_DOC = 1000;

/** The (tag, value) pair one indexed value is stored as. */
export function keyParts(v: unknown): [number, KeyPart] {
  if (v === undefined || v === null) return [TAG.null, ''];
  switch (typeof v) {
    case 'number':
      return Number.isNaN(v) ? [TAG.number, -Infinity] : [TAG.number, v];
    case 'string':
      return [TAG.string, indexableString(v)];
    case 'boolean':
      return [TAG.boolean, v ? 1 : 0];
    case 'bigint':
      return [TAG.number, Number(v)];
  }
  if (v instanceof Date) return [TAG.date, v.getTime()];
  const bsontype = (v as { _bsontype?: string })._bsontype;
  if (bsontype === 'ObjectId') return [TAG.objectId, (v as ObjectId).toHexString()];
  const text = indexableString(EJSON.stringify(v as Document, { relaxed: false }));
  return [bsontype === 'Binary' ? TAG.binary : TAG.other, text];
}

function indexableString(s: string): string {
  if (s.length <= MAX_STRING && !s.includes('\u0000')) return s;
  const hash = crypto.createHash('sha256').update(s).digest('hex');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  return `${s.slice(0, 200).replace(/\u0000/g, '\u0001')}\u0001${hash}`;
}

/** One index as the engine keeps it in memory: its spec and what it needs to key documents. */
export class IndexDef {
  readonly fields: string[];
  private readonly partial: Query | null;

  /** The fields that held an array; null when unknown (an index defined before these were kept). */
  multikeyPaths: Set<string> | null;

  constructor(
    readonly spec: IndexSpec,
    /** Some document held an array at an indexed path (never cleared, as in MongoDB). */
    public multikey = false,
    multikeyPaths?: string[],
  ) {
    this.fields = Object.keys(spec.key);
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : null;
    this.multikeyPaths = multikeyPaths ? new Set(multikeyPaths) : multikey ? null : new Set();
  }

  /** Whether some document held an array at this field (true when unknown). */
  isMultikeyField(field: string): boolean {
    return this.multikey && (this.multikeyPaths === null || this.multikeyPaths.has(field));
  }

  get name(): string {
    return this.spec.name;
  }

  /** Holds every document, so the planner may use it for equality and sorts. */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  /**
   * The key tuples (tag/value parts, without collection, index and id) of a document;
   * empty when the document is outside a sparse or partial index. `arrayFields` (empty when
   * none) tells the caller to mark the index multikey on those fields.
   */
  tuplesFor(doc: Document): { tuples: KeyPart[][]; arrayFields: string[] } {
    if (this.partial && !this.partial.test(doc)) return { tuples: [], arrayFields: [] };
    let tuples: KeyPart[][] = [[]];
    let allMissing = true;
    const arrayFields: string[] = [];
    for (const field of this.fields) {
      const values = indexValues(doc, field);
      if (values.length !== 1 || values[0] !== undefined) allMissing = false;
      if (values.length !== 1 || hasArrayOnPath(doc, field)) arrayFields.push(field);
      const parts = dedupe(values.map(keyParts));
      const next: KeyPart[][] = [];
      for (const prefix of tuples) {
        for (const p of parts) {
          next.push([...prefix, p[0], p[1]]);
          if (next.length > MAX_KEYS_PER_DOC) throw new Error(`index ${this.name}: too many multikey entries in one document`);
        }
      }
      tuples = next;
    }
    if (this.spec.sparse && allMissing) return { tuples: [], arrayFields };
    return { tuples, arrayFields };
  }

  /** The key prefix of a lookup with one value per field. */
  prefixFor(values: unknown[]): KeyPart[] {
    return values.flatMap((v) => keyParts(v));
  }

  /** The values a duplicate key error names. */
  keyValue(doc: Document): Document {
    const out: Document = {};
    for (const f of this.fields) out[f] = valuesAtPath(doc, f)[0] ?? null;
    return out;
  }

  duplicate(doc: Document): DuplicateKeyError {
    return new DuplicateKeyError(this.name, this.keyValue(doc));
  }
}

function hasArrayOnPath(doc: Document, path: string): boolean {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(node)) return true;
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return Array.isArray(node);
}

function dedupe(parts: Array<[number, KeyPart]>): Array<[number, KeyPart]> {
  if (parts.length === 1) return parts;
  const seen = new Set<string>();
  return parts.filter(([t, v]) => {
    const k = `${t}:${typeof v}:${v}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sameTuples(a: KeyPart[][], b: KeyPart[][]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
  }
  return true;
}

export function tupleId(t: KeyPart[]): string {
  return JSON.stringify(t);
}

/** Name MongoDB would give an index: `a_1_b_-1`. */
export function defaultIndexName(key: Record<string, 1 | -1>): string {
  return Object.entries(key)
    .map(([f, d]) => `${f}_${d}`)
    .join('_');
}
