/**
 * "My learning": what a person is asked to do (assigned paths with each step's state and
 * why it is locked, due dates; policies to sign) and what they have finished.
 */
import type { User } from '../people/user-service.js';
import type { Acknowledgement, PolicyService, PolicyView } from '../policies/policy-service.js';
import type { AssignmentSource } from './enrolment-service.js';
import type { PathProgress, PathService } from './path-service.js';

export interface AssignedPath extends PathProgress {
  assignedAt: string;
  dueAt?: string;
  overdue: boolean;
}

export interface PolicyToSign {
  policy: PolicyView;
  dueAt?: string;
  /** Titles of the assigned paths that ask for it (empty when assigned directly). */
  viaPaths: string[];
  overdue: boolean;
}

export interface CompletionRecord {
  kind: 'path' | 'policy';
  id: string;
  title: string;
  version: number;
  completedAt: string;
  statementId: string;
}

export interface MyLearning {
  paths: AssignedPath[];
  policies: PolicyToSign[];
  completions: CompletionRecord[];
}

export interface MyLearningDeps {
  assignments: AssignmentSource;
  paths: PathService;
  policies: PolicyService;
  now?: () => Date;
}

export function createMyLearning(deps: MyLearningDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async forPerson(person: User): Promise<MyLearning> {
      const at = now().toISOString();
      const assigned = await deps.assignments.forPerson(person.id);
      const paths: AssignedPath[] = [];
      for (const a of assigned.filter((x) => x.targetType === 'path')) {
        if (!(await deps.paths.exists(a.targetId))) continue;
        const progress = await deps.paths.progress(person, a.targetId);
        const item: AssignedPath = { ...progress, assignedAt: a.assignedAt, overdue: !!a.dueAt && a.dueAt < at && progress.status !== 'complete' };
        if (a.dueAt) item.dueAt = a.dueAt;
        paths.push(item);
      }
      paths.sort((x, y) => (x.dueAt ?? '9999').localeCompare(y.dueAt ?? '9999') || x.title.localeCompare(y.title));

      // Policies: assigned directly, or asked for by an unlocked step of an assigned path.
      const wanted = new Map<string, { dueAt?: string; viaPaths: string[] }>();
      for (const a of assigned.filter((x) => x.targetType === 'policy')) wanted.set(a.targetId, { ...(a.dueAt ? { dueAt: a.dueAt } : {}), viaPaths: [] });
      for (const p of paths) {
        for (const s of p.steps.filter((x) => x.type === 'policy' && x.state !== 'complete' && x.state !== 'locked')) {
          const w = wanted.get(s.ref) ?? { viaPaths: [] };
          w.viaPaths.push(p.title);
          if (p.dueAt && (!w.dueAt || p.dueAt < w.dueAt)) w.dueAt = p.dueAt;
          wanted.set(s.ref, w);
        }
      }
      const acks = await deps.policies.acknowledgementsOf(person.id);
      const policies: PolicyToSign[] = [];
      for (const [policyId, w] of wanted) {
        if (!(await deps.policies.exists(policyId))) continue;
        const policy = await deps.policies.get(policyId, false);
        if (acks.some((a) => a.policyId === policyId && a.version === policy.currentVersion)) continue;
        const item: PolicyToSign = { policy, viaPaths: w.viaPaths, overdue: !!w.dueAt && w.dueAt < at };
        if (w.dueAt) item.dueAt = w.dueAt;
        policies.push(item);
      }

      const completions: CompletionRecord[] = [];
      for (const p of paths.filter((x) => x.status === 'complete')) {
        completions.push({ kind: 'path', id: p.pathId, title: p.title, version: p.version, completedAt: p.completedAt!, statementId: p.completionStatementId! });
      }
      const titles = new Map<string, string>();
      for (const a of acks as Acknowledgement[]) {
        if (!titles.has(a.policyId)) titles.set(a.policyId, (await deps.policies.exists(a.policyId)) ? (await deps.policies.get(a.policyId, false)).title : 'Removed policy');
        completions.push({ kind: 'policy', id: a.policyId, title: titles.get(a.policyId)!, version: a.version, completedAt: a.signedAt, statementId: a.statementId });
      }
      completions.sort((x, y) => y.completedAt.localeCompare(x.completedAt));
      return { paths, policies, completions };
    },
  };
}

export type MyLearningService = ReturnType<typeof createMyLearning>;
