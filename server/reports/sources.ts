/**
 * What the reports read and do not own, typed as CONTRACTS.md describes them:
 * `compliance_status` and `assignments` (hr-org), `policies`, `policy_acknowledgements`
 * and `learning_paths` (hr-paths), and the LRS read service (`lrs.records`). Reports
 * only read these; the owners write them.
 */
import { STATUS_REVISIONS, type RevisionDoc } from '../compliance/status-revision.js';
import type { RecordQuery, RecordReader, StoredStatement } from '../../lrs/index.js';
import type { StoreCollection, StoreDb } from '../store/types.js';

export type ComplianceState = 'not_started' | 'in_progress' | 'complete' | 'overdue' | 'expiring' | 'expired';
export type TargetType = 'path' | 'package' | 'policy' | 'activity';

export interface ComplianceStatusRow {
  personId: string;
  targetType: TargetType;
  targetId: string;
  title: string;
  status: ComplianceState;
  assignedAt: Date;
  dueAt?: Date;
  completedAt?: Date;
  expiresAt?: Date;
  score?: number;
  completionStatementId?: string;
  department?: string;
  location?: string;
  jobRole?: string;
  managerId?: string;
  evaluatedAt: Date;
  /** The revision of the evaluation that wrote it (absent on documents written before revisions). */
  rev?: number;
  /** Where the counting completion came from (hr-org's completion authority). */
  completionSource?: { kind: string; label: string };
  /** Completion statements that did not count, and why. */
  notCounted?: Array<{ statementId: string; reason: string }>;
}

export interface PolicyVersion {
  version: number;
  text: string;
  textHash: string;
  publishedAt: Date;
}

export interface PolicyDoc {
  _id: unknown;
  title: string;
  currentVersion: number;
  versions: PolicyVersion[];
}

export interface PolicyAcknowledgement {
  policyId: string;
  version: number;
  personId: string;
  typedName: string;
  signedAt: Date;
  textHash: string;
  statementId: string;
}

export interface LearningPathDoc {
  _id: unknown;
  title: string;
  version: number;
  steps: Array<{ id: string; title: string; type: string; ref: string; required: boolean }>;
}

export type { RecordQuery, RecordReader, StoredStatement } from '../../lrs/index.js';

/** Every statement matching `q`, page by page (the reader never holds the whole record). */
export async function* eachStatement(records: RecordReader, q: Omit<RecordQuery, 'limit'>, pageSize = 5000): AsyncGenerator<StoredStatement> {
  for await (const page of records.pages({ ...q, pageSize })) yield* page.statements;
}

export interface ReportSources {
  complianceStatus: StoreCollection<ComplianceStatusRow>;
  /** hr-org's revision counter of compliance_status (status-revision.ts). */
  complianceRevisions: StoreCollection<RevisionDoc>;
  policies: StoreCollection<PolicyDoc>;
  acknowledgements: StoreCollection<PolicyAcknowledgement>;
  learningPaths: StoreCollection<LearningPathDoc>;
}

export function reportSources(db: StoreDb): ReportSources {
  return {
    complianceStatus: db.collection<ComplianceStatusRow>('compliance_status'),
    complianceRevisions: db.collection<RevisionDoc>(STATUS_REVISIONS),
    policies: db.collection<PolicyDoc>('policies'),
    acknowledgements: db.collection<PolicyAcknowledgement>('policy_acknowledgements'),
    learningPaths: db.collection<LearningPathDoc>('learning_paths'),
  };
}
