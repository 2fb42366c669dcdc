/**
 * Reminders from the materialised compliance status: N days before a due date or an
 * expiry (90/60/30 by default), on overdue/expired, and an escalation to the manager once
 * something has been overdue for the configured delay.
 *
 * Never the same reminder twice, across restarts and processes: each reminder has a key
 * (person, assignment, cycle, kind) that is inserted into `reminders` (unique `_id`)
 * BEFORE anything is sent; a run that finds the key already there sends nothing. The
 * record then says `sent` or `failed` (failed ones are retried, up to MAX_ATTEMPTS).
 * When several thresholds have passed at once (assigned 20 days before the due date),
 * only the nearest is sent. An assignment email that could not be delivered when the
 * assignment was made is kept here too (kind `assigned`) and retried by the same scan.
 */
import { Types } from 'mongoose';
import type { UserModel } from '../people/user-model.js';
import type { NotificationService } from '../notifications/notification-service.js';
import { isDuplicateKeyError, type StoreCollection, type StoreDb } from '../store/types.js';
import type { ComplianceStatusDoc } from './compliance-types.js';
import { DEFAULT_TEMPLATES, renderTemplate, type EmailTemplate, type EmailTemplates, type TemplateKind } from '../notifications/email-templates.js';

export interface ReminderDoc {
  /** `${personId}|${assignmentId}|${kind}` (the assignment id carries the cycle). */
  _id: string;
  personId: string;
  /** Who receives it: the person, or their manager for an escalation. */
  recipientId: string;
  assignmentId: string;
  cycle: number;
  kind: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  createdAt: Date;
  /** Each channel is marked when done, so a retry after a failed email does not notify twice. */
  notifiedAt?: Date;
  sentAt?: Date;
  error?: string;
  /** An assignment email whose first delivery failed (kind `assigned`): kept to be sent again by the scan. */
  email?: { to: string; subject: string; text: string };
}

export interface ReminderConfig {
  /** Days before the due date / expiry, e.g. [90, 60, 30]. */
  days: number[];
  /** Days overdue (or expired) before the manager is told. */
  escalationDays: number;
  publicUrl: string;
}

export interface ReminderRun {
  considered: number;
  sent: number;
  failed: number;
  skipped: number;
}

const DAY = 86400_000;
const MAX_ATTEMPTS = 3;

/** The reminder kinds due now for one status (nearest threshold only), escalation included. */
export function remindersDue(s: ComplianceStatusDoc, now: Date, cfg: ReminderConfig): Array<{ kind: string; toManager: boolean; ref: Date }> {
  const out: Array<{ kind: string; toManager: boolean; ref: Date }> = [];
  const t = now.getTime();
  const byExpiry = s.status === 'complete' || s.status === 'expiring' || s.status === 'expired';
  const ref = byExpiry ? s.expiresAt : s.status !== 'complete' ? s.dueAt : undefined;
  if (!ref) return out;
  const r = new Date(ref);
  const late = byExpiry ? s.status === 'expired' : s.status === 'overdue';
  if (late || t >= r.getTime()) {
    out.push({ kind: byExpiry ? 'expired' : 'overdue', toManager: false, ref: r });
    if (s.managerId && t >= r.getTime() + cfg.escalationDays * DAY) out.push({ kind: byExpiry ? 'escalation-expired' : 'escalation-overdue', toManager: true, ref: r });
    return out;
  }
  const daysLeft = (r.getTime() - t) / DAY;
  const threshold = [...cfg.days].sort((a, b) => a - b).find((d) => daysLeft <= d);
  if (threshold !== undefined) out.push({ kind: `${byExpiry ? 'expiry' : 'due'}-${threshold}`, toManager: false, ref: r });
  return out;
}

export async function openReminders(db: StoreDb): Promise<StoreCollection<ReminderDoc>> {
  const reminders = db.collection<ReminderDoc>('reminders');
  await reminders.createIndex({ state: 1 });
  return reminders;
}

export async function scanReminders(deps: {
  statuses: StoreCollection<ComplianceStatusDoc>;
  reminders: StoreCollection<ReminderDoc>;
  users: UserModel;
  notifications: NotificationService;
  config: ReminderConfig;
  now: Date;
  /** HR's words for the emails (defaults when absent). */
  templates?: EmailTemplates;
}): Promise<ReminderRun> {
  const { now, config } = deps;
  const run: ReminderRun = { considered: 0, sent: 0, failed: 0, skipped: 0 };
  await retryAssignmentEmails(deps.reminders, deps.notifications, now, run);
  const horizon = new Date(now.getTime() + Math.max(0, ...config.days) * DAY);
  // Only what is due or expiring within the largest threshold, or late.
  const statuses = await deps.statuses
    .find({ $or: [{ status: { $in: ['overdue', 'expired'] } }, { dueAt: { $lte: horizon }, status: { $in: ['not_started', 'in_progress'] } }, { expiresAt: { $lte: horizon } }] })
    .toArray();
  const work: Array<{ s: ComplianceStatusDoc; kind: string; toManager: boolean; ref: Date }> = [];
  for (const s of statuses) for (const due of remindersDue(s, now, config)) work.push({ s, ...due });
  run.considered = work.length;
  if (!work.length) return run;

  const templates = deps.templates ? await deps.templates.current() : DEFAULT_TEMPLATES;
  const ids = [...new Set(work.flatMap((w) => [w.s.personId, w.s.managerId ?? w.s.personId]))];
  const people = new Map<string, { name: string; email: string; active: boolean }>();
  for (const u of await deps.users.find({ _id: { $in: ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id)) } }, { name: 1, email: 1, active: 1 }).lean<Array<{ _id: Types.ObjectId; name: string; email: string; active: boolean }>>().exec()) {
    people.set(u._id.toHexString(), u);
  }

  for (const w of work) {
    const recipientId = w.toManager ? w.s.managerId! : w.s.personId;
    const recipient = people.get(recipientId);
    const person = people.get(w.s.personId);
    if (!recipient?.active || !person) {
      run.skipped++;
      continue;
    }
    const key = `${w.s.personId}|${w.s.assignmentId}|${w.kind}`;
    const claimed = await claim(deps.reminders, key, { personId: w.s.personId, recipientId, assignmentId: w.s.assignmentId, cycle: w.s.cycle, kind: w.kind }, now);
    if (!claimed) {
      run.skipped++;
      continue;
    }
    const message = compose(w.kind, w.s, person.name, w.ref, config.publicUrl, templates);
    try {
      if (!claimed.notifiedAt) {
        await deps.notifications.notify({ personId: recipientId, kind: w.kind, title: message.subject, body: message.text, link: w.toManager ? '#/my-team' : pageOf(w.s), reminderKey: key });
        await deps.reminders.updateOne({ _id: key }, { $set: { notifiedAt: now } });
      }
      await deps.notifications.mailer.send({ to: recipient.email, subject: message.subject, text: message.text, reminderKey: key });
      await deps.reminders.updateOne({ _id: key }, { $set: { state: 'sent', sentAt: now }, $unset: { error: 1 } });
      run.sent++;
    } catch (err) {
      await deps.reminders.updateOne({ _id: key }, { $set: { state: 'failed', error: String((err as Error).message ?? err).slice(0, 500) } });
      run.failed++;
    }
  }
  return run;
}

/** Keeps an assignment email whose delivery failed, for the next scans to send again (up to MAX_ATTEMPTS in all). */
export async function keepFailedAssignmentEmail(
  reminders: StoreCollection<ReminderDoc>,
  a: { personId: string; assignmentId: string; cycle: number },
  email: { to: string; subject: string; text: string },
  error: unknown,
  now: Date,
): Promise<void> {
  const doc: ReminderDoc = { _id: `${a.personId}|${a.assignmentId}|assigned`, personId: a.personId, recipientId: a.personId, assignmentId: a.assignmentId, cycle: a.cycle, kind: 'assigned', state: 'failed', attempts: 1, createdAt: now, notifiedAt: now, email, error: String((error as Error)?.message ?? error).slice(0, 500) };
  try {
    await reminders.insertOne(doc);
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

async function retryAssignmentEmails(reminders: StoreCollection<ReminderDoc>, notifications: NotificationService, now: Date, run: ReminderRun): Promise<void> {
  for (const kept of await reminders.find({ kind: 'assigned', state: 'failed', attempts: { $lt: MAX_ATTEMPTS } }).toArray()) {
    const claimed = await reminders.findOneAndUpdate({ _id: kept._id, state: 'failed', attempts: { $lt: MAX_ATTEMPTS } }, { $set: { state: 'pending' }, $inc: { attempts: 1 } }, { returnDocument: 'after' });
    if (!claimed?.email) continue;
    run.considered++;
    try {
      await notifications.mailer.send({ ...claimed.email, reminderKey: kept._id });
      await reminders.updateOne({ _id: kept._id }, { $set: { state: 'sent', sentAt: now }, $unset: { error: 1 } });
      run.sent++;
    } catch (err) {
      await reminders.updateOne({ _id: kept._id }, { $set: { state: 'failed', error: String((err as Error).message ?? err).slice(0, 500) } });
      run.failed++;
    }
  }
}

/** Take the reminder's key; null when it is already taken (sent, pending, or failed too often). */
async function claim(reminders: StoreCollection<ReminderDoc>, key: string, fields: Pick<ReminderDoc, 'personId' | 'recipientId' | 'assignmentId' | 'cycle' | 'kind'>, now: Date): Promise<ReminderDoc | null> {
  const doc: ReminderDoc = { _id: key, ...fields, state: 'pending', attempts: 1, createdAt: now };
  try {
    await reminders.insertOne(doc);
    return doc;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
  // A failed delivery may be tried again, a few times; a pending one may have been sent (unknown): never.
  return reminders.findOneAndUpdate({ _id: key, state: 'failed', attempts: { $lt: MAX_ATTEMPTS } }, { $set: { state: 'pending' }, $inc: { attempts: 1 } }, { returnDocument: 'after' });
}

/** The page a reminder is about: the course itself, or the path or policy on My learning (opened after sign-in when needed). */
export function pageOf(s: Pick<ComplianceStatusDoc, 'targetType' | 'targetId'>): string {
  if (s.targetType === 'package') return `#/player/${encodeURIComponent(s.targetId)}`;
  if (s.targetType === 'path' || s.targetType === 'policy') return `#/my-learning/${s.targetType}/${encodeURIComponent(s.targetId)}`;
  return '#/my-learning';
}

function compose(kind: string, s: ComplianceStatusDoc, personName: string, ref: Date, publicUrl: string, templates: Record<TemplateKind, EmailTemplate>): EmailTemplate {
  const values: Record<string, string> = { title: s.title, date: ref.toISOString().slice(0, 10), name: personName, link: `${publicUrl}/${pageOf(s)}` };
  if (kind.startsWith('escalation')) {
    return renderTemplate(templates.escalation, { ...values, person: personName, what: kind === 'escalation-expired' ? 'expired' : 'was due', state: kind === 'escalation-expired' ? 'expired' : 'overdue', link: `${publicUrl}/#/my-team` });
  }
  if (kind === 'overdue' || kind === 'expired') return renderTemplate(templates[kind], values);
  const [base, days] = kind.split('-') as ['due' | 'expiry', string];
  return renderTemplate(templates[base], { ...values, days });
}
