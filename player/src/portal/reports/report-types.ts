/** The shapes the reports API answers with (see server/reports), as the portal reads them. */
export interface Counts {
  people: number;
  requirements: number;
  complete: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  expiring: number;
  expired: number;
  completionPct: number | null;
  pastDuePct: number | null;
}

export interface GroupRow extends Partial<Counts> {
  key: string;
  label: string;
  suppressed: boolean;
  expiringWithin90?: number;
}

export interface Kpi {
  id: string;
  label: string;
  target: number;
  comparator: '>=' | '<';
  actual: number | null;
  met: boolean | null;
  n: number;
  note?: string;
}

export type Dimension = 'department' | 'location' | 'jobRole' | 'manager';

export interface Dashboard {
  asOf: string;
  scope: 'all' | 'team' | 'self';
  totals: Counts;
  forecast: { within30: number; within60: number; within90: number };
  trend: Array<{ date: string; completionPct: number | null; assigned: number; completed: number }>;
  groups: Record<Dimension, GroupRow[]>;
  pastDue: { total: number; items: Array<Record<string, unknown>> };
  kpis: Kpi[];
  requirements: Array<{ targetType: string; targetId: string; title: string }>;
}

export interface JobView {
  id: string;
  title: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress?: number;
  counts?: { completions: number; statements: number; outstanding: number; acknowledgements: number; people: number; blended?: number };
  bytes?: number;
  error?: string;
  createdAt: string;
  downloadUrl?: string;
}
