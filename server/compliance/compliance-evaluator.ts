/**
 * One re-evaluation, for everyone or for some people: read new statements into the
 * completion facts, turn rules into assignments (new cycles included), compute each
 * active assignment's status at `now`, and materialise `compliance_status` with the
 * person's fields copied in (department, location, job role, manager), writing only what
 * changed. Called by the evaluation job and, for one person, inline after a change.
 */
import type { AssignmentCollections } from '../assignments/assignment-store.js';
import { evaluateAssignments, type EngineResult } from '../assignments/assignment-engine.js';
import { pairKey, type AssignmentDoc, type Target } from '../assignments/assignment-types.js';
import { loadPeopleFacts, ReportingTree, type PersonFacts } from '../org/person-facts.js';
import type { UserModel } from '../people/user-model.js';
import type { StoreCollection, StoreDb } from '../store/types.js';
import type { CompletionFactDoc, CompletionFacts } from './completion-facts.js';
import type { ComplianceStatusDoc } from './compliance-types.js';
import { statusOf } from './status.js';
import { resolveTargetActivities } from './target-activity.js';

export interface EvaluatorDeps {
  db: StoreDb;
  users: UserModel;
  cols: AssignmentCollections;
  statuses: StoreCollection<ComplianceStatusDoc>;
  facts: CompletionFacts;
  homePage: string;
}

export interface EvaluationReport extends EngineResult {
  people: number;
  statementsRead: number;
  statusesWritten: number;
  statusesRemoved: number;
}

const CHUNK = 5000;

export async function openStatusCollection(db: StoreDb): Promise<StoreCollection<ComplianceStatusDoc>> {
  const statuses = db.collection<ComplianceStatusDoc>('compliance_status');
  for (const field of ['personId', 'managerId', 'status', 'department', 'dueAt', 'expiresAt']) await statuses.createIndex({ [field]: 1 });
  return statuses;
}

export async function evaluateCompliance(deps: EvaluatorDeps, now: Date, personIds?: string[]): Promise<EvaluationReport> {
  const all = !personIds;
  const rules = await deps.cols.rules.find({}).toArray();
  const everyone = await loadPeopleFacts(deps.users);
  const tree = new ReportingTree(everyone);
  const wantedIds = new Set(personIds);
  const scope = all ? everyone : everyone.filter((p) => wantedIds.has(p.id));
  const byId = new Map(everyone.map((p) => [p.id, p]));

  const targets: Target[] = rules.map((r) => ({ type: r.target.type, id: r.target.id }));
  const activityOf = await resolveTargetActivities(deps.db, deps.homePage, targets);
  const read = await deps.facts.update([...new Set(targets.map(activityOf))]);
  const facts = await deps.facts.load(all ? undefined : scope.map((p) => p.id));
  const factOf = (personId: string, target: Target) => facts.get(`${personId}|${activityOf(target)}`);

  const engine = await evaluateAssignments({
    cols: deps.cols,
    rules,
    people: scope,
    all,
    ctx: { tree },
    now,
    latestCompletion(personId, target, after) {
      const last = factOf(personId, target)?.completions.at(-1);
      if (!last || (after && new Date(last.at).getTime() <= after.getTime())) return undefined;
      return { at: new Date(last.at) };
    },
  });

  const active = all ? await deps.cols.assignments.find({ active: true }).toArray() : await activeFor(deps.cols, scope.map((p) => p.id));
  const wanted = new Map<string, ComplianceStatusDoc>();
  for (const a of active) {
    const doc = statusDoc(a, byId.get(a.personId), factOf(a.personId, a.target), activityOf(a.target), now);
    wanted.set(doc._id, doc);
  }
  const written = await materialise(deps.statuses, wanted, all ? undefined : scope.map((p) => p.id), now);
  return { ...engine, people: scope.length, statementsRead: read.read, ...written };
}

async function activeFor(cols: AssignmentCollections, ids: string[]): Promise<AssignmentDoc[]> {
  const out: AssignmentDoc[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await cols.assignments.find({ personId: { $in: ids.slice(i, i + CHUNK) }, active: true }).toArray()));
  return out;
}

function statusDoc(a: AssignmentDoc, person: PersonFacts | undefined, fact: CompletionFactDoc | undefined, activityId: string, now: Date): ComplianceStatusDoc {
  const s = statusOf(a, fact, now);
  const doc: ComplianceStatusDoc = {
    _id: pairKey(a.personId, a.target),
    personId: a.personId,
    targetType: a.target.type,
    targetId: a.target.id,
    activityId,
    title: a.title ?? a.target.id,
    status: s.status,
    cycle: a.cycle,
    assignmentId: a._id,
    assignedAt: new Date(a.assignedAt),
    evaluatedAt: now,
  };
  if (a.dueAt) doc.dueAt = new Date(a.dueAt);
  if (s.completedAt) doc.completedAt = s.completedAt;
  if (s.expiresAt) doc.expiresAt = s.expiresAt;
  if (s.score !== undefined) doc.score = s.score;
  if (s.completionStatementId) doc.completionStatementId = s.completionStatementId;
  if (person) {
    doc.personName = person.name;
    if (person.department) doc.department = person.department;
    if (person.location) doc.location = person.location;
    if (person.jobRole) doc.jobRole = person.jobRole;
    if (person.managerId) doc.managerId = person.managerId;
  }
  return doc;
}

/** Everything but `evaluatedAt`: two docs with the same signature need no write. */
function signature(d: ComplianceStatusDoc): string {
  const { evaluatedAt: _e, ...rest } = d;
  return JSON.stringify(rest, (_k, v) => (v instanceof Date ? v.toISOString() : v));
}

async function materialise(statuses: StoreCollection<ComplianceStatusDoc>, wanted: Map<string, ComplianceStatusDoc>, personIds: string[] | undefined, now: Date): Promise<{ statusesWritten: number; statusesRemoved: number }> {
  const existing = new Map<string, string>();
  const load = async (filter: object) => {
    for (const d of await statuses.find(filter).toArray()) existing.set(d._id, signature(normalise(d)));
  };
  if (!personIds) await load({});
  else for (let i = 0; i < personIds.length; i += CHUNK) await load({ personId: { $in: personIds.slice(i, i + CHUNK) } });

  const changed: ComplianceStatusDoc[] = [];
  for (const [id, doc] of wanted) if (existing.get(id) !== signature(doc)) changed.push(doc);
  const removed = [...existing.keys()].filter((id) => !wanted.has(id));
  // A materialised view: replacing a changed document is delete + insert, in bulk.
  for (let i = 0; i < changed.length; i += CHUNK) {
    const slice = changed.slice(i, i + CHUNK);
    await statuses.deleteMany({ _id: { $in: slice.map((d) => d._id) } });
    await statuses.insertMany(slice.map((d) => ({ ...d, evaluatedAt: now })));
  }
  for (let i = 0; i < removed.length; i += CHUNK) await statuses.deleteMany({ _id: { $in: removed.slice(i, i + CHUNK) } });
  return { statusesWritten: changed.length, statusesRemoved: removed.length };
}

/** Stored documents read back with the same key order as freshly built ones. */
function normalise(d: ComplianceStatusDoc): ComplianceStatusDoc {
  const order: Array<keyof ComplianceStatusDoc> = ['_id', 'personId', 'targetType', 'targetId', 'activityId', 'title', 'status', 'cycle', 'assignmentId', 'assignedAt', 'evaluatedAt', 'dueAt', 'completedAt', 'expiresAt', 'score', 'completionStatementId', 'personName', 'department', 'location', 'jobRole', 'managerId'];
  const out: Record<string, unknown> = {};
  for (const k of order) if (d[k] !== undefined) out[k] = d[k];
  return out as unknown as ComplianceStatusDoc;
}
