/**
 * Assignments and assignment rules as plain documents (CONTRACTS.md). hr-paths and reports
 * read `assignments`; only this domain writes it.
 */
export const TARGET_TYPES = ['path', 'package', 'policy', 'activity'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export interface Target {
  type: TargetType;
  /** path id, package id, policy id, or the activity IRI. */
  id: string;
}

export interface AssignmentDoc {
  /** `${personId}|${type}|${id}|${cycle}`: the natural key, so a repeat insert is a no-op. */
  _id: string;
  personId: string;
  target: Target;
  ruleId?: string;
  /** 0 first; each recertification adds one. */
  cycle: number;
  assignedAt: Date;
  dueAt?: Date;
  validForMonths?: number;
  windowDays?: number;
  active: boolean;
  /** Why an assignment stopped being active: the person no longer matches, or a newer cycle took over. */
  endedReason?: 'unmatched' | 'superseded' | 'rule-deleted';
  /** The learner enrolled themselves from the catalogue: no rule keeps it, so no rule ends it. */
  selfEnrolledAt?: Date;
  endedAt?: Date;
  /** For a recertification cycle: the completion it renews, and when that completion expires (this cycle's due date). */
  previousCompletedAt?: Date;
  previousExpiresAt?: Date;
  title?: string;
}

export const assignmentKey = (personId: string, target: Target, cycle: number) => `${personId}|${target.type}|${target.id}|${cycle}`;
export const pairKey = (personId: string, target: Target) => `${personId}|${target.type}|${target.id}`;

export type DueRule =
  | { kind: 'none' }
  | { kind: 'absolute'; date: Date }
  | { kind: 'afterHire'; days: number }
  | { kind: 'afterAssignment'; days: number };

/**
 * Who a rule assigns: every given criterion must hold (within a list, any value), or the
 * person is named in `people`. No criterion at all matches nobody unless `everyone` is set.
 */
export interface RuleCriteria {
  everyone?: boolean;
  /** Any of these job roles, each optionally limited to some levels. */
  jobRoles?: Array<{ jobRole: string; levels?: string[] }>;
  departments?: string[];
  locations?: string[];
  hiredAfter?: Date;
  hiredBefore?: Date;
  /** Direct reports of a manager, or everyone below them. */
  manager?: { id: string; scope: 'direct' | 'chain' };
  /** People named explicitly: they match whatever the other criteria say. */
  people?: string[];
}

export interface RuleDoc {
  _id: string;
  name: string;
  target: Target & { title: string };
  criteria: RuleCriteria;
  due: DueRule;
  /** Recertification: a completion is valid this long; a new cycle opens `windowDays` before it expires. */
  recurrence?: { validForMonths: number; windowDays: number };
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  createdBy?: string;
}
