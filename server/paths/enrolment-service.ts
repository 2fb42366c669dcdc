/**
 * What a person is asked to do. Explicit enrolments (HR enrols people in a path or a
 * policy) are kept here; hr-org's rule-based assignments plug in as another source, and
 * `AssignmentSource` is all "My learning" and policy audiences read.
 */
import { Types } from 'mongoose';
import { ValidationError } from '../http/errors.js';
import type { EnrolmentDoc, PathModels } from './path-model.js';
import type { EnrolInput } from './path-schema.js';

export interface LearningAssignment {
  targetType: 'path' | 'policy' | 'package' | 'activity';
  targetId: string;
  assignedAt: string;
  dueAt?: string;
}

export interface AssignmentSource {
  forPerson(personId: string): Promise<LearningAssignment[]>;
  peopleAssigned(targetType: LearningAssignment['targetType'], targetId: string): Promise<string[]>;
}

/** Several sources as one; a target assigned twice keeps the earliest due date. */
export function combineSources(...sources: AssignmentSource[]): AssignmentSource {
  return {
    async forPerson(personId) {
      const byTarget = new Map<string, LearningAssignment>();
      for (const a of (await Promise.all(sources.map((s) => s.forPerson(personId)))).flat()) {
        const key = `${a.targetType}:${a.targetId}`;
        const seen = byTarget.get(key);
        if (!seen || (a.dueAt && (!seen.dueAt || a.dueAt < seen.dueAt))) byTarget.set(key, a);
      }
      return [...byTarget.values()];
    },
    async peopleAssigned(type, id) {
      return [...new Set((await Promise.all(sources.map((s) => s.peopleAssigned(type, id)))).flat())];
    },
  };
}

/** An enrolment just made (not a repeat), for the learner's notice and email. */
export interface NewEnrolment {
  id: string;
  personId: string;
  targetType: 'path' | 'policy';
  targetId: string;
  enrolledAt: Date;
  dueAt?: Date;
}

export function createEnrolmentService(models: Pick<PathModels, 'enrolments'>, now: () => Date = () => new Date(), onEnrolled?: (fresh: NewEnrolment[]) => Promise<void>) {
  const { enrolments } = models;
  const toAssignment = (e: EnrolmentDoc): LearningAssignment => {
    const a: LearningAssignment = { targetType: e.targetType, targetId: e.targetId, assignedAt: e.enrolledAt.toISOString() };
    if (e.dueAt) a.dueAt = e.dueAt.toISOString();
    return a;
  };
  return {
    /** Enrols people (idempotent per person and target; a repeat updates the due date). */
    async enrol(input: EnrolInput, by: string, targetExists: (type: EnrolInput['targetType'], id: string) => Promise<boolean>): Promise<{ enrolled: number }> {
      if (!(await targetExists(input.targetType, input.targetId))) throw new ValidationError(`targetId: no ${input.targetType} with this id`, 'targetId');
      const dueAt = input.dueAt ? new Date(input.dueAt) : undefined;
      const fresh: NewEnrolment[] = [];
      for (const personId of new Set(input.personIds)) {
        const enrolledAt = now();
        const result = await enrolments.updateOne(
          { personId, targetType: input.targetType, targetId: input.targetId },
          { $setOnInsert: { enrolledAt, enrolledBy: by }, ...(dueAt ? { $set: { dueAt } } : {}) },
          { upsert: true },
        ).exec();
        // Only a new enrolment is announced: a repeat (a changed due date) is not news to the learner.
        if (result.upsertedId) fresh.push({ id: String(result.upsertedId), personId, targetType: input.targetType, targetId: input.targetId, enrolledAt, ...(dueAt ? { dueAt } : {}) });
      }
      if (fresh.length) await onEnrolled?.(fresh);
      return { enrolled: new Set(input.personIds).size };
    },

    async list(targetType: EnrolInput['targetType'], targetId: string): Promise<Array<LearningAssignment & { personId: string }>> {
      if (!Types.ObjectId.isValid(targetId)) return [];
      return (await enrolments.find({ targetType, targetId }).lean<EnrolmentDoc[]>().exec()).map((e) => ({ ...toAssignment(e), personId: e.personId }));
    },

    source: {
      async forPerson(personId) {
        return (await enrolments.find({ personId }).lean<EnrolmentDoc[]>().exec()).map(toAssignment);
      },
      async peopleAssigned(targetType, targetId) {
        if (targetType !== 'path' && targetType !== 'policy') return [];
        return (await enrolments.find({ targetType, targetId }).lean<EnrolmentDoc[]>().exec()).map((e) => e.personId);
      },
    } satisfies AssignmentSource,
  };
}

export type EnrolmentService = ReturnType<typeof createEnrolmentService>;
