/**
 * Reminders for checklist tasks with a due date (hire date + offset): from REMIND_DAYS
 * before it, the one who must tick the task gets an in-app notice ("due"), and another
 * once it is overdue, each also by email in HR's "due" / "overdue" templates (the
 * compliance reminders' own, edited on Settings → Email templates) with a link to Tasks &
 * sessions. The learner, their manager or their buddy is told; tasks done by HR or a role
 * are left to those teams' Tasks & sessions page (many people could tick them). Each
 * notice's id names task, person and kind, so re-runs and racing workers send it once, and
 * only the notices a run wrote are emailed.
 */
import type { JobContext } from '../jobs/types.js';
import { renderTemplate, type EmailTemplates } from '../notifications/email-templates.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { PathService } from '../paths/path-service.js';
import type { User } from '../people/user-service.js';
import type { Runtime } from '../runtime.js';
import type { Blended } from './blended.js';

export const BLENDED_REMINDER_QUEUE = 'blended-reminders';
export interface BlendedReminderJob {
  task: 'remind';
}

const REMIND_DAYS = 3;
const DAY = 86_400_000;

export interface TaskReminderDeps {
  blended: Pick<Blended, 'tasks'>;
  paths: Pick<PathService, 'list'>;
  peopleAssigned: (pathId: string) => Promise<string[]>;
  people: { get(id: string): Promise<User | null> };
  notifications: Pick<NotificationService, 'notifyNew' | 'mailer'>;
  /** Where the emails' texts come from; without it, reminders are in-app only. */
  email?: { templates: Pick<EmailTemplates, 'current'>; publicUrl: string; onError?: (err: unknown) => void };
  now: () => Date;
}

interface TaskNotice {
  notice: Parameters<NotificationService['notifyNew']>[0][number];
  kind: 'due' | 'overdue';
  to: string;
  title: string;
  due: string;
  days: number;
}

export function createTaskReminders(deps: TaskReminderDeps) {
  const { tasks } = deps.blended;
  return {
    /** Sends the due and overdue notices not sent yet; returns how many went out. */
    async run(): Promise<number> {
      const today = new Date(deps.now().toISOString().slice(0, 10) + 'T00:00:00Z').getTime();
      const notices: TaskNotice[] = [];
      for (const path of await deps.paths.list()) {
        const steps = path.steps.filter((s) => s.type === 'task');
        if (!steps.length) continue;
        const people = (await Promise.all((await deps.peopleAssigned(path.id)).map((id) => deps.people.get(id)))).filter((p): p is User => !!p && p.active);
        for (const step of steps) {
          if (!(await tasks.exists(step.ref))) continue;
          const task = await tasks.get(step.ref);
          if (task.dueDaysAfterHire === undefined || task.doneBy === 'hr' || task.doneBy === 'role') continue;
          const done = await tasks.doneAmong(task.id, people.map((p) => p.id));
          for (const person of people.filter((p) => !done.has(p.id))) {
            const due = tasks.dueFor(task, person);
            if (!due) continue;
            const dueAt = Date.parse(`${due}T00:00:00Z`);
            if (today < dueAt - REMIND_DAYS * DAY) continue;
            const kind = today > dueAt ? 'overdue' : 'due';
            const to = task.doneBy === 'learner' ? person.id : task.doneBy === 'manager' ? person.managerId : await tasks.buddyOf(person.id);
            if (!to) continue;
            const forWhom = to === person.id ? '' : ` for ${person.name}`;
            notices.push({
              notice: {
                _id: `blended-task|${task.id}|${person.id}|${kind}`,
                personId: to,
                kind: `task-${kind}`,
                title: `${kind === 'overdue' ? 'Overdue' : 'Due'} ${due}: ${task.title}${forWhom}`,
                body: `“${task.title}”${forWhom} is part of ${path.title}. Mark it done on Tasks & sessions.`,
                link: '#/blended',
              },
              kind,
              to,
              title: `${task.title}${forWhom}`,
              due,
              days: Math.max(0, Math.round((dueAt - today) / DAY)),
            });
          }
        }
      }
      const sent = new Set(await deps.notifications.notifyNew(notices.map((n) => n.notice)));
      const fresh = notices.filter((n) => sent.has(n.notice._id));
      if (deps.email && fresh.length) await emailReminders(deps, deps.email, fresh);
      return sent.size;
    },
  };
}

/** The emails of the notices a run wrote; one that cannot go is reported (its in-app notice stands). */
async function emailReminders(deps: TaskReminderDeps, email: NonNullable<TaskReminderDeps['email']>, fresh: TaskNotice[]): Promise<void> {
  const templates = await email.templates.current();
  const emails = [];
  for (const n of fresh) {
    const person = await deps.people.get(n.to);
    if (!person?.active || !person.email) continue;
    const message = renderTemplate(templates[n.kind], { title: n.title, date: n.due, days: String(n.days), name: person.name, link: `${email.publicUrl}/#/blended` });
    emails.push({ to: person.email, subject: message.subject, text: message.text });
  }
  try {
    for (const f of await deps.notifications.mailer.sendMany(emails)) email.onError?.(f.error);
  } catch (err) {
    email.onError?.(err);
  }
}

/** The queue's processor (processors.ts wires it; scheduled every few hours). */
export function blendedReminderProcessor(deps: TaskReminderDeps) {
  const reminders = createTaskReminders(deps);
  return async (_job: JobContext<BlendedReminderJob>) => ({ sent: await reminders.run() });
}

/** The reminders' dependencies from the running LMS. */
export function taskReminderDeps(runtime: Pick<Runtime, 'services' | 'clock' | 'config' | 'logger'>): TaskReminderDeps {
  const { services } = runtime;
  return {
    blended: services.blended,
    paths: services.learning.paths,
    peopleAssigned: (id) => services.learning.assignments.peopleAssigned('path', id),
    people: services.people,
    notifications: services.notifications,
    email: {
      templates: services.compliance.emailTemplates,
      publicUrl: runtime.config.publicUrl,
      onError: (err) => runtime.logger.warn({ err }, 'a task reminder email could not be sent'),
    },
    now: () => runtime.clock.now(),
  };
}
