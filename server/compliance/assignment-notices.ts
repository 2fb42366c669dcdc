/**
 * The learner's notice of a new assignment (or a renewal cycle): in-app, once per
 * assignment whatever re-runs or races happen (the notice's id is the assignment's), with
 * a link to their to-do list. Reminders before the due date stay the reminder engine's.
 */
import type { AssignmentDoc } from '../assignments/assignment-types.js';
import type { NotificationService } from '../notifications/notification-service.js';

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

export function notifyAssigned(notifications: NotificationService) {
  return async (assignments: AssignmentDoc[]): Promise<void> => {
    await notifications.notifyOnce(assignments.filter((a) => a.active).map(assignmentNotice));
  };
}
