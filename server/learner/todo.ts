/**
 * The learner's to-do list: every assignment (course, path, policy, external activity,
 * recertification) with its due date, status, why it is assigned and what to do next,
 * ordered by urgency; and every completion of any kind. It reads what already exists:
 * "My learning" for paths and policies (step states, signatures) and the trusted,
 * live `compliance_status` for courses and external activities, so a course shows as done
 * exactly when compliance counts it.
 */
import { assignmentsForPerson } from '../assignments/assignment-store.js';
import type { AssignmentDoc, RuleDoc, TargetType } from '../assignments/assignment-types.js';
import type { ComplianceStatus, ComplianceStatusDoc } from '../compliance/compliance-types.js';
import type { MyLearningService } from '../paths/my-learning.js';
import type { User } from '../people/user-service.js';
import type { StoreDb } from '../store/types.js';
import type { CompletionItem, TodoItem, TodoKind, TodoList } from '#contract/todo.js';

export type { CompletionItem, TodoItem, TodoKind, TodoList } from '#contract/todo.js';

const KIND_OF: Record<TargetType, TodoKind> = { package: 'course', path: 'path', policy: 'policy', activity: 'activity' };

/**
 * Lower sorts first: what is already late, then what is about to lapse, then the rest. Keyed by
 * compliance's statuses, so the contract's list and compliance's cannot drift apart unnoticed.
 */
const URGENCY: Record<Exclude<ComplianceStatus, 'complete'>, number> = { overdue: 0, expired: 0, expiring: 1, in_progress: 2, not_started: 2 };

export function compareUrgency(a: TodoItem, b: TodoItem): number {
  return URGENCY[a.status] - URGENCY[b.status] || (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.title.localeCompare(b.title);
}

const day = (iso: string) => iso.slice(0, 10);

/** Why an assignment is there: the rule that made it (and whether it renews an earlier completion), or HR's enrolment. */
export function describeReason(assignment: AssignmentDoc | undefined, ruleName: string | undefined): string {
  if (!assignment) return 'Assigned to you by HR';
  if (assignment.selfEnrolledAt && !ruleName) return 'You enrolled from the catalogue';
  const by = ruleName ? `Assigned by the rule “${ruleName}”` : 'Assigned to you by HR';
  if (assignment.cycle > 0 && assignment.previousExpiresAt) return `Renewal: your last completion expires on ${day(new Date(assignment.previousExpiresAt).toISOString())}. ${by}`;
  return by;
}

const iso = (d: Date | undefined) => (d ? new Date(d).toISOString() : undefined);

export interface TodoDeps {
  db: StoreDb;
  myLearning: MyLearningService;
}

export function createTodoList(deps: TodoDeps) {
  const statuses = deps.db.collection<ComplianceStatusDoc>('compliance_status');
  const rules = deps.db.collection<RuleDoc>('assignment_rules');

  return {
    async forPerson(person: User): Promise<TodoList> {
      const [learning, assignments, rows] = await Promise.all([
        deps.myLearning.forPerson(person),
        assignmentsForPerson(deps.db, person.id),
        statuses.find({ personId: person.id }).toArray(),
      ]);
      const assignmentOf = new Map<string, AssignmentDoc>();
      for (const a of assignments) if (!assignmentOf.has(`${a.target.type}|${a.target.id}`)) assignmentOf.set(`${a.target.type}|${a.target.id}`, a);
      const ruleIds = [...new Set(assignments.flatMap((a) => (a.ruleId ? [a.ruleId] : [])))];
      const ruleNames = new Map((await rules.find({ _id: { $in: ruleIds } }, { projection: { name: 1 } }).toArray()).map((r) => [String(r._id), r.name]));
      const why = (type: TargetType, id: string) => {
        const a = assignmentOf.get(`${type}|${id}`);
        return describeReason(a, a?.ruleId ? ruleNames.get(a.ruleId) : undefined);
      };
      const statusOf = new Map(rows.map((r) => [`${r.targetType}|${r.targetId}`, r]));

      const items: TodoItem[] = [];
      const completions: CompletionItem[] = [];

      for (const p of learning.paths) {
        const row = statusOf.get(`path|${p.pathId}`);
        // A completed path comes back when its renewal window opens (compliance says expiring/expired).
        const renewing = row && (row.status === 'expiring' || row.status === 'expired');
        if (p.status === 'complete' && !renewing) continue;
        const status: TodoItem['status'] = renewing ? row.status as TodoItem['status'] : p.overdue ? 'overdue' : p.status === 'in_progress' ? 'in_progress' : 'not_started';
        items.push(withDates({ kind: 'path', id: p.pathId, title: p.title, status, why: why('path', p.pathId), action: { label: p.status === 'not_started' ? 'Start' : 'Continue', view: 'my-learning', params: ['path', p.pathId] } }, p.dueAt, iso(row?.expiresAt)));
      }
      for (const p of learning.policies) {
        const viaPath = p.viaPaths.length > 0 && !assignmentOf.has(`policy|${p.policy.id}`);
        items.push(
          withDates(
            {
              kind: 'policy',
              id: p.policy.id,
              title: p.policy.title,
              status: p.overdue ? 'overdue' : 'not_started',
              why: viaPath ? `A step of your path “${p.viaPaths[0]}”` : why('policy', p.policy.id),
              action: { label: 'Read and sign', view: 'my-learning', params: ['policy', p.policy.id] },
            },
            p.dueAt,
          ),
        );
      }
      for (const row of rows) {
        if (row.targetType !== 'package' && row.targetType !== 'activity') continue;
        const kind = KIND_OF[row.targetType];
        if (row.completedAt) {
          const c: CompletionItem = { kind, id: row.targetId, title: row.title, completedAt: iso(row.completedAt)! };
          if (row.expiresAt) c.expiresAt = iso(row.expiresAt);
          if (row.score !== undefined) c.score = row.score;
          if (row.completionStatementId) c.statementId = row.completionStatementId;
          completions.push(c);
        }
        if (row.status === 'complete') continue;
        const item: TodoItem = { kind, id: row.targetId, title: row.title, status: row.status, why: why(row.targetType, row.targetId) };
        if (kind === 'course') item.action = { label: row.status === 'in_progress' ? 'Resume' : 'Start', view: 'player', params: [row.targetId] };
        items.push(withDates(item, iso(row.dueAt), iso(row.expiresAt)));
      }
      // Assigned courses the compliance evaluation has not reached yet still show, as not started.
      for (const a of assignments) {
        if (a.target.type !== 'package' && a.target.type !== 'activity') continue;
        if (statusOf.has(`${a.target.type}|${a.target.id}`)) continue;
        const kind = KIND_OF[a.target.type];
        const item: TodoItem = { kind, id: a.target.id, title: a.title ?? a.target.id, status: 'not_started', why: why(a.target.type, a.target.id) };
        if (kind === 'course') item.action = { label: 'Start', view: 'player', params: [a.target.id] };
        items.push(withDates(item, iso(a.dueAt)));
      }

      for (const c of learning.completions) {
        completions.push({ kind: c.kind, id: c.id, title: c.title, completedAt: c.completedAt, statementId: c.statementId, version: c.version });
      }
      items.sort(compareUrgency);
      completions.sort((x, y) => y.completedAt.localeCompare(x.completedAt));
      return { items, completions };
    },
  };
}

function withDates(item: TodoItem, dueAt?: string, expiresAt?: string): TodoItem {
  if (dueAt) item.dueAt = dueAt;
  if (expiresAt && item.status !== 'not_started' && item.status !== 'in_progress') item.expiresAt = expiresAt;
  return item;
}

export type TodoListService = ReturnType<typeof createTodoList>;
