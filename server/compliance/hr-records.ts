/**
 * HR's own record of a requirement: a manual completion (attended elsewhere, a paper
 * certificate) or a waiver (exempt this cycle), always with a reason and the HR person who
 * recorded it. Written to the LRS like every other completion, by the LMS's own writer, with
 * the recorder as `context.instructor` and the reason in a result extension, so the
 * completion authority names it and the evidence pack shows who recorded what and why.
 * Only for a requirement actually assigned to the person (no ghost targets).
 */
import { randomUUID } from 'node:crypto';
import type { StatementWriter } from '../../lrs/index.js';
import type { AssignmentCollections } from '../assignments/assignment-store.js';
import type { Target } from '../assignments/assignment-types.js';
import { ValidationError } from '../http/errors.js';
import { hrRecordExtensions, learnerAgent, VERBS } from '../learning-record/identity.js';
import type { StoreDb } from '../store/types.js';
import { resolveTargetActivities } from './target-activity.js';

export type HrRecordKind = 'completed' | 'waived';

export interface HrRecordInput {
  personId: string;
  target: Target;
  kind: HrRecordKind;
  reason: string;
  /** When it was done (default now; never in the future). */
  at?: Date;
}

export interface HrRecordDeps {
  db: StoreDb;
  cols: AssignmentCollections;
  homePage: string;
  writer: () => Promise<StatementWriter>;
  person(id: string): Promise<{ id: string; name: string; active: boolean } | null>;
  now: () => Date;
}

export function createHrRecords(deps: HrRecordDeps) {
  return {
    /** Write the record; returns the statement id. */
    async record(input: HrRecordInput, by: { id: string; name: string }): Promise<{ statementId: string; activityId: string }> {
      const person = await deps.person(input.personId);
      if (!person) throw new ValidationError('personId: no such person', 'personId');
      const assignment = await deps.cols.assignments.findOne({ personId: input.personId, 'target.type': input.target.type, 'target.id': input.target.id, active: true });
      if (!assignment) throw new ValidationError('target: this requirement is not assigned to this person', 'target');
      const at = input.at ?? deps.now();
      if (at.getTime() > deps.now().getTime()) throw new ValidationError('at: must not be in the future', 'at');
      const activityId = (await resolveTargetActivities(deps.db, deps.homePage, [input.target]))(input.target);
      const ext = hrRecordExtensions(deps.homePage);
      const statementId = randomUUID();
      const write = await deps.writer();
      await write({
        id: statementId,
        actor: learnerAgent(person, deps.homePage),
        verb: input.kind === 'waived' ? { id: VERBS.waived, display: { 'en-US': 'waived' } } : { id: VERBS.completed, display: { 'en-US': 'completed' } },
        object: { objectType: 'Activity', id: activityId, definition: { name: { 'en-US': assignment.title ?? input.target.id } } },
        result: { completion: true, extensions: { [ext.reason]: input.reason } },
        context: { instructor: learnerAgent(by, deps.homePage), extensions: { [ext.kind]: input.kind } },
        timestamp: at.toISOString(),
      });
      return { statementId, activityId };
    },
  };
}

export type HrRecords = ReturnType<typeof createHrRecords>;
