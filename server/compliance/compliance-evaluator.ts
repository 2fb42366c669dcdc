/**
 * One re-evaluation, for everyone or for some people: read new statements into the
 * completion facts, turn rules into assignments (new cycles included), compute each
 * active assignment's status at `now`, and materialise `compliance_status` with the
 * person's fields copied in (department, location, job role, manager), writing only what
 * changed. Called by the evaluation job and, for one person, inline after a change.
 */
import { selfEnrolmentTargets } from '../catalogue/catalogue-store.js';
import type { AssignmentCollections } from '../assignments/assignment-store.js';
import { evaluateAssignments, type EngineResult } from '../assignments/assignment-engine.js';
import { pairKey, type AssignmentDoc, type Target } from '../assignments/assignment-types.js';
import { loadPeopleFacts, ReportingTree, type PersonFacts } from '../org/person-facts.js';
import type { UserModel } from '../people/user-model.js';
import type { BulkWriteOperation, StoreCollection, StoreDb } from '../store/types.js';
import type { CompletionFactDoc, CompletionFacts } from './completion-facts.js';
import type { ComplianceStatusDoc } from './compliance-types.js';
import { statusOf } from './status.js';
import { nextStatusRevision } from './status-revision.js';
import { resolveTargetActivities } from './target-activity.js';

export interface EvaluatorDeps {
  db: StoreDb;
  users: UserModel;
  cols: AssignmentCollections;
  statuses: StoreCollection<ComplianceStatusDoc>;
  facts: CompletionFacts;
  homePage: string;
  /** Told of new assignments once they are stored (the learner's notice). */
  onAssigned?: (assignments: AssignmentDoc[]) => Promise<void>;
}

export interface EvaluationReport extends Omit<EngineResult, 'active' | 'inserted'> {
  people: number;
  statementsRead: number;
  statusesWritten: number;
  statusesRemoved: number;
  /** Milliseconds per phase (for the benchmark and logs). */
  phases: Record<string, number>;
}

const CHUNK = 5000;

export async function openStatusCollection(db: StoreDb): Promise<StoreCollection<ComplianceStatusDoc>> {
  const statuses = db.collection<ComplianceStatusDoc>('compliance_status');
  // Per person and per manager ("My team"). Reports filter by department or status over the
  // whole collection, which a scan serves as fast; every index costs each of the bulk inserts.
  // (No index on dates: they are kept in key order, and due dates arriving out of order make
  // each insert a shift of the whole order.)
  for (const field of ['personId', 'managerId']) await statuses.createIndex({ [field]: 1 });
  return statuses;
}

export async function evaluateCompliance(deps: EvaluatorDeps, now: Date, personIds?: string[]): Promise<EvaluationReport> {
  const all = !personIds;
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const t = performance.now();
    phases[name] = Math.round(t - mark);
    mark = t;
  };
  const rules = await deps.cols.rules.find({}).toArray();
  // For some people: just them, and the reporting links only when a rule asks "under manager X".
  const scope = await loadPeopleFacts(deps.users, all ? undefined : personIds);
  const tree = all ? new ReportingTree(scope) : rules.some((r) => r.criteria.manager) ? await reportingTree(deps.users) : new ReportingTree([]);
  const byId = new Map(scope.map((p) => [p.id, p]));

  // What rules assign, and the courses people may have enrolled in from the catalogue.
  const targets: Target[] = [...rules.map((r) => ({ type: r.target.type, id: r.target.id })), ...(await selfEnrolmentTargets(deps.db))];
  const activityOf = await resolveTargetActivities(deps.db, deps.homePage, targets);
  phase('people');
  const read = await deps.facts.update([...new Set(targets.map(activityOf))]);
  phase('project');
  const facts = await deps.facts.load(all ? undefined : scope.map((p) => p.id));
  phase('loadFacts');
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

  phase('assign');
  const active = engine.active;
  const wanted = new Map<string, ComplianceStatusDoc>();
  for (const a of active) {
    const doc = statusDoc(a, byId.get(a.personId), factOf(a.personId, a.target), activityOf(a.target), now);
    wanted.set(doc._id, doc);
  }
  phase('status');
  const written = await materialise(deps.statuses, wanted, all ? undefined : scope.map((p) => p.id), () => nextStatusRevision(deps.db));
  phase('write');
  if (deps.onAssigned && engine.inserted.length) await deps.onAssigned(engine.inserted);
  const { active: _active, inserted: _inserted, ...counts } = engine;
  return { ...counts, people: scope.length, statementsRead: read.read, ...written, phases };
}

async function reportingTree(users: UserModel): Promise<ReportingTree> {
  const links = await users.find({}, { managerId: 1 }).lean<Array<{ _id: { toHexString(): string }; managerId?: { toHexString(): string } }>>().exec();
  return new ReportingTree(links.map((l) => ({ id: l._id.toHexString(), managerId: l.managerId?.toHexString() })));
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
  if (s.expiresAt && a.windowDays !== undefined) doc.windowOpensAt = new Date(s.expiresAt.getTime() - a.windowDays * 86400_000);
  if (s.score !== undefined) doc.score = s.score;
  if (s.completionStatementId) doc.completionStatementId = s.completionStatementId;
  if (s.completionSource) doc.completionSource = s.completionSource;
  const notCounted = fact?.notCounted?.slice(-5);
  if (notCounted?.length) doc.notCounted = notCounted.map((n) => ({ statementId: n.statementId, at: new Date(n.at), reason: n.reason, source: n.source }));
  if (person) {
    doc.personName = person.name;
    if (person.department) doc.department = person.department;
    if (person.location) doc.location = person.location;
    if (person.jobRole) doc.jobRole = person.jobRole;
    if (person.managerId) doc.managerId = person.managerId;
  }
  return doc;
}

/**
 * Everything but `evaluatedAt` is the same: no write needed. Field by field (a run compares
 * every stored status with its recomputed one; no string is built per document).
 */
function sameStatus(a: ComplianceStatusDoc, b: ComplianceStatusDoc): boolean {
  const time = (v: Date | undefined) => (v instanceof Date ? v.getTime() : v ? new Date(v).getTime() : undefined);
  const text = (v: string | number | undefined) => v ?? '';
  return (
    a._id === b._id &&
    a.status === b.status &&
    a.cycle === b.cycle &&
    a.assignmentId === b.assignmentId &&
    a.title === b.title &&
    a.activityId === b.activityId &&
    time(a.assignedAt) === time(b.assignedAt) &&
    time(a.dueAt) === time(b.dueAt) &&
    time(a.completedAt) === time(b.completedAt) &&
    time(a.expiresAt) === time(b.expiresAt) &&
    time(a.windowOpensAt) === time(b.windowOpensAt) &&
    text(a.score) === text(b.score) &&
    text(a.completionStatementId) === text(b.completionStatementId) &&
    text(a.completionSource?.label) === text(b.completionSource?.label) &&
    (a.notCounted ?? []).map((n) => n.statementId).join() === (b.notCounted ?? []).map((n) => n.statementId).join() &&
    text(a.personName) === text(b.personName) &&
    text(a.department) === text(b.department) &&
    text(a.location) === text(b.location) &&
    text(a.jobRole) === text(b.jobRole) &&
    text(a.managerId) === text(b.managerId)
  );
}

async function materialise(
  statuses: StoreCollection<ComplianceStatusDoc>,
  wanted: Map<string, ComplianceStatusDoc>,
  personIds: string[] | undefined,
  nextRevision: () => Promise<number>,
): Promise<{ statusesWritten: number; statusesRemoved: number }> {
  const existing = new Map<string, ComplianceStatusDoc>();
  const load = async (filter: object) => {
    for (const d of await statuses.find(filter).toArray()) existing.set(d._id, d);
  };
  if (!personIds) await load({});
  else for (let i = 0; i < personIds.length; i += CHUNK) await load({ personId: { $in: personIds.slice(i, i + CHUNK) } });

  const changed: ComplianceStatusDoc[] = [];
  for (const [id, doc] of wanted) {
    const before = existing.get(id);
    if (before === undefined || !sameStatus(before, doc)) changed.push(doc);
  }
  const removed = [...existing.keys()].filter((id) => !wanted.has(id));
  // In _id order: every document of a run shares `evaluatedAt`, and an index kept in
  // (value, id) order (reports index evaluatedAt) then appends instead of shifting.
  changed.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  // A materialised view: replacing a changed document is delete + insert, in one ordered
  // bulk write (deletes first), so no insert can reach the store before the delete of its
  // _id, as separate calls may on a connection pool. Durable before the run reports.
  const deleting = [...changed.filter((d) => existing.has(d._id)).map((d) => d._id), ...removed];
  const ops: BulkWriteOperation<ComplianceStatusDoc>[] = [];
  for (let i = 0; i < deleting.length; i += CHUNK) ops.push({ deleteMany: { filter: { _id: { $in: deleting.slice(i, i + CHUNK) } } } });
  // statusDoc set evaluatedAt already; the store keeps copies, so the documents go in as they are.
  const rev = ops.length || changed.length ? await nextRevision() : 0;
  for (const doc of changed) ops.push({ insertOne: { document: { ...doc, rev } } });
  if (ops.length) await statuses.bulkWrite(ops);
  return { statusesWritten: changed.length, statusesRemoved: removed.length };
}
