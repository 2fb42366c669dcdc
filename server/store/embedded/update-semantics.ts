/**
 * What a write means, whatever engine stores it: updates through mingo (operators or a
 * replacement, upsert seeds, the immutable _id), sort specifications, and index keys.
 */
import { ObjectId } from '../bson.js';
import { find as mingoFind, update as mingoUpdate } from 'mingo';
import type { Document } from '../types.js';
import { equalityConstraints } from './planner.js';
import { cloneDoc, isPlainObject, keyOf, sortableNumber } from './values.js';

export class InvalidUpdateError extends Error {
  readonly code = 66;
}

function isOperatorUpdate(update: Document): boolean {
  const keys = Object.keys(update);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

/** The new version of `doc` after `update` (operators or a replacement); `doc` is untouched. */
export function applyUpdate(doc: Document, update: Document, filter: Document, isInsert: boolean): Document {
  if (Array.isArray(update)) throw new InvalidUpdateError('pipeline updates are not supported by the embedded store');
  if (!isOperatorUpdate(update)) {
    if (Object.keys(update).some((k) => k.startsWith('$'))) throw new InvalidUpdateError('cannot mix update operators and fields');
    const replacement = cloneDoc(update);
    if (replacement._id !== undefined && doc._id !== undefined && keyOf(replacement._id) !== keyOf(doc._id)) {
      throw new InvalidUpdateError("the (immutable) field '_id' was found to have been altered");
    }
    return { _id: doc._id ?? replacement._id ?? new ObjectId(), ...replacement };
  }
  const { $setOnInsert, ...rest } = update as Document & { $setOnInsert?: Document };
  const modifier: Document = { ...rest };
  const next = cloneDoc(doc);
  if (isInsert && $setOnInsert) {
    const { _id: insertId, ...onInsert } = $setOnInsert;
    // An upsert may choose the new document's _id (mingo refuses to $set it).
    if (insertId !== undefined) {
      if (next._id !== undefined && keyOf(next._id) !== keyOf(insertId)) {
        throw new InvalidUpdateError("$setOnInsert._id conflicts with the _id in the filter");
      }
      next._id = cloneDoc(insertId);
    }
    modifier.$set = { ...onInsert, ...(modifier.$set as Document | undefined) };
    if (Object.keys(modifier.$set as Document).length === 0) delete modifier.$set;
  }
  if (Object.keys(modifier).length) {
    mingoUpdate(next, modifier, undefined, isInsert ? undefined : filter, { cloneMode: 'deep' });
  }
  if (next._id === undefined) next._id = new ObjectId();
  if (doc._id !== undefined && keyOf(next._id) !== keyOf(doc._id)) {
    throw new InvalidUpdateError("Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return next;
}

/** The document an upsert starts from: the filter's single-valued equality fields. */
export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  for (const [field, lists] of equalityConstraints(filter)) {
    if (lists.length !== 1 || lists[0]!.length !== 1) continue;
    setPath(seed, field, cloneDoc(lists[0]![0]));
  }
  return seed;
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Document;
  }
  node[parts[parts.length - 1]!] = value;
}

export function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function sameDoc(a: Document, b: Document): boolean {
  return keyOf(a) === keyOf(b);
}

/**
 * A sort on one top-level field whose values are all numbers or dates, done natively:
 * mingo's general comparator costs ~1 µs per comparison, too much for tens of thousands
 * of candidates (the LRS's ord, due dates). Null when the general sort is needed.
 */
/** Sorted by mingo's comparator, stable: for sorts sortedByNumber cannot do. */
export function sortedByMingo(docs: Document[], sort: Record<string, 1 | -1>): Document[] {
  return mingoFind(docs, {}).sort(sort).all() as Document[];
}

export function sortedByNumber(docs: Document[], sort: Record<string, 1 | -1>): Document[] | null {
  const fields = Object.keys(sort);
  if (fields.length !== 1 || fields[0]!.includes('.')) return null;
  const field = fields[0]!;
  const keyed: Array<{ n: number; doc: Document }> = new Array(docs.length);
  const kind = docs.length ? typeof docs[0]![field] : 'number';
  for (let i = 0; i < docs.length; i++) {
    const v = docs[i]![field];
    const n = sortableNumber(v);
    // Numbers and dates sort apart in MongoDB's type order: one kind only here.
    if (n === null || typeof v !== kind) return null;
    keyed[i] = { n, doc: docs[i]! };
  }
  const dir = sort[field]!;
  // Stable, like mingo's: equal keys keep their candidate order.
  keyed.sort((a, b) => (a.n - b.n) * dir);
  return keyed.map((k) => k.doc);
}

export function normalizeSort(sort: unknown): Record<string, 1 | -1> {
  if (typeof sort === 'string') return { [sort]: 1 };
  if (Array.isArray(sort)) {
    const out: Record<string, 1 | -1> = {};
    for (const item of sort) {
      if (Array.isArray(item)) out[String(item[0])] = toDirection(item[1]);
      else out[String(item)] = 1;
    }
    return out;
  }
  const out: Record<string, 1 | -1> = {};
  for (const [k, v] of Object.entries(sort as Document)) out[k] = toDirection(v);
  return out;
}

function toDirection(v: unknown): 1 | -1 {
  return v === -1 || v === 'desc' || v === 'descending' ? -1 : 1;
}

export function normalizeIndexKey(keys: Document | string): Record<string, 1 | -1> {
  if (typeof keys === 'string') return { [keys]: 1 };
  const out: Record<string, 1 | -1> = {};
  for (const [k, v] of Object.entries(keys)) {
    if (v !== 1 && v !== -1) throw new InvalidUpdateError(`embedded store supports only ascending/descending index keys, got ${k}: ${String(v)}`);
    out[k] = v;
  }
  return out;
}
