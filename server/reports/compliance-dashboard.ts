/**
 * The compliance dashboard, computed in one pass over `compliance_status` (one row per
 * person x requirement, current cycle, materialised by hr-org's re-evaluation job):
 * completion and past-due rates now and week by week, forecast expirations, the same
 * figures by department / location / job role / manager (groups under 5 people pooled
 * or withheld), the past-due list, and the HR KPIs against their targets.
 */
import type { PeopleDirectory } from './people-directory.js';
import { inScope, reportsOf, type Scope } from './scope.js';
import type { ComplianceStatusRow } from './sources.js';
import { MIN_GROUP_SIZE, isSuppressed, percent } from './stats/describe.js';

const DAY = 86_400_000;

/** The HR targets from the seed guide: 95% on-time onboarding, <5% overdue, 100% review participation. */
export const KPI_TARGETS = { onboardingOnTimePct: 95, overduePct: 5, reviewParticipationPct: 100 } as const;

/** A requirement assigned within this many days of the hire date counts as onboarding. */
export const ONBOARDING_WINDOW_DAYS = 14;

export type Dimension = 'department' | 'location' | 'jobRole' | 'manager';
export const DIMENSIONS: readonly Dimension[] = ['department', 'location', 'jobRole', 'manager'];

export interface DashboardFilters {
  department?: string;
  location?: string;
  jobRole?: string;
  /** Everyone in this manager's chain. */
  managerId?: string;
  targetId?: string;
}

export interface Counts {
  people: number;
  requirements: number;
  complete: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  expiring: number;
  expired: number;
  /** complete + expiring (still valid), as a share of requirements. */
  completionPct: number | null;
  /** overdue + expired ("past due"), as a share of requirements. */
  pastDuePct: number | null;
}

export interface GroupRow extends Partial<Counts> {
  key: string;
  label: string;
  /** True when the group had fewer than 5 people: its figures are withheld (or pooled into "Other"). */
  suppressed: boolean;
  expiringWithin90?: number;
}

export interface Kpi {
  id: 'onboarding_on_time' | 'past_due' | 'review_participation';
  label: string;
  target: number;
  comparator: '>=' | '<';
  actual: number | null;
  met: boolean | null;
  n: number;
  note?: string;
}

export interface PastDueItem {
  personId: string;
  name: string;
  department?: string;
  targetType: string;
  targetId: string;
  title: string;
  status: string;
  dueAt?: string;
  daysPastDue: number | null;
}

export interface Dashboard {
  asOf: string;
  scope: 'all' | 'team' | 'self';
  totals: Counts;
  forecast: { within30: number; within60: number; within90: number };
  trend: Array<{ date: string; completionPct: number | null; assigned: number; completed: number }>;
  groups: Record<Dimension, GroupRow[]>;
  pastDue: { total: number; items: PastDueItem[] };
  kpis: Kpi[];
  requirements: Array<{ targetType: string; targetId: string; title: string }>;
}

export interface DashboardInput {
  rows: AsyncIterable<ComplianceStatusRow> | Iterable<ComplianceStatusRow>;
  people: PeopleDirectory;
  scope: Scope;
  now: Date;
  filters?: DashboardFilters;
  /** People with a performance review in the latest period, or null when none were imported. */
  reviewed?: ReadonlySet<string> | null;
  trendWeeks?: number;
  pastDueLimit?: number;
}

const isValid = (s: string) => s === 'complete' || s === 'expiring';
const isPastDue = (s: string) => s === 'overdue' || s === 'expired';

class Tally {
  people = new Set<string>();
  requirements = 0;
  complete = 0;
  inProgress = 0;
  notStarted = 0;
  overdue = 0;
  expiring = 0;
  expired = 0;
  expiringWithin90 = 0;

  add(row: ComplianceStatusRow, expiresSoon: boolean): void {
    this.people.add(row.personId);
    this.requirements++;
    switch (row.status) {
      case 'complete': this.complete++; break;
      case 'in_progress': this.inProgress++; break;
      case 'not_started': this.notStarted++; break;
      case 'overdue': this.overdue++; break;
      case 'expiring': this.expiring++; break;
      case 'expired': this.expired++; break;
    }
    if (expiresSoon) this.expiringWithin90++;
  }

  merge(other: Tally): void {
    for (const p of other.people) this.people.add(p);
    for (const k of ['requirements', 'complete', 'inProgress', 'notStarted', 'overdue', 'expiring', 'expired', 'expiringWithin90'] as const) this[k] += other[k];
  }

  counts(): Counts {
    return {
      people: this.people.size,
      requirements: this.requirements,
      complete: this.complete,
      inProgress: this.inProgress,
      notStarted: this.notStarted,
      overdue: this.overdue,
      expiring: this.expiring,
      expired: this.expired,
      completionPct: percent(this.complete + this.expiring, this.requirements),
      pastDuePct: percent(this.overdue + this.expired, this.requirements),
    };
  }
}

/** The key a row groups under for a dimension; the person's current facts win over the row's copy. */
function groupKey(dim: Dimension, row: ComplianceStatusRow, people: PeopleDirectory): string {
  const p = people.byId.get(row.personId);
  switch (dim) {
    case 'department': return p?.department ?? row.department ?? '';
    case 'location': return p?.location ?? row.location ?? '';
    case 'jobRole': return p?.jobRole ?? row.jobRole ?? '';
    case 'manager': return p?.managerId ?? row.managerId ?? '';
  }
}

/** Groups of 5+ people shown; smaller ones pooled into "Other (small groups)", itself withheld if still under 5. */
function groupRows(dim: Dimension, tallies: Map<string, Tally>, people: PeopleDirectory): GroupRow[] {
  const shown: GroupRow[] = [];
  const pooled = new Tally();
  let pooledGroups = 0;
  for (const [key, tally] of tallies) {
    if (isSuppressed(tally.people.size)) {
      pooled.merge(tally);
      pooledGroups++;
      continue;
    }
    const label = dim === 'manager' ? (people.byId.get(key)?.name ?? (key || '(no manager)')) : key || '(not set)';
    shown.push({ key, label, suppressed: false, ...tally.counts(), expiringWithin90: tally.expiringWithin90 });
  }
  shown.sort((a, b) => a.label.localeCompare(b.label));
  if (pooledGroups) {
    const label = `Other (${pooledGroups} group${pooledGroups === 1 ? '' : 's'} under ${MIN_GROUP_SIZE} people)`;
    if (isSuppressed(pooled.people.size)) shown.push({ key: '__small__', label, suppressed: true });
    else shown.push({ key: '__small__', label, suppressed: true, ...pooled.counts(), expiringWithin90: pooled.expiringWithin90 });
  }
  return shown;
}

export function matchesFilters(row: ComplianceStatusRow, f: DashboardFilters, people: PeopleDirectory, chain: ReadonlySet<string> | null): boolean {
  if (f.targetId && row.targetId !== f.targetId) return false;
  if (f.department && groupKey('department', row, people) !== f.department) return false;
  if (f.location && groupKey('location', row, people) !== f.location) return false;
  if (f.jobRole && groupKey('jobRole', row, people) !== f.jobRole) return false;
  if (chain && !chain.has(row.personId)) return false;
  return true;
}

export async function computeDashboard(input: DashboardInput): Promise<Dashboard> {
  const { people, scope, now } = input;
  const filters = input.filters ?? {};
  const nowMs = now.getTime();
  const weeks = input.trendWeeks ?? 12;
  const chain = filters.managerId ? reportsOf(filters.managerId, people) : null;

  const totals = new Tally();
  const byDim = Object.fromEntries(DIMENSIONS.map((d) => [d, new Map<string, Tally>()])) as Record<Dimension, Map<string, Tally>>;
  const forecast = { within30: 0, within60: 0, within90: 0 };
  const trendPoints = Array.from({ length: weeks + 1 }, (_, i) => nowMs - (weeks - i) * 7 * DAY);
  const trendAssigned = new Array<number>(trendPoints.length).fill(0);
  const trendCompleted = new Array<number>(trendPoints.length).fill(0);
  const pastDue: ComplianceStatusRow[] = [];
  const requirements = new Map<string, { targetType: string; targetId: string; title: string }>();
  // Onboarding: per new hire, whether every onboarding requirement was done by its due date.
  const onboarding = new Map<string, { due: boolean; onTime: boolean }>();

  for await (const row of input.rows) {
    if (!inScope(scope, row.personId)) continue;
    if (!matchesFilters(row, filters, people, chain)) continue;
    const expiresMs = row.expiresAt ? new Date(row.expiresAt).getTime() : NaN;
    const completedMs = row.completedAt ? new Date(row.completedAt).getTime() : NaN;
    const assignedMs = new Date(row.assignedAt).getTime();
    const dueMs = row.dueAt ? new Date(row.dueAt).getTime() : NaN;
    const valid = isValid(row.status);
    const ahead = expiresMs - nowMs;
    const soon = valid && ahead > 0 && ahead <= 90 * DAY;
    if (soon) {
      forecast.within90++;
      if (ahead <= 60 * DAY) forecast.within60++;
      if (ahead <= 30 * DAY) forecast.within30++;
    }
    totals.add(row, soon);
    for (const dim of DIMENSIONS) {
      const key = groupKey(dim, row, people);
      let t = byDim[dim].get(key);
      if (!t) byDim[dim].set(key, (t = new Tally()));
      t.add(row, soon);
    }
    // Over time: today's requirements, counted from when the person was employed (or the
    // assignment, if earlier), so a programme set up today over past completions still
    // shows how far along people were at each date.
    const hireMs = people.byId.get(row.personId)?.hireDate?.getTime();
    const startMs = hireMs !== undefined ? Math.min(hireMs, assignedMs) : assignedMs;
    for (let i = 0; i < trendPoints.length; i++) {
      if (startMs > trendPoints[i]!) continue;
      trendAssigned[i]!++;
      if (completedMs <= trendPoints[i]!) trendCompleted[i]!++;
    }
    if (isPastDue(row.status)) pastDue.push(row);
    requirements.set(`${row.targetType}:${row.targetId}`, { targetType: row.targetType, targetId: row.targetId, title: row.title });

    const hire = people.byId.get(row.personId)?.hireDate?.getTime();
    if (hire !== undefined && Math.abs(assignedMs - hire) <= ONBOARDING_WINDOW_DAYS * DAY && Number.isFinite(dueMs)) {
      const done = Number.isFinite(completedMs);
      const entry = onboarding.get(row.personId) ?? { due: true, onTime: true };
      // A new hire counts once every onboarding requirement is done or past its due date.
      if (!done && dueMs > nowMs) entry.due = false;
      if (!(done && completedMs <= dueMs)) entry.onTime = false;
      onboarding.set(row.personId, entry);
    }
  }

  const counts = totals.counts();
  const cohort = [...onboarding.values()].filter((e) => e.due);
  const onTime = cohort.filter((e) => e.onTime).length;
  const inScopePeople = people.all.filter((p) => p.active && inScope(scope, p.id) && (!chain || chain.has(p.id)) && (!filters.department || p.department === filters.department) && (!filters.location || p.location === filters.location) && (!filters.jobRole || p.jobRole === filters.jobRole));
  const reviewedCount = input.reviewed ? inScopePeople.filter((p) => input.reviewed!.has(p.id)).length : 0;
  const onboardingPct = percent(onTime, cohort.length);
  const reviewPct = input.reviewed ? percent(reviewedCount, inScopePeople.length) : null;
  const kpis: Kpi[] = [
    {
      id: 'onboarding_on_time',
      label: 'On-time onboarding completion',
      target: KPI_TARGETS.onboardingOnTimePct,
      comparator: '>=',
      actual: onboardingPct,
      met: onboardingPct === null ? null : onboardingPct >= KPI_TARGETS.onboardingOnTimePct,
      n: cohort.length,
      note: `New hires whose onboarding requirements (assigned within ${ONBOARDING_WINDOW_DAYS} days of hire) are all done or due; on time = every one completed by its due date.`,
    },
    {
      id: 'past_due',
      label: 'Overdue compliance training',
      target: KPI_TARGETS.overduePct,
      comparator: '<',
      actual: counts.pastDuePct,
      met: counts.pastDuePct === null ? null : counts.pastDuePct < KPI_TARGETS.overduePct,
      n: counts.requirements,
      note: 'Overdue or expired requirements as a share of all current requirements.',
    },
    {
      id: 'review_participation',
      label: 'Performance review participation',
      target: KPI_TARGETS.reviewParticipationPct,
      comparator: '>=',
      actual: reviewPct,
      met: reviewPct === null ? null : reviewPct >= KPI_TARGETS.reviewParticipationPct,
      n: inScopePeople.length,
      note: input.reviewed ? 'Active people with a performance record in the latest imported period.' : 'No performance data imported yet.',
    },
  ];

  pastDue.sort((a, b) => new Date(a.dueAt ?? 0).getTime() - new Date(b.dueAt ?? 0).getTime());
  const limit = input.pastDueLimit ?? 100;
  return {
    asOf: now.toISOString(),
    scope: scope.kind === 'all' ? 'all' : scope.label,
    totals: counts,
    forecast,
    trend: trendPoints.map((ms, i) => ({
      date: new Date(ms).toISOString().slice(0, 10),
      completionPct: percent(trendCompleted[i]!, trendAssigned[i]!),
      assigned: trendAssigned[i]!,
      completed: trendCompleted[i]!,
    })),
    groups: Object.fromEntries(DIMENSIONS.map((d) => [d, groupRows(d, byDim[d], people)])) as Record<Dimension, GroupRow[]>,
    pastDue: { total: pastDue.length, items: pastDue.slice(0, limit).map((r) => pastDueItem(r, people, nowMs)) },
    kpis,
    requirements: [...requirements.values()].sort((a, b) => a.title.localeCompare(b.title)),
  };
}

export function pastDueItem(r: ComplianceStatusRow, people: PeopleDirectory, nowMs: number): PastDueItem {
  const p = people.byId.get(r.personId);
  const item: PastDueItem = {
    personId: r.personId,
    name: p?.name ?? r.personId,
    targetType: r.targetType,
    targetId: r.targetId,
    title: r.title,
    status: r.status,
    daysPastDue: r.dueAt ? Math.max(0, Math.floor((nowMs - new Date(r.dueAt).getTime()) / DAY)) : null,
  };
  const dept = p?.department ?? r.department;
  if (dept) item.department = dept;
  if (r.dueAt) item.dueAt = new Date(r.dueAt).toISOString();
  return item;
}
