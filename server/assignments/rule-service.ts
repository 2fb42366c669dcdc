/**
 * Assignment rules: create, change, delete, preview who matches. Every change asks for a
 * re-evaluation (the caller's `onChange`, usually enqueueing the evaluation job).
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '../http/errors.js';
import { loadPeopleFacts, ReportingTree, type PersonFacts } from '../org/person-facts.js';
import type { UserModel } from '../people/user-model.js';
import { unknownOrgValue } from '../org/org-criteria.js';
import type { OrgKind } from '../org/org-service.js';
import type { AssignmentCollections } from './assignment-store.js';
import type { RuleDoc, Target } from './assignment-types.js';
import { ruleMatcher } from './rule-matching.js';
import type { RuleInput, RulePatch } from './rule-schema.js';

export interface RuleView extends Omit<RuleDoc, '_id'> {
  id: string;
}

export interface RuleService {
  list(): Promise<RuleView[]>;
  get(id: string): Promise<RuleView>;
  create(input: RuleInput, actorId?: string): Promise<RuleView>;
  update(id: string, patch: RulePatch): Promise<RuleView>;
  remove(id: string): Promise<void>;
  preview(criteria: RuleInput['criteria'], limit: number): Promise<{ total: number; people: Array<Pick<PersonFacts, 'id' | 'name' | 'email' | 'department' | 'location' | 'jobRole' | 'jobLevel'>> }>;
}

export function toRuleView(d: RuleDoc): RuleView {
  const { _id, ...rest } = d;
  return { id: _id, ...rest };
}

export interface RuleServiceDeps {
  cols: AssignmentCollections;
  users: UserModel;
  now: () => Date;
  onChange: () => Promise<void>;
  /** Whether a rule's target (package, policy, path) exists: a rule for nothing is refused. */
  targetExists: (target: Target) => Promise<boolean>;
  /** The org's managed lists (departments, locations, job roles): a rule naming a value not on them is refused. */
  orgLists?: () => Promise<Record<OrgKind, Array<{ name: string }>>>;
}

export function createRuleService(deps: RuleServiceDeps): RuleService {
  const { rules, assignments } = deps.cols;

  function check(input: Pick<RuleInput, 'criteria'> & { due?: RuleInput['due'] }): void {
    const c = input.criteria;
    if (c.hiredAfter && c.hiredBefore && c.hiredAfter >= c.hiredBefore) throw new ValidationError('criteria.hiredBefore: must be after hiredAfter', 'criteria.hiredBefore');
    const any = c.everyone || c.people?.length || c.jobRoles?.length || c.departments?.length || c.locations?.length || c.hiredAfter || c.hiredBefore || c.manager;
    if (!any) throw new ValidationError('criteria: name at least one criterion (or everyone: true)', 'criteria');
  }

  async function checkOrgValues(c: RuleInput['criteria']): Promise<void> {
    if (!deps.orgLists || !(c.jobRoles?.length || c.departments?.length || c.locations?.length)) return;
    const unknown = unknownOrgValue(c, await deps.orgLists());
    if (unknown) throw new ValidationError(`${unknown.field}: there is no “${unknown.value}” on the organisation's lists`, unknown.field);
  }

  async function load(id: string): Promise<RuleDoc> {
    const doc = await rules.findOne({ _id: id });
    if (!doc) throw new NotFoundError('Rule');
    return doc;
  }

  return {
    async list() {
      const docs = await rules.find({}).toArray();
      return docs.sort((a, b) => a.name.localeCompare(b.name)).map(toRuleView);
    },
    get: async (id) => toRuleView(await load(id)),
    async create(input, actorId) {
      check(input);
      await checkOrgValues(input.criteria);
      if (!(await deps.targetExists(input.target))) throw new ValidationError(`target.id: there is no ${input.target.type} with this id`, 'target.id');
      const now = deps.now();
      const doc: RuleDoc = { _id: randomUUID(), ...input, createdAt: now, updatedAt: now };
      if (actorId) doc.createdBy = actorId;
      await rules.insertOne(doc);
      await deps.onChange();
      return toRuleView(doc);
    },
    async update(id, patch) {
      const existing = await load(id);
      const next: RuleDoc = { ...existing, ...patch, updatedAt: deps.now() } as RuleDoc;
      if (patch.recurrence === undefined && 'recurrence' in patch) delete next.recurrence;
      check(next);
      if (patch.criteria) await checkOrgValues(patch.criteria);
      if (patch.target && (patch.target.type !== existing.target.type || patch.target.id !== existing.target.id)) {
        throw new ValidationError('target: cannot change what a rule assigns; make a new rule', 'target');
      }
      await rules.replaceOne({ _id: id }, next);
      await deps.onChange();
      return toRuleView(next);
    },
    async remove(id) {
      await load(id);
      await rules.deleteOne({ _id: id });
      // History stays; what only this rule assigned ends (the next evaluation may re-attach another rule).
      await assignments.updateMany({ ruleId: id, active: true }, { $set: { active: false, endedReason: 'rule-deleted', endedAt: deps.now() } });
      await deps.onChange();
    },
    async preview(criteria, limit) {
      check({ criteria });
      const everyone = await loadPeopleFacts(deps.users);
      const match = ruleMatcher(criteria, { tree: new ReportingTree(everyone) });
      const matched = everyone.filter(match).sort((a, b) => a.name.localeCompare(b.name));
      return {
        total: matched.length,
        people: matched.slice(0, limit).map((p) => ({ id: p.id, name: p.name, email: p.email, department: p.department, location: p.location, jobRole: p.jobRole, jobLevel: p.jobLevel })),
      };
    },
  };
}
