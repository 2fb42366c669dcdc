/**
 * Email delivery: through nodemailer to SMTP_URL when it is set (or to a transport a test
 * passes, such as nodemailer's JSON transport), otherwise into the `outbox` collection that
 * HR sees in the portal, so nothing is lost on an installation without mail.
 */
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { StoreCollection } from '../store/types.js';
import type { Email, OutboxDoc } from './notification-types.js';

export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(email: Email): Promise<{ messageId: string }>;
  /** Several emails: into the outbox in one write; over SMTP one by one. Answers those that failed (SMTP), by index. */
  sendMany(emails: readonly Email[]): Promise<Array<{ index: number; error: unknown }>>;
}

export function createMailer(opts: { smtpUrl?: string; from: string; outbox: StoreCollection<OutboxDoc>; transport?: Transporter; now: () => Date }): Mailer {
  const transport = opts.transport ?? (opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null);
  if (transport) {
    const send = async (email: Email) => {
      const info = await transport.sendMail({ from: opts.from, to: email.to, subject: email.subject, text: email.text, ...(email.attachments ? { attachments: email.attachments } : {}) });
      return { messageId: String(info.messageId) };
    };
    return {
      kind: 'smtp',
      send,
      async sendMany(emails) {
        const failed: Array<{ index: number; error: unknown }> = [];
        for (const [index, email] of emails.entries()) {
          try {
            await send(email);
          } catch (error) {
            failed.push({ index, error });
          }
        }
        return failed;
      },
    };
  }
  const toDoc = (email: Email): OutboxDoc => {
    const doc: OutboxDoc = { _id: randomUUID(), to: email.to, subject: email.subject, text: email.text, createdAt: opts.now() };
    if (email.reminderKey) doc.reminderKey = email.reminderKey;
    if (email.attachments) doc.attachments = email.attachments;
    return doc;
  };
  return {
    kind: 'outbox',
    async send(email) {
      const doc = toDoc(email);
      await opts.outbox.insertOne(doc);
      return { messageId: doc._id };
    },
    async sendMany(emails) {
      // A first evaluation may assign thousands at once: one durable write, not one each.
      if (emails.length) await opts.outbox.bulkWrite(emails.map((e) => ({ insertOne: { document: toDoc(e) } })), { ordered: true });
      return [];
    },
  };
}
