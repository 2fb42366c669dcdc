/**
 * What the reports read and do not own, typed as CONTRACTS.md describes them:
 * `compliance_status` and `assignments` (hr-org), `policies`, `policy_acknowledgements`
 * and `learning_paths` (hr-paths), and the LRS read service (`lrs.records`). Reports
 * only read these; the owners write them.
 */
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

/** A statement as `lrs.records` returns it (the stored statement plus its storage order). */
export interface StoredStatement {
  id: string;
  actor: { account?: { homePage: string; name: string }; mbox?: string; name?: string; objectType?: string };
  verb: { id: string; display?: Record<string, string> };
  object: {
    id?: string;
    objectType?: string;
    definition?: { name?: Record<string, string>; description?: Record<string, string>; interactionType?: string };
  };
  result?: { score?: { scaled?: number; raw?: number }; success?: boolean; completion?: boolean; duration?: string };
  context?: { registration?: string; extensions?: Record<string, unknown> };
  timestamp: string;
  stored: string;
  ord: number;
}

export interface RecordsQuery {
  verbs?: string[];
  activityIds?: string[];
  agent?: object;
  registration?: string;
  afterOrd?: number;
  limit?: number;
}

/** The LRS read service of CONTRACTS.md (`lrs.records`). */
export interface StatementRecords {
  find(q: RecordsQuery): Promise<{ statements: StoredStatement[]; lastOrd: number | null }>;
}

/** Every statement matching `q`, page by page (the reader never holds the whole record). */
export async function* eachStatement(records: StatementRecords, q: RecordsQuery, pageSize = 2000): AsyncGenerator<StoredStatement> {
  let afterOrd = q.afterOrd;
  for (;;) {
    const { statements, lastOrd } = await records.find({ ...q, afterOrd, limit: pageSize });
    for (const s of statements) yield s;
    if (statements.length < pageSize || lastOrd === null) return;
    afterOrd = lastOrd;
  }
}

export interface ReportSources {
  complianceStatus: StoreCollection<ComplianceStatusRow>;
  policies: StoreCollection<PolicyDoc>;
  acknowledgements: StoreCollection<PolicyAcknowledgement>;
  learningPaths: StoreCollection<LearningPathDoc>;
}

export function reportSources(db: StoreDb): ReportSources {
  return {
    complianceStatus: db.collection<ComplianceStatusRow>('compliance_status'),
    policies: db.collection<PolicyDoc>('policies'),
    acknowledgements: db.collection<PolicyAcknowledgement>('policy_acknowledgements'),
    learningPaths: db.collection<LearningPathDoc>('learning_paths'),
  };
}
