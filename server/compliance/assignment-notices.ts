/**
 * The learner's notice of a new assignment (or a renewal cycle): in-app, once per
 * assignment whatever re-runs or races happen (the notice's id is the assignment's), with
 * a link to their to-do list; and, for the notices this run sent, an email in HR's
 * "assignment" template whose link opens the item itself after sign-in (as reminders do);
 * one that cannot be delivered is kept for the reminder scan to send again.
 * Reminders before the due date stay the reminder engine's.
 */
import { Types } from 'mongoose';
import type { AssignmentDoc, RuleDoc } from '../assignments/assignment-types.js';
import { renderTemplate, type EmailTemplates } from '../notifications/email-templates.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { Email } from '../notifications/notification-types.js';
import type { UserModel } from '../people/user-model.js';
import type { StoreDb } from '../store/types.js';
import { keepFailedAssignmentEmail, pageOf, type ReminderDoc } from './reminders.js';

const day = (d: Date) => new Date(d).toISOString().slice(0, 10);

export function assignmentNotice(a: AssignmentDoc): { _id: string; personId: string; kind: string; title: string; body: string; link: string } {
  const title = a.title ?? 'New learning';
  const renewal = a.cycle > 0;
  const due = a.dueAt ? `Due ${day(a.dueAt)}.` : 'No due date.';
  return {
    _id: `assigned|${a._id}`,
    personId: a.personId,
    kind: renewal ? 'renewal' : 'assigned',
    title: renewal ? `Time to renew: ${title}` : `Assigned to you: ${title}`,
    body: renewal && a.previousExpiresAt ? `Your last completion expires on ${day(a.previousExpiresAt)}. ${due}` : due,
    link: '#/my-learning',
  };
}

/**
 * HR's enrolment of a person in a path or policy, as an assignment for its notice and email
 * (by HR, no rule). Its id is the enrolment's own, so it is announced once, apart from any
 * rule's assignment of the same thing.
 */
export function enrolmentAssignment(e: { id: string; personId: string; targetType: 'path' | 'policy'; targetId: string; title: string; enrolledAt: Date; dueAt?: Date }): AssignmentDoc {
  return { _id: `enrolment|${e.id}`, personId: e.personId, target: { type: e.targetType, id: e.targetId }, cycle: 0, assignedAt: e.enrolledAt, active: true, title: e.title, ...(e.dueAt ? { dueAt: e.dueAt } : {}) };
}

export interface AssignmentEmailDeps {
  db: StoreDb;
  users: UserModel;
  templates: EmailTemplates;
  publicUrl: string;
  now: () => Date;
  /** A failed delivery is reported and kept for the reminder scan to retry: the evaluation that made the assignment goes on. */
  onError?: (err: unknown, assignmentId: string) => void;
}

export function notifyAssigned(notifications: NotificationService, email?: AssignmentEmailDeps) {
  return async (assignments: AssignmentDoc[]): Promise<void> => {
    const active = assignments.filter((a) => a.active);
    const sent = new Set(await notifications.notifyNew(active.map(assignmentNotice)));
    const fresh = active.filter((a) => sent.has(`assigned|${a._id}`));
    if (email && fresh.length) await emailAssigned(notifications, email, fresh);
  };
}

async function emailAssigned(notifications: NotificationService, deps: AssignmentEmailDeps, assignments: AssignmentDoc[]): Promise<void> {
  const template = (await deps.templates.current()).assignment;
  const ids = [...new Set(assignments.map((a) => a.personId))].filter((id) => Types.ObjectId.isValid(id));
  const people = new Map(
    (await deps.users.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } }, { name: 1, email: 1, active: 1 }).lean<Array<{ _id: Types.ObjectId; name: string; email: string; active: boolean }>>().exec()).map((u) => [
      u._id.toHexString(),
      u,
    ]),
  );
  const ruleIds = [...new Set(assignments.flatMap((a) => (a.ruleId ? [a.ruleId] : [])))];
  const rules = new Map((await deps.db.collection<RuleDoc>('assignment_rules').find({ _id: { $in: ruleIds } }).toArray()).map((r) => [r._id, r.name]));
  const emails: Array<{ assignment: AssignmentDoc; email: Email }> = [];
  for (const a of assignments) {
    const person = people.get(a.personId);
    if (!person?.active || !person.email) continue;
    const rule = a.ruleId ? rules.get(a.ruleId) : undefined;
    const message = renderTemplate(template, {
      title: a.title ?? 'New learning',
      date: a.dueAt ? day(a.dueAt) : 'no due date',
      name: person.name,
      reason: a.cycle > 0 ? `a renewal${rule ? ` under the rule “${rule}”` : ''}` : rule ? `by the rule “${rule}”` : a.selfEnrolledAt ? 'you enrolled from the catalogue' : 'by HR',
      link: `${deps.publicUrl}/${pageOf({ targetType: a.target.type, targetId: a.target.id })}`,
    });
    emails.push({ assignment: a, email: { to: person.email, subject: message.subject, text: message.text } });
  }
  let failed: Array<{ index: number; error: unknown }>;
  try {
    failed = await notifications.mailer.sendMany(emails.map((e) => e.email));
  } catch (error) {
    // The outbox write itself failed: every one is kept for the retry (the in-app notices stand).
    failed = emails.map((_, index) => ({ index, error }));
  }
  const reminders = deps.db.collection<ReminderDoc>('reminders');
  for (const f of failed) {
    const { assignment: a, email } = emails[f.index]!;
    deps.onError?.(f.error, a._id);
    await keepFailedAssignmentEmail(reminders, { personId: a.personId, assignmentId: a._id, cycle: a.cycle }, { to: email.to, subject: email.subject, text: email.text }, f.error, deps.now());
  }
}
