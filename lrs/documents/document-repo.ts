/**
 * Storage of xAPI documents (State, Activity Profile, Agent Profile), one collection per
 * resource, over the narrow store interface. A document is addressed by its scope (e.g.
 * activityId + agent + registration) and its id (stateId / profileId); the bytes are kept
 * exactly as received, as BSON Binary, with their Content-Type, ETag and update time.
 *
 * Every read is an equality find on an index: the unique (scope, id) index for one
 * document, the list index for the ids of a scope. Writes are conditional on the ETag the
 * caller read, so a concurrent change is detected instead of overwritten.
 */
import { Binary } from '../../server/store/bson.js';
import { isDuplicateKeyError, type Document, type LrsDb, type StoreCollection } from '../store.js';

/** Scope fields of a document, e.g. `{ activityId, agentKey, registration }`; null for an absent optional field. */
export type DocumentScope = Record<string, string | null>;

export interface DocumentContent {
  /** The Content-Type the document was stored with, as sent. */
  contentType: string;
  content: Buffer;
}

export interface StoredDocument extends DocumentContent {
  /** Quoted ETag of the stored bytes. */
  etag: string;
  updated: Date;
}

interface DocumentRecord extends Document {
  docId: string;
  contentType: string;
  content: Binary;
  etag: string;
  updated: Date;
}

export interface DocumentRepoConfig {
  collection: string;
  /** The fields that, with `docId`, identify one document. */
  keyFields: readonly string[];
  /** The fields a list (GET ids / DELETE all) always has, which get their own index. */
  listFields: readonly string[];
}

export class DocumentRepo {
  private readonly coll: StoreCollection<DocumentRecord>;

  constructor(
    db: LrsDb,
    private readonly config: DocumentRepoConfig,
  ) {
    this.coll = db.collection<DocumentRecord>(config.collection);
  }

  async ensureIndexes(): Promise<void> {
    const key = Object.fromEntries([...this.config.keyFields, 'docId'].map((f) => [f, 1]));
    await this.coll.createIndex(key, { unique: true, name: 'document_key' });
    await this.coll.createIndex(Object.fromEntries(this.config.listFields.map((f) => [f, 1])), { name: 'document_list' });
  }

  async find(scope: DocumentScope, id: string): Promise<StoredDocument | null> {
    const rec = await this.coll.findOne(this.keyFilter(scope, id));
    return rec ? toStored(rec) : null;
  }

  /** Ids in a scope (which may omit optional key fields), optionally only those updated after `since`. */
  async listIds(scope: DocumentScope, since?: Date): Promise<{ ids: string[]; lastModified: Date | null }> {
    const filter: Document = { ...this.scopeFilter(scope) };
    if (since) filter.updated = { $gt: since };
    const recs = await this.coll.find(filter, { projection: { _id: 0, docId: 1, updated: 1 } }).toArray();
    let lastModified: Date | null = null;
    for (const r of recs) if (!lastModified || r.updated > lastModified) lastModified = r.updated;
    return { ids: recs.map((r) => r.docId), lastModified };
  }

  /** Create the document; false when one already exists (created concurrently). */
  async insert(scope: DocumentScope, id: string, doc: StoredDocument): Promise<boolean> {
    try {
      await this.coll.insertOne({ ...this.keyFilter(scope, id), ...toRecordFields(doc) } as DocumentRecord);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  /** Replace the document if it still has `expectedEtag`; false when it changed or vanished meanwhile. */
  async replaceIf(scope: DocumentScope, id: string, expectedEtag: string, doc: StoredDocument): Promise<boolean> {
    const res = await this.coll.updateOne({ ...this.keyFilter(scope, id), etag: expectedEtag }, { $set: toRecordFields(doc) });
    return res.matchedCount === 1;
  }

  /** Delete the document if it still has `expectedEtag`. */
  async deleteIf(scope: DocumentScope, id: string, expectedEtag: string): Promise<boolean> {
    const res = await this.coll.deleteOne({ ...this.keyFilter(scope, id), etag: expectedEtag });
    return res.deletedCount === 1;
  }

  async deleteAll(scope: DocumentScope): Promise<number> {
    return (await this.coll.deleteMany(this.scopeFilter(scope))).deletedCount;
  }

  private keyFilter(scope: DocumentScope, id: string): Document {
    const filter: Document = {};
    for (const f of this.config.keyFields) {
      if (!(f in scope)) throw new Error(`document key field ${f} missing`);
      filter[f] = scope[f];
    }
    filter.docId = id;
    return filter;
  }

  private scopeFilter(scope: DocumentScope): Document {
    for (const f of this.config.listFields) if (typeof scope[f] !== 'string') throw new Error(`document list field ${f} missing`);
    const filter: Document = {};
    for (const [k, v] of Object.entries(scope)) if (this.config.keyFields.includes(k)) filter[k] = v;
    return filter;
  }
}

function toRecordFields(doc: StoredDocument): Omit<DocumentRecord, 'docId'> {
  return { contentType: doc.contentType, content: new Binary(doc.content), etag: doc.etag, updated: doc.updated };
}

function toStored(rec: DocumentRecord): StoredDocument {
  return { contentType: rec.contentType, content: bytesOf(rec.content), etag: rec.etag, updated: rec.updated };
}

/** The bytes of a stored value: BSON Binary from either store, or a plain buffer. */
function bytesOf(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (typeof v === 'object' && v !== null && (v as { _bsontype?: unknown })._bsontype === 'Binary') {
    const bin = v as Binary;
    const bytes = bin.read(0, bin.length());
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  throw new Error('stored document content is not binary');
}
