/**
 * Observations: a manager, HR or a named assessor records an observed performance against
 * a form's criteria (pass / not yet each, comments, an optional rating 1-5). It is written
 * as `passed` (every criterion passed) or `failed` on the form's activity, result.success,
 * the observer as instructor and the criteria results as an extension. `passed` completes
 * an `observation` path step; a competency framework's evidence rule on the form's
 * activity (verb passed) makes it competency evidence.
 */
import { randomUUID } from 'node:crypto';
import { ForbiddenError, NotFoundError, ValidationError } from '../http/errors.js';
import { learnerAgent, pathActivityId } from '../learning-record/identity.js';
import { hasRole, type User } from '../people/user-service.js';
import { ACTIVITY_TYPES, BLENDED_VERBS, blendedExtensions, observationActivityId } from './blended-identity.js';
import type { BlendedDeps } from './blended-deps.js';
import type { ObservationDoc, ObservationFormDoc } from './blended-model.js';
import type { FormInput, ObservationInput } from './blended-schema.js';
import type { EvidenceStore, EvidenceView, PreparedEvidence } from './evidence-store.js';
import { discardEvidence, type EvidenceUpload } from './evidence-upload.js';

export interface FormView {
  id: string;
  title: string;
  criteria: ObservationFormDoc['criteria'];
  assessorIds: string[];
  activityId: string;
}

export interface ObservationView {
  id: string;
  formId: string;
  personId: string;
  observerId: string;
  results: ObservationDoc['results'];
  rating?: number;
  comment?: string;
  evidence?: EvidenceView;
  passed: boolean;
  statementId: string;
  at: string;
}

const toObservation = (o: ObservationDoc): ObservationView => ({
  id: o._id,
  formId: o.formId,
  personId: o.personId,
  observerId: o.observerId,
  results: o.results,
  ...(o.rating !== undefined ? { rating: o.rating } : {}),
  ...(o.comment ? { comment: o.comment } : {}),
  passed: o.passed,
  statementId: o.statementId,
  at: o.at.toISOString(),
});

export function createObservationService(deps: BlendedDeps, files: EvidenceStore) {
  const { forms, observations } = deps.cols;
  const view = (f: ObservationFormDoc): FormView => ({ id: f._id, title: f.title, criteria: f.criteria, assessorIds: f.assessorIds, activityId: observationActivityId(deps.homePage, f._id) });

  async function load(id: string): Promise<ObservationFormDoc> {
    const f = await forms.findOne({ _id: id });
    if (!f) throw new NotFoundError('Observation form');
    return f;
  }

  async function checkForm(input: FormInput): Promise<void> {
    const ids = new Set<string>();
    input.criteria.forEach((c, i) => {
      if (ids.has(c.id)) throw new ValidationError(`criteria.${i}.id: the id "${c.id}" is used twice`, `criteria.${i}.id`);
      ids.add(c.id);
    });
    for (const [i, a] of input.assessorIds.entries()) {
      if (!(await deps.people.get(a))) throw new ValidationError(`assessorIds.${i}: no person with id "${a}"`, `assessorIds.${i}`);
    }
  }

  return {
    async create(input: FormInput): Promise<FormView> {
      await checkForm(input);
      const doc: ObservationFormDoc = { _id: randomUUID(), title: input.title, criteria: input.criteria, assessorIds: input.assessorIds, createdAt: deps.now() };
      await forms.insertOne(doc);
      return view(doc);
    },

    /**
     * Replaces title, criteria and assessors. Observations already recorded keep the
     * criteria they were recorded against (their statements carry the results); new ones
     * answer the new list.
     */
    async update(id: string, input: FormInput): Promise<FormView> {
      await load(id);
      await checkForm(input);
      const updated = await forms.findOneAndUpdate({ _id: id }, { $set: { title: input.title, criteria: input.criteria, assessorIds: input.assessorIds } }, { returnDocument: 'after' });
      if (!updated) throw new NotFoundError('Observation form');
      return view(updated);
    },

    async list(): Promise<FormView[]> {
      return (await forms.find({}).sort({ title: 1 }).toArray()).map(view);
    },

    async get(id: string): Promise<FormView> {
      return view(await load(id));
    },

    async exists(id: string): Promise<boolean> {
      return !!(await forms.findOne({ _id: id }));
    },

    /** May `actor` observe `person` on this form: their manager, HR, or a named assessor (never themselves). */
    mayObserve(form: Pick<FormView, 'assessorIds'>, actor: User, person: User): boolean {
      if (actor.id === person.id) return false;
      return person.managerId === actor.id || hasRole(actor, 'hr', 'admin') || form.assessorIds.includes(actor.id);
    },

    async of(formId: string, personId: string): Promise<ObservationView[]> {
      const list = await observations.find({ formId, personId }).sort({ at: -1 }).toArray();
      return Promise.all(
        list.map(async (o) => {
          const evidence = await files.view(o.evidenceId);
          return { ...toObservation(o), ...(evidence ? { evidence } : {}) };
        }),
      );
    },

    /** Records an observation; an evidence file goes with the statement as its attachment, or not at all. */
    async record(formId: string, actor: User, input: ObservationInput, upload: EvidenceUpload | null = null): Promise<ObservationView> {
      let file: PreparedEvidence | null = null;
      try {
        const form = await load(formId);
        const person = await deps.people.get(input.personId);
        if (!person) throw new ValidationError(`personId: no person with id "${input.personId}"`, 'personId');
        if (!this.mayObserve(view(form), actor, person)) throw new ForbiddenError(`Only ${person.name}'s manager, HR or an assessor of “${form.title}” may record this observation`);
        // Every criterion exactly once, none unknown.
        const seen = new Set<string>();
        input.results.forEach((r, i) => {
          if (!form.criteria.some((c) => c.id === r.criterionId)) throw new ValidationError(`results.${i}.criterionId: “${form.title}” has no criterion "${r.criterionId}"`, `results.${i}.criterionId`);
          if (seen.has(r.criterionId)) throw new ValidationError(`results.${i}.criterionId: "${r.criterionId}" is given twice`, `results.${i}.criterionId`);
          seen.add(r.criterionId);
        });
        const missing = form.criteria.find((c) => !seen.has(c.id));
        if (missing) throw new ValidationError(`results: the criterion “${missing.text}” (${missing.id}) has no outcome`, 'results');
        if (upload) file = await files.prepare(upload, person.id, actor.id);

        const passed = input.results.every((r) => r.outcome === 'pass');
        const at = deps.now();
        const doc: ObservationDoc = { _id: randomUUID(), formId, personId: person.id, observerId: actor.id, results: input.results, passed, statementId: randomUUID(), at };
        if (input.rating !== undefined) doc.rating = input.rating;
        if (input.comment) doc.comment = input.comment;
        if (input.pathId) doc.pathId = input.pathId;
        if (file) doc.evidenceId = file.id;
        const ext = blendedExtensions(deps.homePage);
        const result: Record<string, unknown> = { success: passed, completion: true, extensions: { [ext.criteria]: input.results } };
        // A rating is not a percentage: raw/min/max only, so nothing reads it as a pass mark or a score band.
        if (input.rating !== undefined) result.score = { raw: input.rating, min: 1, max: 5 };
        if (input.comment) result.response = input.comment;
        const context: Record<string, unknown> = { instructor: learnerAgent(actor, deps.homePage) };
        if (input.pathId) context.contextActivities = { grouping: [{ objectType: 'Activity', id: pathActivityId(deps.homePage, input.pathId) }] };
        // The statement first: the record stands only with it (an observation is never half-written).
        const write = await deps.writer();
        await write(
          {
            id: doc.statementId,
            actor: learnerAgent(person, deps.homePage),
            verb: passed ? { id: BLENDED_VERBS.passed, display: { 'en-US': 'passed' } } : { id: BLENDED_VERBS.failed, display: { 'en-US': 'failed' } },
            object: {
              objectType: 'Activity',
              id: observationActivityId(deps.homePage, formId),
              definition: { name: { 'en-US': form.title }, type: ACTIVITY_TYPES.observation },
            },
            result,
            context,
            timestamp: at.toISOString(),
            ...(file ? { attachments: [file.attachment] } : {}),
          },
          file?.parts,
        );
        await observations.insertOne(doc);
        const evidence = file ? await file.keep({ kind: 'observation', refId: formId, recordId: doc._id, statementId: doc.statementId }) : undefined;
        file = null;
        return { ...toObservation(doc), ...(evidence ? { evidence } : {}) };
      } finally {
        if (file) await file.drop();
        else if (upload) await discardEvidence(upload).catch(() => {});
      }
    },
  };
}

export type ObservationService = ReturnType<typeof createObservationService>;
