/**
 * express-session's Store over our store's `sessions` collection, so sessions survive
 * restarts and work the same on MongoDB and the embedded store. Expired sessions are
 * ignored on read and removed by `purgeExpired` (run as a repeatable job).
 */
import session from 'express-session';
import type { StoreCollection } from '../store/types.js';

interface SessionRecord {
  _id: string;
  data: string;
  expires: Date;
  userId?: string;
}

/** How often a session's sliding expiry is written back, at most (every request would be a write). */
const TOUCH_INTERVAL_MS = 60_000;
/** Bound on the remembered touch times (per process; forgetting one only costs a write). */
const MAX_REMEMBERED_TOUCHES = 100_000;

export class StoreSessionStore extends session.Store {
  private readonly lastTouch = new Map<string, number>();

  constructor(
    private readonly sessions: StoreCollection<SessionRecord>,
    private readonly defaultTtlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
  }

  static async create(sessions: StoreCollection<SessionRecord>, defaultTtlMs: number, now?: () => Date): Promise<StoreSessionStore> {
    await sessions.createIndex({ expires: 1 });
    await sessions.createIndex({ userId: 1 });
    return new StoreSessionStore(sessions, defaultTtlMs, now);
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    this.sessions
      .findOne({ _id: sid })
      .then((rec) => cb(null, rec && rec.expires > this.now() ? (JSON.parse(rec.data) as session.SessionData) : null))
      .catch(cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const userId = (sess as session.SessionData & { passport?: { user?: string } }).passport?.user;
    const rec: SessionRecord = { _id: sid, data: JSON.stringify(sess), expires: this.expiryOf(sess) };
    if (userId) rec.userId = userId;
    this.sessions
      .replaceOne({ _id: sid }, rec, { upsert: true })
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const t = this.now().getTime();
    const last = this.lastTouch.get(sid);
    if (last !== undefined && t - last < TOUCH_INTERVAL_MS) {
      cb?.();
      return;
    }
    if (this.lastTouch.size >= MAX_REMEMBERED_TOUCHES) this.lastTouch.clear();
    this.lastTouch.set(sid, t);
    this.sessions
      .updateOne({ _id: sid }, { $set: { expires: this.expiryOf(sess) } })
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.lastTouch.delete(sid);
    this.sessions
      .deleteOne({ _id: sid })
      .then(() => cb?.())
      .catch((err) => cb?.(err));
  }

  /** End every session of a person (deactivation, password reset), or every one but `exceptSid` (their own password change). */
  async destroyForUser(userId: string, exceptSid?: string): Promise<number> {
    return (await this.sessions.deleteMany(exceptSid ? { userId, _id: { $ne: exceptSid } } : { userId })).deletedCount;
  }

  async purgeExpired(): Promise<number> {
    return (await this.sessions.deleteMany({ expires: { $lte: this.now() } })).deletedCount;
  }

  private expiryOf(sess: session.SessionData): Date {
    const cookieExpiry = sess.cookie?.expires ? new Date(sess.cookie.expires) : null;
    return cookieExpiry ?? new Date(this.now().getTime() + this.defaultTtlMs);
  }
}
