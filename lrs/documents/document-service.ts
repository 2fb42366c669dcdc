/**
 * The rules of the xAPI Document Resources, independent of HTTP: store byte-exact, merge
 * JSON on POST, and the concurrency rules of each version.
 *
 * Concurrency without If-Match / If-None-Match on PUT (what the ADL conformance suite
 * asserts for each version):
 *   - 1.0.3, State: allowed; PUT replaces ("the State Resource will permit PUT, POST and
 *     DELETE requests without concurrency headers").
 *   - 1.0.3, Activity/Agent Profile: 409 when the document exists; 400 when it does not
 *     (clients MUST send one of the headers).
 *   - 2.0.0, all three resources: 409 when the document exists; allowed when it does not.
 * When headers are sent they are honoured on PUT, POST and DELETE of every resource (412).
 */
import type { XapiVersion } from '../version.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors.js';
import type { DocumentContent, DocumentRepo, DocumentScope, StoredDocument } from './document-repo.js';
import { checkPreconditions, etagOf, hasPreconditions, type Preconditions } from './preconditions.js';

export type DocumentResource = 'state' | 'activityProfile' | 'agentProfile';

const RESOURCE_NAMES: Record<DocumentResource, string> = {
  state: 'State Resource',
  activityProfile: 'Activity Profile Resource',
  agentProfile: 'Agent Profile Resource',
};

interface PutPolicy {
  /** PUT without either header to an existing document: 409. */
  conflictOnUnconditionalReplace: boolean;
  /** PUT without either header to a new document: 400. */
  headerRequiredToCreate: boolean;
}

export function putPolicy(resource: DocumentResource, version: XapiVersion): PutPolicy {
  if (version === '1.0.3') {
    const profile = resource !== 'state';
    return { conflictOnUnconditionalReplace: profile, headerRequiredToCreate: profile };
  }
  return { conflictOnUnconditionalReplace: true, headerRequiredToCreate: false };
}

/** A document address: its scope and its id (stateId / profileId). */
export interface DocumentKey {
  scope: DocumentScope;
  id: string;
}

/**
 * Attempts at a conditional write before giving up on a document that keeps changing.
 * A write only fails when another one succeeded, so N concurrent writers need at most N.
 */
const MAX_ATTEMPTS = 16;

export function isJsonContentType(contentType: string): boolean {
  return contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** Parse bytes as a JSON object; null if they are not one. */
export function parseJsonObject(content: Buffer): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(content.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The xAPI document merge: top-level properties of `posted` replace those of `existing`. */
export function mergeJsonDocuments(existing: Record<string, unknown>, posted: Record<string, unknown>): Record<string, unknown> {
  // fromEntries defines own properties, so a "__proto__" key stays data.
  return Object.fromEntries([...Object.entries(existing), ...Object.entries(posted)]);
}

export class DocumentService {
  constructor(
    private readonly deps: { repo: DocumentRepo; resource: DocumentResource; now: () => Date },
  ) {}

  private get name(): string {
    return RESOURCE_NAMES[this.deps.resource];
  }

  async get(key: DocumentKey): Promise<StoredDocument> {
    const doc = await this.deps.repo.find(key.scope, key.id);
    if (!doc) throw new NotFoundError(`no document with this id in the ${this.name}`);
    return doc;
  }

  async listIds(scope: DocumentScope, since?: Date): Promise<{ ids: string[]; lastModified: Date | null }> {
    return this.deps.repo.listIds(scope, since);
  }

  /** Store (replace) a document. Returns what was stored. */
  async put(key: DocumentKey, body: DocumentContent, pre: Preconditions, version: XapiVersion): Promise<StoredDocument> {
    const policy = putPolicy(this.deps.resource, version);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.deps.repo.find(key.scope, key.id);
      checkPreconditions(pre, current?.etag ?? null);
      if (!hasPreconditions(pre)) {
        if (current && policy.conflictOnUnconditionalReplace) {
          throw new ConflictError(
            `the document already exists: GET it to check its current state, then PUT with If-Match set to its ETag (${current.etag}) to replace it`,
            'If-Match',
          );
        }
        if (!current && policy.headerRequiredToCreate) {
          throw new BadRequestError(`a PUT to the ${this.name} must send If-Match or If-None-Match (If-None-Match: * to create a document)`, 'If-None-Match');
        }
      }
      const next = this.stored(body);
      if (current ? await this.deps.repo.replaceIf(key.scope, key.id, current.etag, next) : await this.deps.repo.insert(key.scope, key.id, next)) return next;
    }
    throw this.tooManyConcurrentChanges();
  }

  /**
   * POST: store a new document, or merge a JSON object into an existing JSON document.
   * A JSON body that is not a JSON object is refused even for a new document.
   */
  async post(key: DocumentKey, body: DocumentContent, pre: Preconditions): Promise<StoredDocument> {
    const postedIsJson = isJsonContentType(body.contentType);
    const posted = postedIsJson ? parseJsonObject(body.content) : null;
    if (postedIsJson && !posted) throw new BadRequestError('the document is sent as application/json but is not a JSON object', 'Content-Type');
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.deps.repo.find(key.scope, key.id);
      checkPreconditions(pre, current?.etag ?? null);
      if (!current) {
        const next = this.stored(body);
        if (await this.deps.repo.insert(key.scope, key.id, next)) return next;
        continue;
      }
      if (!posted || !isJsonContentType(current.contentType)) {
        throw new BadRequestError(
          `POST merges JSON objects: the stored document is ${current.contentType} and the request is ${body.contentType}; both must be application/json (use PUT to replace a document)`,
          'Content-Type',
        );
      }
      const existing = parseJsonObject(current.content);
      if (!existing) throw new BadRequestError('the stored document is not a JSON object, so it cannot be merged (use PUT to replace it)', 'Content-Type');
      const merged = Buffer.from(JSON.stringify(mergeJsonDocuments(existing, posted)), 'utf8');
      const next = this.stored({ contentType: body.contentType, content: merged });
      if (await this.deps.repo.replaceIf(key.scope, key.id, current.etag, next)) return next;
    }
    throw this.tooManyConcurrentChanges();
  }

  /** Delete one document; deleting a missing document succeeds unless If-Match demands one. */
  async delete(key: DocumentKey, pre: Preconditions): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.deps.repo.find(key.scope, key.id);
      checkPreconditions(pre, current?.etag ?? null);
      if (!current || (await this.deps.repo.deleteIf(key.scope, key.id, current.etag))) return;
    }
    throw this.tooManyConcurrentChanges();
  }

  /** Delete every document of a scope (State Resource without stateId). */
  async deleteAll(scope: DocumentScope): Promise<number> {
    return this.deps.repo.deleteAll(scope);
  }

  private stored(body: DocumentContent): StoredDocument {
    return { contentType: body.contentType, content: body.content, etag: etagOf(body.content), updated: this.deps.now() };
  }

  private tooManyConcurrentChanges(): ConflictError {
    return new ConflictError('the document kept changing while this request was applied; retry');
  }
}
