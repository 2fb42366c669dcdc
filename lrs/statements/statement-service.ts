/**
 * The Statement API's rules over plain data: validation, ids, `stored`/`authority`/
 * `version`, immutability (a repeat is a no-op, a different statement under a used id
 * is a conflict), voiding, batch atomicity, queries with stable paging, formats.
 * No req/res: routes parse HTTP and call these; the LMS calls them directly too.
 */
import { randomUUID } from 'node:crypto';
import { ifiKey } from '../agents.js';
import type { LrsClient } from '../credentials/credential-service.js';
import { readsOnlyOwn } from '../credentials/scopes.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors.js';
import { isDuplicateKeyError, type LrsDb } from '../store.js';
import type { XapiVersion } from '../version.js';
import { formatStatement } from './formats.js';
import { jsonEqual } from './json-equal.js';
import { checkAttachments } from './multipart.js';
import { InFlightOrds } from './in-flight-ords.js';
import { DEFAULT_SETTLE_LAG_MS, lastOrdAt, StatementClock, storedOf, storedThrough } from './ordering.js';
import type { QueryRequest, SingleRequest, StatementFormat } from './query-params.js';
import { refTarget, statementKeys, type StatementKeys } from './statement-keys.js';
import { assertStorableJson } from './storable-json.js';
import { StatementRepo, type AttachmentRecord, type StatementRecord } from './statement-repo.js';
import { VOIDED_VERB, type Activity, type Context, type Statement, type SubStatement } from './statement-types.js';
import { validateStatement } from './validate.js';

export interface StoreOptions {
  client: LrsClient;
  version: XapiVersion;
  /** Attachment parts sent with the statements, by SHA-2. */
  attachments?: Map<string, { contentType: string; data: Buffer }>;
  /** The launch session whose token sent the statements (kept on the records: provenance). */
  sessionId?: string;
}

export interface StatementResult {
  statements: object[];
  more: string;
  /** Attachment data for the returned statements, when asked for. */
  attachments: AttachmentRecord[];
}

export interface ReadOptions {
  client: LrsClient;
  languages: string[];
}

/** Where the next page of a query starts; carried opaquely in the `more` link. */
export interface PageCursor {
  params: string;
  after: number;
  maxOrd: number;
}

type StatementJson = Statement & Record<string, unknown>;

export interface StatementServiceOptions {
  /**
   * How long another process (e.g. a worker writing to the same MongoDB) may take from
   * numbering a statement to its insert being visible, clock skew between the processes
   * included. `settledOrd()` never passes the order of now minus this. Default 2000.
   */
  settleLagMs?: number;
}

/** What a stored-statements listener is told of each statement (the stored form). */
export type StoredNotice = Readonly<{ id?: string; actor: unknown; verb: { id: string }; object: unknown }>;
export type StoredListener = (statements: ReadonlyArray<StoredNotice>) => void | Promise<void>;

/** Where activity definitions seen in statements go (the Activities resource). */
export interface ActivityRecorder {
  record(activity: { id: string; definition?: Record<string, unknown> }): Promise<void>;
}

export class StatementService {
  readonly repo: StatementRepo;
  private readonly clock: StatementClock;
  private readonly inFlight = new InFlightOrds();
  private readonly settleLagMs: number;
  private ready: Promise<void> | null = null;
  /** Definitions already recorded (copies), by activity id: repeats cost no write. */
  private readonly recordedDefinitions = new Map<string, unknown>();
  private readonly storedListeners = new Set<StoredListener>();
  /** Where a stored-statements listener's failure is reported (set by createLrs). */
  onListenerError: (err: unknown) => void = () => {};

  constructor(
    db: LrsDb,
    private readonly now: () => Date = () => new Date(),
    private readonly activities?: ActivityRecorder,
    options: StatementServiceOptions = {},
  ) {
    this.repo = new StatementRepo(db);
    this.clock = new StatementClock(now);
    this.settleLagMs = options.settleLagMs ?? DEFAULT_SETTLE_LAG_MS;
    if (!Number.isFinite(this.settleLagMs) || this.settleLagMs < 0) {
      throw new RangeError(`settleLagMs must be a number of milliseconds, 0 or more, not ${options.settleLagMs}`);
    }
  }

  init(): Promise<void> {
    this.ready ??= (async () => {
      await this.repo.ensureIndexes();
      this.clock.advancePast(await this.repo.highestOrd());
    })();
    return this.ready;
  }

  /**
   * Store one statement (PUT, with its id) or a batch (POST); returns the ids in order.
   * The statement objects passed in become the LRS's: their id, stored, authority,
   * timestamp and version are set on them (callers pass freshly parsed JSON).
   */
  async store(input: unknown, opts: StoreOptions & { statementId?: string }): Promise<{ ids: string[] }> {
    await this.init();
    const batch = Array.isArray(input) ? input : [input];
    if (opts.statementId !== undefined && Array.isArray(input)) throw new BadRequestError('PUT takes a single statement', 'body');
    if (batch.length === 0) throw new BadRequestError('no statements given', 'body');
    // The input, not `batch`: error paths start `[i]` only for an array.
    assertStorableJson(input);
    batch.forEach((s, i) => validateStatement(s, { version: opts.version, path: Array.isArray(input) ? `[${i}]` : undefined }));
    const statements = batch as StatementJson[];
    if (opts.statementId !== undefined) {
      const given = statements[0]!.id;
      if (given !== undefined && given.toLowerCase() !== opts.statementId.toLowerCase()) {
        throw new BadRequestError('the statement id differs from the statementId parameter', 'statementId');
      }
      statements[0]!.id = given ?? opts.statementId;
    }
    await checkAttachments(statements, opts.attachments ?? new Map(), opts.version);

    for (const s of statements) s.id ??= randomUUID();
    const ids = statements.map((s) => s.id!.toLowerCase());
    if (new Set(ids).size !== ids.length) throw new BadRequestError('statement ids must be unique within a batch', 'id');

    const existing = new Map((await this.repo.findByIds(ids)).map((r) => [r._id, r]));
    const targets = await this.referencedRecords(statements, existing);
    const fresh: StatementJson[] = [];
    const voidings: string[] = [];
    for (const s of statements) {
      const prior = existing.get(s.id!.toLowerCase());
      if (!prior) {
        fresh.push(s);
        continue;
      }
      if (!this.sameAsStored(s, prior, opts.version)) throw new ConflictError(`statement ${s.id} already exists with different content`, 'id');
      if (prior.isVoiding) voidings.push(prior.refTarget!);
    }

    // Every await before numbering: a number taken early falls behind readers' checkpoints.
    await this.saveAttachments(opts.attachments);
    const records = this.numberedRecords(fresh, targets, opts, voidings);
    const landed = records.length ? this.inFlight.add(records[0]!.ord) : () => {};
    try {
      await this.insertAtomically(records);
      // Also for repeats of a voiding statement: a retry after a crash finishes the voiding.
      for (const target of voidings) await this.repo.voidTarget(target);
    } finally {
      landed();
    }
    await this.recordActivities(statements);
    this.announceStored(statements);
    return { ids: statements.map((s) => s.id!) };
  }

  /**
   * Hear of every batch once it is stored (HTTP clients, launch tokens, internal writers
   * alike), repeats of stored statements included; returns the unsubscribe function.
   * Called synchronously after the write: a listener should only note what it needs.
   */
  onStored(listener: StoredListener): () => void {
    this.storedListeners.add(listener);
    return () => void this.storedListeners.delete(listener);
  }

  /** A listener's failure is its own: the statements are stored whatever it does. */
  private announceStored(statements: StatementJson[]): void {
    for (const listener of this.storedListeners) {
      try {
        const done = listener(statements);
        if (done instanceof Promise) done.catch((err: unknown) => this.onListenerError(err));
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }

  async getOne(req: SingleRequest, opts: ReadOptions): Promise<StatementResult> {
    await this.init();
    const record = await this.repo.findOne(req.id, req.voided);
    if (!record || (readsOnlyOwn(opts.client.scopes) && record.authority !== ownKey(opts.client))) {
      throw new NotFoundError(`no ${req.voided ? 'voided ' : ''}statement with id ${req.id}`);
    }
    return this.result([record], '', req.format, req.attachments, opts.languages);
  }

  async query(req: QueryRequest, opts: ReadOptions & { cursor?: PageCursor; params: string; moreBase: string }): Promise<StatementResult> {
    await this.init();
    const maxOrd = opts.cursor?.maxOrd ?? this.clock.highWater;
    const records = await this.repo.query({
      verb: req.verb,
      agent: req.agent,
      activity: req.activity,
      registration: req.registration,
      since: req.since,
      until: req.until,
      authority: readsOnlyOwn(opts.client.scopes) ? ownKey(opts.client) : undefined,
      after: opts.cursor?.after,
      maxOrd,
      ascending: req.ascending,
      limit: req.limit + 1,
    });
    let more = '';
    if (records.length > req.limit) {
      records.length = req.limit;
      const cursor: PageCursor = { params: opts.params, after: records[records.length - 1]!.ord, maxOrd };
      more = `${opts.moreBase}?more=${encodeCursor(cursor)}`;
    }
    return this.result(records, more, req.format, req.attachments, opts.languages);
  }

  /**
   * The highest order at or below which no statement is still in flight: in this process,
   * just below the lowest order whose insert (and voiding) has not finished, else the
   * clock's high water; and, for other processes' writes this one cannot see, never above
   * the order of now minus `settleLagMs`. Readers move checkpoints at most to this.
   */
  settledOrd(): number {
    const lowest = this.inFlight.lowest();
    const own = lowest !== undefined ? lowest - 1 : this.clock.closedThrough();
    const others = lastOrdAt(new Date(this.now().getTime() - this.settleLagMs));
    return Math.min(own, others);
  }

  /** The newest `stored` the LRS can vouch for: every statement stored at or before it is visible. */
  consistentThrough(): string {
    return storedThrough(this.settledOrd()).toISOString();
  }

  private async result(records: StatementRecord[], more: string, format: StatementFormat, withAttachments: boolean, languages: string[]): Promise<StatementResult> {
    const statements = records.map((r) => formatStatement(JSON.parse(r.raw), format, languages));
    const attachments = withAttachments ? await this.repo.findAttachments([...new Set(records.flatMap((r) => r.attachmentHashes ?? []))]) : [];
    return { statements, more, attachments };
  }

  /**
   * What is stored: the statement with the LRS's properties set (xAPI Data 2.4.7-2.4.10).
   * Sets them on the given object, which the service owns (freshly parsed): copying a
   * statement costs more than all of this.
   */
  private storedForm(out: StatementJson, stored: Date, authority: object, version: XapiVersion): StatementJson {
    out.stored = stored.toISOString();
    out.authority = authority as StatementJson['authority'];
    if (out.timestamp === undefined) out.timestamp = out.stored;
    if (out.version === undefined) out.version = version === '2.0.0' ? '2.0.0' : '1.0.0';
    if (out.context?.contextActivities) out.context = contextWithArrays(out.context);
    const obj = out.object as SubStatement;
    if (obj.objectType === 'SubStatement' && obj.context) obj.context = contextWithArrays(obj.context);
    return out;
  }

  /**
   * Is a re-sent statement the one already stored? Compared after the same normalisation
   * (defaults, arrays), ignoring what the LRS sets itself (authority, stored, version).
   */
  private sameAsStored(s: StatementJson, prior: StatementRecord, version: XapiVersion): boolean {
    const stored = JSON.parse(prior.raw) as StatementJson;
    const candidate = this.storedForm(structuredClone(s), new Date(stored.stored!), stored.authority!, version);
    return stableStringify(candidate) === stableStringify(stored);
  }

  /**
   * Numbers the new statements and builds their records (the stored form, query keys).
   * No await: from here to the insert, nothing else of this process can take a number.
   */
  private numberedRecords(fresh: StatementJson[], targets: Map<string, StatementRecord>, opts: StoreOptions, voidings: string[]): StatementRecord[] {
    const authority = opts.client.authority;
    const authorityKey = ifiKey(authority) ?? opts.client.key;
    const keysById = new Map<string, StatementKeys>();
    for (const r of targets.values()) keysById.set(r._id, r.keys);
    const records: StatementRecord[] = [];
    for (const s of fresh) {
      const id = s.id!.toLowerCase();
      const ord = this.clock.next();
      const storedStatement = this.storedForm(s, storedOf(ord), authority, opts.version);
      const target = refTarget(s);
      const keys = statementKeys(storedStatement, target ? keysById.get(target) : undefined);
      keysById.set(id, keys);
      const isVoiding = s.verb.id === VOIDED_VERB && target !== undefined;
      if (isVoiding) voidings.push(target!);
      const record: StatementRecord = { _id: id, ord, raw: JSON.stringify(storedStatement), voided: false, isVoiding, authority: authorityKey, keys };
      if (target) record.refTarget = target;
      if (opts.sessionId) record.sessionId = opts.sessionId;
      const hashes = (s.attachments ?? []).filter((a) => !a.fileUrl || opts.attachments?.has(a.sha2)).map((a) => a.sha2);
      if (hashes.length) record.attachmentHashes = hashes;
      records.push(record);
    }
    return records;
  }

  /** Stored statements that statements of this batch reference (for their query keys). */
  private async referencedRecords(statements: StatementJson[], known: Map<string, StatementRecord>): Promise<Map<string, StatementRecord>> {
    const wanted = statements.map(refTarget).filter((t): t is string => !!t && !known.has(t));
    const found = new Map<string, StatementRecord>();
    for (const r of await this.repo.findByIds([...new Set(wanted)])) found.set(r._id, r);
    for (const [id, r] of known) found.set(id, r);
    return found;
  }

  /** All or nothing: a failure part-way removes what this batch inserted. */
  private async insertAtomically(records: StatementRecord[]): Promise<void> {
    try {
      await this.repo.insert(records);
    } catch (err) {
      await this.repo.remove(records.map((r) => r._id)).catch(() => {});
      if (isDuplicateKeyError(err)) throw new ConflictError('a statement with one of these ids was stored concurrently; retry', 'id');
      throw err;
    }
  }

  /** Teach the Activities resource the definitions these statements carry. */
  private async recordActivities(statements: StatementJson[]): Promise<void> {
    if (!this.activities) return;
    for (const activity of statements.flatMap(activitiesIn)) {
      if (!activity.definition) continue;
      if (jsonEqual(this.recordedDefinitions.get(activity.id), activity.definition)) continue;
      await this.activities.record(activity as { id: string; definition: Record<string, unknown> });
      if (this.recordedDefinitions.size > 50_000) this.recordedDefinitions.clear();
      // A copy: a caller of the internal writer may reuse and change its objects.
      this.recordedDefinitions.set(activity.id, structuredClone(activity.definition));
    }
  }

  private async saveAttachments(parts: StoreOptions['attachments']): Promise<void> {
    if (!parts?.size) return;
    await this.repo.saveAttachments([...parts].map(([sha2, p]) => ({ _id: sha2, contentType: p.contentType, data: p.data })));
  }
}

/** Single context activities are stored as arrays, the form the specification returns. */
function contextWithArrays(ctx: Context | undefined): Context | undefined {
  if (!ctx?.contextActivities) return ctx;
  const ca = { ...ctx.contextActivities } as Record<string, unknown>;
  for (const k of Object.keys(ca)) if (!Array.isArray(ca[k])) ca[k] = [ca[k]];
  return { ...ctx, contextActivities: ca };
}

/** Every Activity object in a statement: its object, context activities, and a sub-statement's. */
function activitiesIn(s: { object: unknown; context?: Context }): Activity[] {
  const out: Activity[] = [];
  const obj = s.object as { objectType?: string };
  if (obj.objectType === undefined || obj.objectType === 'Activity') out.push(obj as Activity);
  const ca = s.context?.contextActivities ?? {};
  for (const list of Object.values(ca)) out.push(...(Array.isArray(list) ? list : [list as Activity]));
  if (obj.objectType === 'SubStatement') out.push(...activitiesIn(obj as SubStatement));
  return out;
}

function ownKey(client: LrsClient): string {
  return ifiKey(client.authority) ?? client.key;
}

/** JSON with sorted keys, leaving out what the LRS sets itself: equal for equivalent statements. */
function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([k, val]) => val !== undefined && k !== 'authority' && k !== 'stored' && k !== 'version')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, val]) => `${JSON.stringify(k)}:${stableStringify(val)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function encodeCursor(c: PageCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(token: string): PageCursor {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageCursor;
    if (typeof c.params === 'string' && Number.isFinite(c.after) && Number.isFinite(c.maxOrd)) return c;
  } catch {
    /* fall through */
  }
  throw new BadRequestError('is not a link this LRS gave out', 'more');
}
