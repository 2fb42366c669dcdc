/** `compliance_status` (CONTRACTS.md): one document per person x requirement (current cycle), written by the re-evaluation job. */
import type { TargetType } from '../assignments/assignment-types.js';
import type { CompletionSource } from '../learning-record/completion-authority.js';

export const COMPLIANCE_STATUSES = ['not_started', 'in_progress', 'complete', 'overdue', 'expiring', 'expired'] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export interface ComplianceStatusDoc {
  /** `${personId}|${targetType}|${targetId}`. */
  _id: string;
  personId: string;
  personName?: string;
  targetType: TargetType;
  targetId: string;
  /** The activity whose completion statements count. */
  activityId: string;
  title: string;
  status: ComplianceStatus;
  cycle: number;
  assignmentId: string;
  assignedAt: Date;
  dueAt?: Date;
  completedAt?: Date;
  expiresAt?: Date;
  /** When recertification opens (expiresAt - windowDays): the audit window on the calendar. */
  windowOpensAt?: Date;
  score?: number;
  completionStatementId?: string;
  /** Where the counting completion came from (a SCORM attempt, a signature, a client...). */
  completionSource?: CompletionSource;
  /** The newest completion statements that did not count, and why (at most 5). */
  notCounted?: Array<{ statementId: string; at: Date; reason: string; source: string }>;
  department?: string;
  location?: string;
  jobRole?: string;
  managerId?: string;
  evaluatedAt: Date;
  /** The revision of the evaluation that wrote it (status-revision.ts). */
  rev?: number;
}
