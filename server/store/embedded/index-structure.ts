/**
 * A secondary index: a map from the key of the indexed field values to the ids of the
 * documents holding them. Serves equality and $in lookups and enforces uniqueness.
 * Multikey like MongoDB: an array field is indexed under each element and itself.
 *
 * Holders of a key grow as an array (appending is what inserts do, and a JavaScript Set
 * of hundreds of thousands of ids costs several times more per add and in the garbage
 * collector); a key's holders become a Set the first time a large array would need a
 * removal, so removals stay cheap on keys that see them.
 */
import { Query } from 'mingo';
import type { Document } from '../types.js';
import { DuplicateKeyError } from '../types.js';
import { idKey, indexValues, keyOf, valuesAtPath } from './values.js';
import { OrderedKeys, sortableNumber } from './ordered-keys.js';

export interface IndexSpec {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
}

/** Cap on the keys one document contributes (cartesian product of multikey fields). */
const MAX_KEYS_PER_DOC = 1000;
/** Holder arrays up to this long remove by splicing; longer ones turn into a Set first. */
const SPLICE_LIMIT = 64;

/** The ids holding one key: one inline (most keys), an array while only appended to, or a Set. */
type Holders = string | string[] | Set<string>;

export class SecondaryIndex {
  readonly fields: string[];
  /**
   * Key -> the ids holding it (see Holders). Null while the index is kept in order and
   * nothing has looked a key up: a sequence or timestamp field (one key per document)
   * then costs no map entry per document; the first lookup builds it from the documents.
   */
  private map: Map<string, Holders> | null;
  private readonly partial: Query | null;
  /**
   * For single-field indexes: the documents in value order, while every value is a number
   * or a date. The first other value drops it for good (rebuilt on the next open), so
   * indexes over strings pay nothing for it.
   */
  ordered: OrderedKeys | null;

  /** `documents` lists the collection's documents by id: with it the key map may wait for its first use. */
  constructor(
    readonly spec: IndexSpec,
    private readonly documents?: () => Iterable<[string, Document]>,
  ) {
    this.fields = Object.keys(spec.key);
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression) : null;
    this.ordered = this.fields.length === 1 && !spec.sparse && !this.partial ? new OrderedKeys() : null;
    this.map = this.ordered && !spec.unique && documents ? null : new Map();
  }

  get name(): string {
    return this.spec.name;
  }

  /** Usable by the planner only when it indexes every document. */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial;
  }

  /** Index keys for a document; empty when the document is outside a sparse/partial index. */
  keysFor(doc: Document): string[] {
    if (this.partial && !this.partial.test(doc)) return [];
    let keys = [''];
    let allMissing = true;
    for (const field of this.fields) {
      const values = indexValues(doc, field);
      if (values.length !== 1 || values[0] !== undefined) allMissing = false;
      if (this.fields.length === 1) {
        if (this.spec.sparse && allMissing) return [];
        // A string value is its own key (idKey): no new string per document and key.
        return values.length === 1 ? [idKey(values[0])] : [...new Set(values.map(idKey))];
      }
      const next: string[] = [];
      for (const prefix of keys) {
        for (const v of values) {
          next.push(prefix + '\u0000' + keyOf(v));
          if (next.length > MAX_KEYS_PER_DOC) throw new Error(`index ${this.name}: too many multikey entries in one document`);
        }
      }
      // One value per field (no multikey array) gives one key: no Set to deduplicate it.
      keys = next.length === 1 ? next : [...new Set(next)];
    }
    if (this.spec.sparse && allMissing) return [];
    return keys;
  }

  /** Key for a lookup with one value per field. */
  lookupKey(values: unknown[]): string {
    if (this.fields.length === 1) return idKey(values[0]);
    return values.map((v) => '\u0000' + keyOf(v)).join('');
  }

  /** Throws DuplicateKeyError if adding `keys` for document `id` would break uniqueness. */
  checkUnique(id: string, keys: string[], doc: Document): void {
    if (!this.spec.unique) return;
    for (const k of keys) {
      const holders = this.keyMap().get(k);
      if (holders !== undefined && (typeof holders === 'string' ? holders !== id : countOf(holders) > 1 || !hasHolder(holders, id))) {
        const keyValue: Document = {};
        for (const f of this.fields) keyValue[f] = valuesAtPath(doc, f)[0] ?? null;
        throw new DuplicateKeyError(this.name, keyValue);
      }
    }
  }

  add(id: string, keys: string[], doc: Document): void {
    if (this.ordered) {
      const value = this.orderValue(doc);
      if (sortableNumber(value) === null) this.ordered = null;
      else this.ordered.add(id, value);
    }
    if (this.map) addKeys(this.map, id, keys);
  }

  remove(id: string, keys: string[], doc: Document): void {
    this.ordered?.remove(id, this.orderValue(doc));
    if (!this.map) return;
    for (const k of keys) {
      const holders = this.map.get(k);
      if (holders === undefined) continue;
      if (typeof holders === 'string') {
        if (holders === id) this.map.delete(k);
        continue;
      }
      let rest: string[] | Set<string>;
      if (Array.isArray(holders) && holders.length <= SPLICE_LIMIT) {
        const i = holders.indexOf(id);
        if (i >= 0) holders.splice(i, 1);
        rest = holders;
      } else {
        rest = Array.isArray(holders) ? new Set(holders) : holders;
        rest.delete(id);
        if (rest !== holders) this.map.set(k, rest);
      }
      const left = countOf(rest);
      if (left === 1) this.map.set(k, rest.values().next().value!);
      else if (left === 0) this.map.delete(k);
    }
  }

  /** Ids holding a key. */
  lookup(key: string): Iterable<string> {
    const holders = this.keyMap().get(key);
    return holders === undefined ? [] : typeof holders === 'string' ? [holders] : holders;
  }

  /** How many documents hold a key, without listing them. */
  count(key: string): number {
    const holders = this.keyMap().get(key);
    return holders === undefined ? 0 : typeof holders === 'string' ? 1 : countOf(holders);
  }

  clear(): void {
    this.map?.clear();
    this.ordered?.clear();
  }

  /** The key map, built from the documents on first use (reads run between writes, so they agree). */
  private keyMap(): Map<string, Holders> {
    if (!this.map) {
      const map = new Map<string, Holders>();
      for (const [id, doc] of this.documents!()) addKeys(map, id, this.keysFor(doc));
      this.map = map;
    }
    return this.map;
  }

  /** The single value a document sorts by; arrays (multikey) have no single place. */
  private orderValue(doc: Document): unknown {
    const field = this.fields[0]!;
    if (!field.includes('.')) return Array.isArray(doc[field]) ? undefined : doc[field];
    const values = valuesAtPath(doc, field);
    return values.length === 1 ? values[0] : undefined;
  }
}

/** Callers add a document's keys once (a replacement removes the old keys first). */
function addKeys(map: Map<string, Holders>, id: string, keys: string[]): void {
  for (const k of keys) {
    const holders = map.get(k);
    if (holders === undefined) map.set(k, id);
    else if (typeof holders === 'string') {
      if (holders !== id) map.set(k, [holders, id]);
    } else if (Array.isArray(holders)) holders.push(id);
    else holders.add(id);
  }
}

function countOf(holders: string[] | Set<string>): number {
  return Array.isArray(holders) ? holders.length : holders.size;
}

function hasHolder(holders: string[] | Set<string>, id: string): boolean {
  return Array.isArray(holders) ? holders.includes(id) : holders.has(id);
}

/** Name MongoDB would give an index: `a_1_b_-1`. */
export function defaultIndexName(key: Record<string, 1 | -1>): string {
  return Object.entries(key)
    .map(([f, d]) => `${f}_${d}`)
    .join('_');
}
