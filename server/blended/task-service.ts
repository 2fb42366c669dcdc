/**
 * Checklist tasks: path steps ticked by the learner, their manager, HR, their buddy or a
 * named role (job role or department, e.g. IT). Ticking records who and the evidence note,
 * and writes `completed` on the task's activity as the LMS, with the ticker as instructor
 * and the path as grouping, so the step completes from the record like any other step.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors.js';
import { learnerAgent, pathActivityId } from '../learning-record/identity.js';
import { hasRole, type User } from '../people/user-service.js';
import { isDuplicateKeyError } from '../store/types.js';
import { ACTIVITY_TYPES, BLENDED_VERBS, blendedExtensions, taskActivityId } from './blended-identity.js';
import type { BlendedDeps } from './blended-deps.js';
import type { TaskCompletionDoc, TaskDoc } from './blended-model.js';
import type { TaskInput, TickInput } from './blended-schema.js';
import type { EvidenceStore, EvidenceView, PreparedEvidence } from './evidence-store.js';
import { discardEvidence, type EvidenceUpload } from './evidence-upload.js';

export interface TaskView {
  id: string;
  title: string;
  description?: string;
  doneBy: TaskDoc['doneBy'];
  roleName?: string;
  dueDaysAfterHire?: number;
  evidenceRequired: boolean;
  activityId: string;
}

export interface TaskCompletion {
  taskId: string;
  personId: string;
  by: string;
  note?: string;
  evidence?: EvidenceView;
  statementId: string;
  at: string;
}

const sameName = (a: string | undefined, b: string) => !!a && a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

export function createTaskService(deps: BlendedDeps, files: EvidenceStore) {
  const { tasks, taskCompletions, buddies } = deps.cols;

  const view = (t: TaskDoc): TaskView => ({
    id: t._id,
    title: t.title,
    ...(t.description ? { description: t.description } : {}),
    doneBy: t.doneBy,
    ...(t.roleName ? { roleName: t.roleName } : {}),
    ...(t.dueDaysAfterHire !== undefined ? { dueDaysAfterHire: t.dueDaysAfterHire } : {}),
    evidenceRequired: t.evidenceRequired,
    activityId: taskActivityId(deps.homePage, t._id),
  });

  async function load(id: string): Promise<TaskDoc> {
    const t = await tasks.findOne({ _id: id });
    if (!t) throw new NotFoundError('Task');
    return t;
  }

  /** Whether `actor` is the one this task names for `person`. */
  async function mayTick(task: Pick<TaskDoc, 'doneBy' | 'roleName'>, actor: User, person: User): Promise<boolean> {
    switch (task.doneBy) {
      case 'learner':
        return actor.id === person.id;
      case 'manager':
        return person.managerId === actor.id;
      case 'hr':
        return hasRole(actor, 'hr', 'admin');
      case 'buddy':
        return (await buddies.findOne({ _id: person.id }))?.buddyId === actor.id;
      case 'role':
        return sameName(actor.jobRole, task.roleName!) || sameName(actor.department, task.roleName!);
    }
  }

  return {
    async create(input: TaskInput): Promise<TaskView> {
      const doc: TaskDoc = { _id: randomUUID(), title: input.title, doneBy: input.doneBy, evidenceRequired: input.evidenceRequired, createdAt: deps.now() };
      if (input.description) doc.description = input.description;
      if (input.doneBy === 'role') doc.roleName = input.roleName!;
      if (input.dueDaysAfterHire !== undefined) doc.dueDaysAfterHire = input.dueDaysAfterHire;
      await tasks.insertOne(doc);
      return view(doc);
    },

    /** Replaces the definition; ticks already made stand (their statements say what was done). */
    async update(id: string, input: TaskInput): Promise<TaskView> {
      await load(id);
      const set: Partial<TaskDoc> = { title: input.title, doneBy: input.doneBy, evidenceRequired: input.evidenceRequired };
      const unset: Record<string, ''> = {};
      if (input.description) set.description = input.description;
      else unset.description = '';
      if (input.doneBy === 'role') set.roleName = input.roleName!;
      else unset.roleName = '';
      if (input.dueDaysAfterHire !== undefined) set.dueDaysAfterHire = input.dueDaysAfterHire;
      else unset.dueDaysAfterHire = '';
      const updated = await tasks.findOneAndUpdate({ _id: id }, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, { returnDocument: 'after' });
      if (!updated) throw new NotFoundError('Task');
      return view(updated);
    },

    async list(): Promise<TaskView[]> {
      return (await tasks.find({}).sort({ title: 1 }).toArray()).map(view);
    },

    async get(id: string): Promise<TaskView> {
      return view(await load(id));
    },

    async exists(id: string): Promise<boolean> {
      return !!(await tasks.findOne({ _id: id }));
    },

    mayTick(task: Pick<TaskView, 'doneBy' | 'roleName'>, actor: User, person: User): Promise<boolean> {
      return mayTick(task, actor, person);
    },

    /** Of these people, who has the task done (one query for a whole path's people). */
    async doneAmong(taskId: string, personIds: string[]): Promise<Set<string>> {
      return new Set((await taskCompletions.find({ taskId, personId: { $in: personIds } }).toArray()).map((c) => c.personId));
    },

    /** When the task is due for a person (hire date + offset), or null. */
    dueFor(task: Pick<TaskView, 'dueDaysAfterHire'>, person: Pick<User, 'hireDate'>): string | null {
      if (task.dueDaysAfterHire === undefined || !person.hireDate) return null;
      const d = new Date(`${person.hireDate.slice(0, 10)}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + task.dueDaysAfterHire);
      return d.toISOString().slice(0, 10);
    },

    async setBuddy(personId: string, buddyId: string, by: string): Promise<void> {
      if (personId === buddyId) throw new ValidationError('buddyId: a person cannot be their own buddy', 'buddyId');
      if (!(await deps.people.get(personId))) throw new NotFoundError('Person');
      if (!(await deps.people.get(buddyId))) throw new ValidationError(`buddyId: no person with id "${buddyId}"`, 'buddyId');
      await buddies.updateOne({ _id: personId }, { $set: { buddyId, setBy: by, at: deps.now() } }, { upsert: true });
    },

    async buddyOf(personId: string): Promise<string | null> {
      return (await buddies.findOne({ _id: personId }))?.buddyId ?? null;
    },

    async completionOf(taskId: string, personId: string): Promise<TaskCompletion | null> {
      const c = await taskCompletions.findOne({ taskId, personId });
      if (!c) return null;
      const evidence = await files.view(c.evidenceId);
      return { taskId, personId, by: c.by, ...(c.note ? { note: c.note } : {}), ...(evidence ? { evidence } : {}), statementId: c.statementId, at: c.at.toISOString() };
    },

    /**
     * Ticks a task for a person: 403 unless the actor is the one the task names. An evidence
     * file goes with the statement as its attachment; if the tick does not stand, neither does the file.
     */
    async tick(taskId: string, actor: User, input: TickInput, upload: EvidenceUpload | null = null): Promise<TaskCompletion> {
      let file: PreparedEvidence | null = null;
      try {
        const task = await load(taskId);
        const person = await deps.people.get(input.personId);
        if (!person) throw new ValidationError(`personId: no person with id "${input.personId}"`, 'personId');
        if (!(await mayTick(task, actor, person))) {
          const who = task.doneBy === 'role' ? `someone in ${task.roleName}` : task.doneBy === 'learner' ? 'the learner' : `the learner's ${task.doneBy === 'hr' ? 'HR team' : task.doneBy}`;
          throw new ForbiddenError(`Only ${who} may tick “${task.title}”`);
        }
        if (task.evidenceRequired && !input.note && !upload) throw new ValidationError('note: this task needs evidence: a note or a file', 'note');
        if (upload) file = await files.prepare(upload, person.id, actor.id);
        const at = deps.now();
        const doc: TaskCompletionDoc = { _id: randomUUID(), taskId, personId: person.id, by: actor.id, statementId: randomUUID(), at };
        if (input.note) doc.note = input.note;
        if (input.pathId) doc.pathId = input.pathId;
        if (file) doc.evidenceId = file.id;
        try {
          await taskCompletions.insertOne(doc);
        } catch (err) {
          if (isDuplicateKeyError(err)) throw new ConflictError(`personId: “${task.title}” is already done for ${person.name}`, 'personId');
          throw err;
        }
        const ext = blendedExtensions(deps.homePage);
        const context: Record<string, unknown> = { extensions: { [ext.doneBy]: task.doneBy === 'role' ? task.roleName : task.doneBy } };
        if (actor.id !== person.id) context.instructor = learnerAgent(actor, deps.homePage);
        if (input.pathId) context.contextActivities = { grouping: [{ objectType: 'Activity', id: pathActivityId(deps.homePage, input.pathId) }] };
        const result: Record<string, unknown> = { completion: true };
        if (input.note) result.extensions = { [ext.evidenceNote]: input.note };
        try {
          const write = await deps.writer();
          await write(
            {
              id: doc.statementId,
              actor: learnerAgent(person, deps.homePage),
              verb: { id: BLENDED_VERBS.completed, display: { 'en-US': 'completed' } },
              object: { objectType: 'Activity', id: taskActivityId(deps.homePage, taskId), definition: { name: { 'en-US': task.title }, type: ACTIVITY_TYPES.task } },
              result,
              context,
              timestamp: at.toISOString(),
              ...(file ? { attachments: [file.attachment] } : {}),
            },
            file?.parts,
          );
        } catch (err) {
          // Nothing half-written: without its statement the tick does not stand.
          await taskCompletions.deleteOne({ _id: doc._id });
          throw err;
        }
        if (file) await file.keep({ kind: 'task', refId: taskId, recordId: doc._id, statementId: doc.statementId });
        file = null;
        return (await this.completionOf(taskId, person.id))!;
      } finally {
        if (file) await file.drop();
        else if (upload) await discardEvidence(upload).catch(() => {});
      }
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
