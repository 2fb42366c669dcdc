/**
 * Statements in the store. Each record keeps the stored statement as JSON text (what
 * `format=exact` returns, byte for byte) beside the keys it is queried by; every
 * filter the Statement API offers is an indexed equality on one of those keys.
 */
import type { Filter, LrsDb, StoreCollection } from '../store.js';
import { firstOrdAfter } from './ordering.js';
import { keyOfRegistration, keyOfVerb, keysOfActivity, keysOfAgent } from './statement-keys.js';

export interface StatementRecord {
  _id: string; // lower-case statement id
  /** Order and `stored` in one number (see ordering.ts). */
  ord: number;
  raw: string;
  voided: boolean;
  isVoiding: boolean;
  /** The statement this one references (StatementRef), kept to finish a voiding on re-send. */
  refTarget?: string;
  /** Query keys (see statement-keys.ts): one multikey index serves every filter. */
  keys: string[];
  /** Authority key, for clients that read only their own statements (filtered, not indexed). */
  authority: string;
  attachmentHashes?: string[];
  /** The launch session whose token sent it, if one did (not part of the statement: provenance for the host). */
  sessionId?: string;
}

export interface AttachmentRecord {
  _id: string; // sha2
  contentType: string;
  data: Buffer;
}

/** The filters of the Statement API, as values the store can match. */
export interface StatementFilters {
  verb?: string;
  agent?: { key: string; related: boolean };
  activity?: { id: string; related: boolean };
  registration?: string;
  since?: Date;
  until?: Date;
}

export interface StatementQuery extends StatementFilters {
  authority?: string;
  /** Exclusive bound on `ord` in the direction of travel (paging). */
  after?: number;
  /** Inclusive high-water mark: nothing stored later is shown (stable pages). */
  maxOrd?: number;
  ascending: boolean;
  limit: number;
}

export class StatementRepo {
  readonly statements: StoreCollection<StatementRecord>;
  readonly attachments: StoreCollection<AttachmentRecord>;

  constructor(db: LrsDb) {
    this.statements = db.collection<StatementRecord>('lrs_statements');
    this.attachments = db.collection<AttachmentRecord>('lrs_attachments');
  }

  async ensureIndexes(): Promise<void> {
    await this.statements.createIndex({ ord: 1 });
    // Each key's statements in `ord` order: a filtered page, newest first, reads one entry per
    // statement it returns, however many the key has (a verb has millions).
    await this.statements.createIndex({ keys: 1, ord: 1 });
    // The one-field index of stores made before the compound one: it would only cost writes.
    if (await this.statements.indexExists('keys_1')) await this.statements.dropIndex('keys_1');
  }

  async highestOrd(): Promise<number> {
    const [last] = await this.statements.find({}, { sort: { ord: -1 }, limit: 1, projection: { ord: 1 } }).toArray();
    return last?.ord ?? 0;
  }

  findByIds(ids: string[]): Promise<StatementRecord[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.statements.find({ _id: { $in: ids } }).toArray();
  }

  async findOne(id: string, voided: boolean): Promise<StatementRecord | null> {
    return this.statements.findOne({ _id: id, voided });
  }

  async insert(records: StatementRecord[]): Promise<void> {
    if (records.length) await this.statements.insertMany(records);
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length) await this.statements.deleteMany({ _id: { $in: ids } });
  }

  /** Marks the target voided unless it is itself a voiding statement (those cannot be voided). */
  async voidTarget(targetId: string): Promise<void> {
    await this.statements.updateOne({ _id: targetId, isVoiding: false, voided: false }, { $set: { voided: true } });
  }

  query(q: StatementQuery): Promise<StatementRecord[]> {
    const filter: Filter<StatementRecord> = { voided: false };
    // Each condition is one key (or one of a few) in `keys`; the store picks the rarest.
    const all: Array<string | { $in: string[] }> = [];
    const anyOf = (keys: string[]) => (keys.length === 1 ? keys[0]! : { $in: keys });
    if (q.verb) all.push(keyOfVerb(q.verb));
    if (q.agent) all.push(anyOf(keysOfAgent(q.agent.key, q.agent.related)));
    if (q.activity) all.push(anyOf(keysOfActivity(q.activity.id, q.activity.related)));
    if (q.registration) all.push(keyOfRegistration(q.registration));
    if (all.length) filter.$and = all.map((k) => ({ keys: k }));
    if (q.authority) filter.authority = q.authority;
    // since/until bound `stored`, which `ord` encodes: they become bounds of the ordered walk.
    const ord: Record<string, number> = {};
    const lower = [q.since ? firstOrdAfter(q.since) : undefined, q.after !== undefined && q.ascending ? q.after + 1 : undefined];
    const upper = [q.until ? firstOrdAfter(q.until) - 1 : undefined, q.maxOrd, q.after !== undefined && !q.ascending ? q.after - 1 : undefined];
    const lo = Math.max(...lower.filter((v): v is number => v !== undefined));
    const hi = Math.min(...upper.filter((v): v is number => v !== undefined));
    if (Number.isFinite(lo)) ord.$gte = lo;
    if (Number.isFinite(hi)) ord.$lte = hi;
    if (Object.keys(ord).length) filter.ord = ord;
    return this.statements.find(filter, { sort: { ord: q.ascending ? 1 : -1 }, limit: q.limit }).toArray();
  }

  async saveAttachments(items: AttachmentRecord[]): Promise<void> {
    for (const a of items) await this.attachments.updateOne({ _id: a._id }, { $setOnInsert: a }, { upsert: true });
  }

  async findAttachments(hashes: string[]): Promise<AttachmentRecord[]> {
    if (!hashes.length) return [];
    const found = await this.attachments.find({ _id: { $in: hashes } }).toArray();
    // Stores hand bytes back as BSON Binary; callers get Buffers.
    return found.map((a) => ({ ...a, data: toBuffer(a.data) }));
  }
}

function toBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  const binary = data as { buffer?: Uint8Array };
  if (binary?.buffer instanceof Uint8Array) return Buffer.from(binary.buffer);
  if (data instanceof Uint8Array) return Buffer.from(data);
  throw new Error('attachment data is not binary');
}
