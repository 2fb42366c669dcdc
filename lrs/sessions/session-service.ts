/**
 * Launch sessions: short-lived credentials the host hands to launched content, bound to
 * one actor, registration, activity and session. The host (the LMS) opens a session
 * before launch; the content redeems a one-time fetch key for a token (cmi5 8.2) or gets
 * the token in its launch URL (TinCan launch); requests with the token are limited to
 * that actor/registration/activity and, for `cmi5` sessions, the statements are checked
 * against the cmi5 statement rules (cmi5-rules.ts). The LRS knows nothing of courses:
 * it keeps what the rules need and tells listeners what was stored.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Agent } from '../agents.js';
import type { CredentialService, LrsClient } from '../credentials/credential-service.js';
import type { LrsDb, StoreCollection } from '../store.js';
import { StatementRuleError } from './statement-rules.js';

export type LaunchMode = 'Normal' | 'Browse' | 'Review';
/** `cmi5`: the cmi5 statement rules apply; `xapi`: only the actor/registration binding. */
export type SessionProfile = 'cmi5' | 'xapi';

export interface OpenSessionInput {
  profile: SessionProfile;
  actor: Agent;
  registration: string;
  /** The activity the content reports on (cmi5: the LMS-generated AU activity id). */
  activityId: string;
  sessionId: string;
  /** Name of the internal client whose authority the content's statements carry. */
  authorityName: string;
  /** cmi5: the AU's id from the course structure (expected in context.contextActivities.grouping). */
  publisherId?: string;
  launchMode?: LaunchMode;
  masteryScore?: number;
  moveOn?: string;
  /** When the token stops working, even if the session never ends. */
  expiresAt: Date;
  /** `xapi` sessions get their token at once (it goes in the launch URL). */
  issueTokenNow?: boolean;
  /**
   * The activities the launched content may make statements about when the host claims them
   * (its own package's tree); `activityId` is always in it. See `ActivityOwner`.
   */
  activityScope?: string[];
}

/**
 * The host's answer to "whose is this activity?": a short description of the content or
 * requirement that owns it (another course, a policy version, a learning path), or null
 * for an activity nobody claims (a question, a page). A launch token may not make
 * statements about an activity owned by something outside its session's scope.
 */
export type ActivityOwner = (activityId: string) => Promise<string | null>;

export interface LaunchSession {
  _id: string; // session id
  profile: SessionProfile;
  actor: Agent;
  registration: string;
  activityId: string;
  publisherId?: string;
  /** What the content may make statements about among activities the host claims (absent on sessions opened before scopes: just `activityId`). */
  activityScope?: string[];
  launchMode: LaunchMode;
  masteryScore?: number;
  moveOn?: string;
  authority: Agent;
  authorityKey: string;
  /** Key half of the token (`launch-...`); the secret is kept only as a hash. */
  tokenKey: string;
  tokenHash?: string;
  fetchHash: string;
  fetched: boolean;
  /** cmi5 11.0.0.0-3: the AU read cmi5LearnerPreferences (required before "initialized"). */
  preferencesRead?: boolean;
  initialized: boolean;
  /** Until the session ends (indexed: the abandon job and a new launch look for open sessions). */
  open: boolean;
  /** Set when the session ended: terminated by the content, or abandoned by the host. */
  closed?: 'terminated' | 'abandoned';
  /** cmi5 defined verbs used in this session. */
  verbs: string[];
  openedAt: Date;
  /** Last request with the token (the stale-session job looks at it). */
  lastActivityAt: Date;
  /** Last statement stored (an abandoned session's duration runs from launch to it, cmi5 9.5.4.2). */
  lastStatementAt?: Date;
  expiresAt: Date;
}

/** What a registration's content has achieved on an activity (cmi5: once per registration). */
export interface RegistrationProgress {
  _id: string; // `${registration}|${activityId}`
  completed: boolean;
  passed: boolean;
}

export type StoredListener = (session: LaunchSession, statements: Record<string, unknown>[]) => Promise<void>;

export const TOKEN_KEY_PREFIX = 'launch-';

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** The value for `Authorization: Basic <token>`: base64 of `key:secret`, as Basic expects. */
function tokenOf(key: string, secret: string): string {
  return Buffer.from(`${key}:${secret}`).toString('base64');
}

export class SessionService {
  private readonly sessions: StoreCollection<LaunchSession>;
  private readonly progress: StoreCollection<RegistrationProgress>;
  private readonly listeners: StoredListener[] = [];
  /** Statements of one session are checked and stored one request at a time. */
  private readonly locks = new Map<string, Promise<unknown>>();
  private ready: Promise<void> | null = null;

  constructor(
    db: LrsDb,
    private readonly credentials: CredentialService,
    private readonly now: () => Date = () => new Date(),
    private readonly logError: (err: unknown) => void = (err) => console.error('launch session listener failed', err),
    private readonly activityOwner: ActivityOwner = async () => null,
  ) {
    this.sessions = db.collection<LaunchSession>('lrs_launch_sessions');
    this.progress = db.collection<RegistrationProgress>('lrs_launch_progress');
  }

  init(): Promise<void> {
    this.ready ??= (async () => {
      await this.sessions.createIndex({ tokenKey: 1 }, { unique: true });
      await this.sessions.createIndex({ fetchHash: 1 });
      await this.sessions.createIndex({ registration: 1 });
      await this.sessions.createIndex({ open: 1 });
    })();
    return this.ready;
  }

  /**
   * Open a session. Returns the fetch key (cmi5: the host puts it in its fetch URL and
   * redeems it with `redeemFetch`) and, with `issueTokenNow`, the token itself.
   */
  async open(input: OpenSessionInput): Promise<{ sessionId: string; fetchKey: string; token?: string }> {
    await this.init();
    const client = await this.credentials.internalClient(input.authorityName);
    const fetchKey = randomBytes(24).toString('base64url');
    const tokenKey = TOKEN_KEY_PREFIX + randomBytes(12).toString('base64url');
    const now = this.now();
    const record: LaunchSession = {
      _id: input.sessionId,
      profile: input.profile,
      actor: input.actor,
      registration: input.registration.toLowerCase(),
      activityId: input.activityId,
      launchMode: input.launchMode ?? 'Normal',
      authority: client.authority,
      authorityKey: client.key,
      tokenKey,
      fetchHash: sha256(fetchKey),
      fetched: false,
      open: true,
      initialized: false,
      verbs: [],
      openedAt: now,
      lastActivityAt: now,
      expiresAt: input.expiresAt,
    };
    if (input.publisherId !== undefined) record.publisherId = input.publisherId;
    record.activityScope = [...new Set([input.activityId, ...(input.activityScope ?? [])])];
    if (input.masteryScore !== undefined) record.masteryScore = input.masteryScore;
    if (input.moveOn !== undefined) record.moveOn = input.moveOn;
    let token: string | undefined;
    if (input.issueTokenNow) {
      const secret = randomBytes(32).toString('base64url');
      record.tokenHash = sha256(secret);
      record.fetched = true;
      token = tokenOf(tokenKey, secret);
    }
    await this.sessions.insertOne(record);
    return { sessionId: input.sessionId, fetchKey, token };
  }

  /**
   * The fetch URL's answer (cmi5 8.2): the token the first time; `already-used` after
   * that (the token is given once); `unknown` for a key that names no session, or one
   * that has ended.
   */
  async redeemFetch(fetchKey: string): Promise<{ token: string } | { error: 'already-used' | 'unknown' }> {
    await this.init();
    const secret = randomBytes(32).toString('base64url');
    const claimed = await this.sessions.findOneAndUpdate(
      { fetchHash: sha256(fetchKey), fetched: false, open: true },
      { $set: { fetched: true, tokenHash: sha256(secret), lastActivityAt: this.now() } },
      { returnDocument: 'after' },
    );
    if (claimed) return { token: tokenOf(claimed.tokenKey, secret) };
    const known = await this.sessions.findOne({ fetchHash: sha256(fetchKey) });
    return { error: known && !known.closed ? 'already-used' : 'unknown' };
  }

  /** The live session for these Basic credentials, or null (unknown, wrong secret, expired). */
  async verify(tokenKey: string, secret: string): Promise<{ session: LaunchSession; client: LrsClient } | null> {
    await this.init();
    const session = await this.sessions.findOne({ tokenKey });
    if (!session?.tokenHash || !safeEqualHex(sha256(secret), session.tokenHash)) return null;
    if (session.expiresAt.getTime() <= this.now().getTime()) return null;
    return { session, client: sessionClient(session) };
  }

  get(sessionId: string): Promise<LaunchSession | null> {
    return this.sessions.findOne({ _id: sessionId });
  }

  /** Several sessions by id (the host reads them to judge where a statement came from). */
  getMany(sessionIds: string[]): Promise<LaunchSession[]> {
    if (!sessionIds.length) return Promise.resolve([]);
    return this.sessions.find({ _id: { $in: sessionIds } }).toArray();
  }

  /**
   * 403 (rule `launch-activity-scope`) when a statement of the batch is about an activity
   * the host says belongs to other content: a token launched for one course cannot assert
   * anything about another course, a policy or a requirement. Activities nobody claims
   * (questions, pages) stay open to the content.
   */
  async checkActivityScope(session: LaunchSession, statements: unknown[]): Promise<void> {
    const scope = new Set(session.activityScope ?? [session.activityId]);
    for (const id of new Set(statements.flatMap(objectActivityIds))) {
      if (scope.has(id)) continue;
      const owner = await this.activityOwner(id);
      if (owner) {
        throw new StatementRuleError('launch-activity-scope', `a token launched for ${session.activityId} may not make statements about ${id}, which belongs to ${owner}`);
      }
    }
  }

  /** Sessions of a registration that have not ended. */
  openSessions(registration: string): Promise<LaunchSession[]> {
    return this.sessions.find({ registration: registration.toLowerCase(), open: true }).toArray();
  }

  /**
   * Sessions of an actor that have not ended (the host ends them when the person loses
   * access). Matched on the actor's identifier, whichever kind it is.
   */
  openSessionsOf(actor: Agent): Promise<LaunchSession[]> {
    const filter: Record<string, unknown> = { open: true };
    if (actor.mbox) filter['actor.mbox'] = actor.mbox;
    else if (actor.mbox_sha1sum) filter['actor.mbox_sha1sum'] = actor.mbox_sha1sum;
    else if (actor.openid) filter['actor.openid'] = actor.openid;
    else if (actor.account) Object.assign(filter, { 'actor.account.homePage': actor.account.homePage, 'actor.account.name': actor.account.name });
    else return Promise.resolve([]);
    return this.sessions.find(filter).toArray();
  }

  /** Sessions not ended whose last request is older than `before` (for the host's abandon job). */
  async staleSessions(before: Date): Promise<LaunchSession[]> {
    return this.sessions.find({ open: true, lastActivityAt: { $lt: before } }).toArray();
  }

  /**
   * End a session that did not terminate. Returns the session as it was when open
   * (its launch and last-activity times give the duration), or null when it had
   * already ended: the caller then writes no `abandoned` statement.
   */
  async abandon(sessionId: string): Promise<LaunchSession | null> {
    return this.sessions.findOneAndUpdate({ _id: sessionId, open: true }, { $set: { closed: 'abandoned', open: false } }, { returnDocument: 'before' });
  }

  /** Note a request with the token, at most once a minute per session (staleness, not billing). */
  async touch(session: LaunchSession): Promise<void> {
    const t = this.now();
    if (t.getTime() - session.lastActivityAt.getTime() < 60_000) return;
    await this.sessions.updateOne({ _id: session._id }, { $set: { lastActivityAt: t } });
  }

  /** The AU asked for its cmi5LearnerPreferences (found or not). */
  async notePreferencesRead(sessionId: string): Promise<void> {
    await this.sessions.updateOne({ _id: sessionId, preferencesRead: { $ne: true } }, { $set: { preferencesRead: true } });
  }

  /** Call after the content's statements were stored; the host evaluates them here. */
  onStored(listener: StoredListener): void {
    this.listeners.push(listener);
  }

  progressOf(session: LaunchSession): Promise<RegistrationProgress | null> {
    return this.progress.findOne({ _id: `${session.registration}|${session.activityId}` });
  }

  /** Record what a checked-and-stored batch changed in the session and registration. */
  async record(session: LaunchSession, change: SessionChange): Promise<void> {
    const set: Partial<LaunchSession> = { lastActivityAt: this.now(), lastStatementAt: this.now() };
    if (change.initialized) set.initialized = true;
    if (change.terminated) {
      set.closed = 'terminated';
      set.open = false;
    }
    const update: Record<string, unknown> = { $set: set };
    if (change.verbs.length) update.$addToSet = { verbs: { $each: change.verbs } };
    await this.sessions.updateOne({ _id: session._id }, update);
    if (change.completed || change.passed) {
      const p: Partial<RegistrationProgress> = {};
      if (change.completed) p.completed = true;
      if (change.passed) p.passed = true;
      await this.progress.updateOne(
        { _id: `${session.registration}|${session.activityId}` },
        { $set: p, $setOnInsert: { ...(change.completed ? {} : { completed: false }), ...(change.passed ? {} : { passed: false }) } },
        { upsert: true },
      );
    }
  }

  /** Notify the host; its failures are its own (logged by it), never the content's. */
  async notifyStored(session: LaunchSession, statements: Record<string, unknown>[]): Promise<void> {
    for (const l of this.listeners) await l(session, statements).catch(this.logError);
  }

  /** Run `fn` alone for this session: two requests of one session never interleave their checks. */
  async exclusive<T>(sessionId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.locks.get(sessionId) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.catch(() => {});
    this.locks.set(sessionId, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(sessionId) === tail) this.locks.delete(sessionId);
    }
  }
}

export interface SessionChange {
  initialized: boolean;
  terminated: boolean;
  verbs: string[];
  completed: boolean;
  passed: boolean;
}

/** The activity ids a statement is about: its object, and a sub-statement's object. */
function objectActivityIds(raw: unknown): string[] {
  const s = raw as { object?: { objectType?: string; id?: unknown; object?: unknown } } | null;
  const obj = s?.object;
  if (!obj || typeof obj !== 'object') return [];
  if ((obj.objectType === undefined || obj.objectType === 'Activity') && typeof obj.id === 'string') return [obj.id];
  if (obj.objectType === 'SubStatement') return objectActivityIds(obj);
  return [];
}

/** What the rest of the LRS sees as the request's client: scopes the guard narrows further. */
function sessionClient(s: LaunchSession): LrsClient {
  return {
    key: s.tokenKey,
    name: `launch session ${s._id}`,
    scopes: ['statements/write', 'statements/read', 'state', 'profile'],
    authority: s.authority,
    active: true,
    createdAt: s.openedAt.toISOString(),
    internal: false,
  };
}
