/** Shapes of the learning API as the portal reads them (see server/paths, server/policies, server/competencies). */

export type StepType = 'package' | 'activity' | 'policy' | 'path' | 'task' | 'observation' | 'session';

export interface PathStep {
  id: string;
  title: string;
  type: StepType;
  ref: string;
  prerequisites: string[];
  gates: Array<{ competencyId: string; level: number }>;
  required: boolean;
  minScore?: number;
}

export interface PathView {
  id: string;
  title: string;
  description?: string;
  version: number;
  steps: PathStep[];
  layers: string[][];
  versions: Array<{ version: number; publishedAt: string; steps: number }>;
}

export type LockReason =
  | { kind: 'prerequisite'; stepId: string; title: string }
  | { kind: 'gate'; competencyId: string; competency: string; level: number; levelName: string; current: number | null; currentName: string | null };

export interface StepProgress {
  id: string;
  title: string;
  type: StepType;
  ref: string;
  required: boolean;
  prerequisites: string[];
  state: 'locked' | 'unlocked' | 'in_progress' | 'complete';
  reasons: LockReason[];
  activityId: string | null;
  completedAt?: string;
  score?: number;
  minScore?: number;
  policyVersion?: number;
  unavailable?: string;
}

export interface AssignedPath {
  pathId: string;
  title: string;
  version: number;
  currentVersion: number;
  status: 'not_started' | 'in_progress' | 'complete';
  completedAt?: string;
  steps: StepProgress[];
  layers: string[][];
  assignedAt: string;
  dueAt?: string;
  overdue: boolean;
}

export interface PublicQuiz {
  passMark: number;
  questions: Array<{ id: string; text: string; choices: string[]; correct?: number }>;
}

export interface PolicyView {
  id: string;
  title: string;
  currentVersion: number;
  version: number;
  text: string;
  textHash: string;
  publishedAt: string;
  activityId: string;
  quiz?: PublicQuiz;
  versions: Array<{ version: number; textHash: string; publishedAt: string; hasQuiz: boolean }>;
}

export interface MyLearning {
  paths: AssignedPath[];
  policies: Array<{ policy: PolicyView; dueAt?: string; viaPaths: string[]; overdue: boolean }>;
  completions: Array<{ kind: 'path' | 'policy'; id: string; title: string; version: number; completedAt: string; statementId: string }>;
}

export interface LevelDef {
  level: number;
  name: string;
  description?: string;
}

export interface Framework {
  id: string;
  name: string;
  description?: string;
  levels: LevelDef[];
  competencies: Array<{ id: string; name: string; description?: string; anchors: Array<{ level: number; text: string }> }>;
  requirements: Array<{ jobRole: string; jobLevel?: string; competencyId: string; level: number }>;
  evidenceRules: Array<
    | { id: string; kind: 'score'; competencyId: string; activityId: string; bands: Array<{ minScore: number; level: number }> }
    | { id: string; kind: 'statement'; competencyId: string; activityId: string; verb: string; level: number }
  >;
}

export interface PersonCompetency {
  competencyId: string;
  name: string;
  frameworkId: string;
  frameworkName: string;
  level: number | null;
  levelName: string | null;
  lastEvidenceAt: string | null;
  evidence: Array<{ source: 'rating' | 'assessment' | 'statement'; level: number; at: string; counts: boolean; detail: string }>;
  required: number | null;
  requiredName: string | null;
  gap: number;
}

export interface PersonCompetencies {
  person: { id: string; name: string; jobRole?: string; jobLevel?: string };
  competencies: PersonCompetency[];
}
