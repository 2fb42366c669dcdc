/**
 * Onboarding journeys: a learning path (tasks, observations, live sessions, courses,
 * policies) marked as the onboarding template of a job role. The assignment is an
 * ordinary assignment rule the template owns (job role, hired after a date, due 90 days
 * after hire), so the existing engine assigns it on hire: on import, SCIM or an edit.
 * The job role and hire-date bound live on that rule only (an org rename carries through).
 *
 * Checkpoints: the path's steps due by day 30, 60 and 90 after hire (e.g. a manager's
 * 30-day review task). Per new hire and checkpoint: done (every step complete), overdue
 * (past hire date + day) or due, read from the person's path progress.
 */
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import type { RuleService } from '../assignments/rule-service.js';
import type { PathProgress, PathService } from '../paths/path-service.js';
import type { User } from '../people/user-service.js';
import type { StoreCollection, StoreDb } from '../store/types.js';
import type { CheckpointStatus, NewHireCheckpoints } from '../reports/onboarding.js';
import type { TemplateInput } from './blended-schema.js';

export const CHECKPOINT_DAYS = [30, 60, 90] as const;
const DAY = 86_400_000;

export interface TemplateDoc {
  /** The path's id: one template per path. */
  _id: string;
  ruleId: string;
  checkpoints: Array<{ day: number; stepIds: string[] }>;
  setBy: string;
  setAt: Date;
}

export interface TemplateView {
  pathId: string;
  pathTitle: string;
  /** From the template's rule (null when someone deleted that rule: nothing assigns it then). */
  jobRole: string | null;
  hiredAfter: string | null;
  ruleId: string;
  checkpoints: Array<{ day: number; stepIds: string[]; steps: string[] }>;
}


export interface OnboardingDeps {
  db: StoreDb;
  rules: Pick<RuleService, 'get' | 'create' | 'update' | 'remove'>;
  paths: () => Pick<PathService, 'get' | 'progress'>;
  peopleAssigned: (pathId: string) => Promise<string[]>;
  people: { get(id: string): Promise<User | null> };
  now: () => Date;
}

const ruleName = (jobRole: string) => `Onboarding: ${jobRole}`;

/** A checkpoint's standing from the path progress: every step complete is done; else due or overdue by the date. */
export function checkpointStatus(progress: Pick<PathProgress, 'steps'>, stepIds: string[], dueAt: Date, now: Date) {
  const steps = progress.steps.filter((s) => stepIds.includes(s.id));
  const complete = steps.filter((s) => s.state === 'complete');
  const status: CheckpointStatus = complete.length === stepIds.length ? 'done' : now.getTime() > dueAt.getTime() ? 'overdue' : 'due';
  const last = complete.map((s) => s.completedAt).filter((x): x is string => !!x).sort().pop();
  return { status, done: complete.length, total: stepIds.length, ...(status === 'done' && last ? { completedAt: last } : {}) };
}

export function createOnboardingTemplates(deps: OnboardingDeps) {
  const templates: StoreCollection<TemplateDoc> = deps.db.collection<TemplateDoc>('blended_onboarding_templates');

  async function view(t: TemplateDoc): Promise<TemplateView> {
    const path = await deps.paths().get(t._id).catch(() => null);
    const rule = await deps.rules.get(t.ruleId).catch(() => null);
    const title = (id: string) => path?.steps.find((s) => s.id === id)?.title ?? id;
    return {
      pathId: t._id,
      pathTitle: path?.title ?? t._id,
      jobRole: rule?.criteria.jobRoles?.[0]?.jobRole ?? null,
      hiredAfter: rule?.criteria.hiredAfter ? new Date(rule.criteria.hiredAfter).toISOString().slice(0, 10) : null,
      ruleId: t.ruleId,
      checkpoints: t.checkpoints.map((c) => ({ ...c, steps: c.stepIds.map(title) })),
    };
  }

  /** Renames a rule error's field to the template's own (jobRole, hiredAfter). */
  function asTemplateError(err: unknown): never {
    if (err instanceof ValidationError && err.field?.startsWith('criteria.jobRoles')) throw new ValidationError(`jobRole: ${err.message.replace(/^[^:]+: /, '')}`, 'jobRole');
    if (err instanceof ValidationError && err.field?.startsWith('criteria.hired')) throw new ValidationError(`hiredAfter: ${err.message.replace(/^[^:]+: /, '')}`, 'hiredAfter');
    throw err;
  }

  return {
    async list(): Promise<TemplateView[]> {
      return Promise.all((await templates.find({}).toArray()).map(view));
    },

    async get(pathId: string): Promise<TemplateView> {
      const t = await templates.findOne({ _id: pathId });
      if (!t) throw new NotFoundError('Onboarding template');
      return view(t);
    },

    /** Marks a path as a job role's onboarding template (or changes it): its rule is created or updated with it. */
    async set(pathId: string, input: TemplateInput, actor: User): Promise<TemplateView> {
      const path = await deps.paths().get(pathId);
      const stepIds = new Set(path.steps.map((s) => s.id));
      const days = new Set<number>();
      input.checkpoints.forEach((c, i) => {
        if (days.has(c.day)) throw new ValidationError(`checkpoints.${i}.day: day ${c.day} is given twice`, `checkpoints.${i}.day`);
        days.add(c.day);
        c.stepIds.forEach((id, j) => {
          if (!stepIds.has(id)) throw new ValidationError(`checkpoints.${i}.stepIds.${j}: “${path.title}” has no step "${id}"`, `checkpoints.${i}.stepIds.${j}`);
        });
      });
      for (const other of await templates.find({ _id: { $ne: pathId } }).toArray()) {
        const rule = await deps.rules.get(other.ruleId).catch(() => null);
        if (rule?.criteria.jobRoles?.some((r) => r.jobRole === input.jobRole)) {
          throw new ConflictError(`jobRole: “${input.jobRole}” already has an onboarding template (${(await deps.paths().get(other._id).catch(() => null))?.title ?? other._id})`, 'jobRole');
        }
      }
      const rule = {
        name: ruleName(input.jobRole),
        target: { type: 'path' as const, id: pathId, title: path.title },
        criteria: { jobRoles: [{ jobRole: input.jobRole }], ...(input.hiredAfter ? { hiredAfter: new Date(input.hiredAfter) } : {}) },
        // The journey is due when its last checkpoint is.
        due: { kind: 'afterHire' as const, days: Math.max(90, ...input.checkpoints.map((c) => c.day)) },
        active: true,
      };
      const existing = await templates.findOne({ _id: pathId });
      const current = existing ? await deps.rules.get(existing.ruleId).catch(() => null) : null;
      let ruleId: string;
      try {
        ruleId = current ? (await deps.rules.update(current.id, rule)).id : (await deps.rules.create(rule, actor.id)).id;
      } catch (err) {
        asTemplateError(err);
      }
      const doc: TemplateDoc = { _id: pathId, ruleId, checkpoints: [...input.checkpoints].sort((a, b) => a.day - b.day), setBy: actor.id, setAt: deps.now() };
      await templates.replaceOne({ _id: pathId }, doc, { upsert: true });
      return view(doc);
    },

    /** The path is no longer a template: its rule goes (the engine ends those assignments as the rule's deletion does). */
    async remove(pathId: string): Promise<void> {
      const t = await templates.findOne({ _id: pathId });
      if (!t) throw new NotFoundError('Onboarding template');
      await deps.rules.remove(t.ruleId).catch((err) => {
        if (!(err instanceof NotFoundError)) throw err;
      });
      await templates.deleteOne({ _id: pathId });
    },

    /** Per new hire on a template (with a hire date, among `personIds` when given): each checkpoint's standing. */
    async checkpoints(personIds?: ReadonlySet<string>): Promise<NewHireCheckpoints[]> {
      const now = deps.now();
      const out: NewHireCheckpoints[] = [];
      for (const t of await templates.find({}).toArray()) {
        if (!t.checkpoints.length) continue;
        const path = await deps.paths().get(t._id).catch(() => null);
        if (!path) continue;
        for (const id of await deps.peopleAssigned(t._id)) {
          if (personIds && !personIds.has(id)) continue;
          const person = await deps.people.get(id);
          if (!person?.hireDate) continue;
          const hire = Date.parse(`${person.hireDate.slice(0, 10)}T00:00:00Z`);
          const progress = await deps.paths().progress(person, t._id);
          out.push({
            personId: person.id,
            name: person.name,
            jobRole: person.jobRole ?? null,
            hireDate: person.hireDate.slice(0, 10),
            pathId: t._id,
            pathTitle: path.title,
            checkpoints: t.checkpoints.map((c) => {
              const dueAt = new Date(hire + c.day * DAY);
              // Overdue once the due day is over.
              return { day: c.day, dueAt: dueAt.toISOString().slice(0, 10), ...checkpointStatus(progress, c.stepIds, new Date(dueAt.getTime() + DAY - 1), now) };
            }),
          });
        }
      }
      return out.sort((a, b) => b.hireDate.localeCompare(a.hireDate) || a.name.localeCompare(b.name));
    },
  };
}

export type OnboardingTemplates = ReturnType<typeof createOnboardingTemplates>;
