/** In-app notifications (per person, mark read) and the outbox listing for HR. */
import { randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import { bulkWriteFailure, type StoreCollection, type StoreDb } from '../store/types.js';
import { createMailer, type Mailer } from './mailer.js';
import type { NotificationDoc, OutboxDoc } from './notification-types.js';

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link?: string;
  createdAt: string;
  read: boolean;
}

export interface NotificationService {
  mailer: Mailer;
  notify(n: Omit<NotificationDoc, '_id' | 'createdAt'>): Promise<string>;
  /** Notices with ids of their own (`assigned|<assignment id>`): one already sent is skipped, so a repeat or a racing process sends nothing twice. */
  notifyOnce(items: ReadonlyArray<Omit<NotificationDoc, 'createdAt'>>): Promise<number>;
  /** As notifyOnce, answering the ids of the notices this call sent (not those sent before): what to email once. */
  notifyNew(items: ReadonlyArray<Omit<NotificationDoc, 'createdAt'>>): Promise<string[]>;
  list(personId: string, opts: { unreadOnly?: boolean; limit: number }): Promise<{ items: NotificationView[]; unread: number }>;
  markRead(personId: string, ids?: string[]): Promise<number>;
  outbox(opts: { limit: number; offset: number }): Promise<{ items: Array<Omit<OutboxDoc, '_id' | 'createdAt'> & { id: string; createdAt: string }>; total: number; delivery: Mailer['kind'] }>;
}

export async function openNotifications(db: StoreDb, opts: { smtpUrl?: string; from: string; now: () => Date; transport?: Transporter }): Promise<NotificationService> {
  const notifications = db.collection<NotificationDoc>('notifications');
  const outbox: StoreCollection<OutboxDoc> = db.collection<OutboxDoc>('outbox');
  await notifications.createIndex({ personId: 1 });
  const mailer = createMailer({ smtpUrl: opts.smtpUrl, from: opts.from, outbox, transport: opts.transport, now: opts.now });
  const notifyNew: NotificationService['notifyNew'] = async (items) => {
    if (!items.length) return [];
    const createdAt = opts.now();
    try {
      await notifications.bulkWrite(items.map((n) => ({ insertOne: { document: { ...n, createdAt } } })), { ordered: false });
      return items.map((n) => n._id);
    } catch (err) {
      const failure = bulkWriteFailure(err);
      if (!failure || failure.writeErrors.some((w) => w.code !== 11000)) throw err;
      // The duplicates are the notices sent before (by an earlier run or a racing process).
      const sentBefore = new Set(failure.writeErrors.map((w) => w.index));
      return items.filter((_, i) => !sentBefore.has(i)).map((n) => n._id);
    }
  };
  return {
    mailer,
    async notify(n) {
      const doc: NotificationDoc = { _id: randomUUID(), ...n, createdAt: opts.now() };
      await notifications.insertOne(doc);
      return doc._id;
    },
    async notifyOnce(items) {
      return (await notifyNew(items)).length;
    },
    notifyNew,
    async list(personId, q) {
      const filter = q.unreadOnly ? { personId, readAt: { $exists: false } } : { personId };
      const docs = await notifications.find(filter).toArray();
      docs.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      const unread = await notifications.countDocuments({ personId, readAt: { $exists: false } });
      return {
        unread,
        items: docs.slice(0, q.limit).map((d) => ({ id: d._id, kind: d.kind, title: d.title, body: d.body, ...(d.link ? { link: d.link } : {}), createdAt: d.createdAt.toISOString(), read: !!d.readAt })),
      };
    },
    async markRead(personId, ids) {
      const filter = ids ? { personId, _id: { $in: ids }, readAt: { $exists: false } } : { personId, readAt: { $exists: false } };
      return (await notifications.updateMany(filter, { $set: { readAt: opts.now() } })).modifiedCount;
    },
    async outbox(q) {
      const docs = await outbox.find({}).toArray();
      docs.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      return {
        total: docs.length,
        delivery: mailer.kind,
        items: docs.slice(q.offset, q.offset + q.limit).map(({ _id, createdAt, ...rest }) => ({ id: _id, ...rest, createdAt: createdAt.toISOString() })),
      };
    },
  };
}
