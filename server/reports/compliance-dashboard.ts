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

/** Milliseconds of a stored date without allocating a Date per field (200,000 rows x 4). */
const ms = (v: Date | string | undefined): number => (v instanceof Date ? v.getTime() : v ? Date.parse(v) : NaN);

const isValid = (s: string) => s === 'complete' || s === 'expiring';
const isPastDue = (s: string) => s === 'overdue' || s === 'expired';

class Tally {
  /** Distinct people: counted once per person when first seen (see `visit`). */
  people = 0;
  requirements = 0;
  complete = 0;
  inProgress = 0;
  notStarted = 0;
  overdue = 0;
  expiring = 0;
  expired = 0;
  expiringWithin90 = 0;

  add(row: ComplianceStatusRow, expiresSoon: boolean): void {
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
    for (const k of ['people', 'requirements', 'complete', 'inProgress', 'notStarted', 'overdue', 'expiring', 'expired', 'expiringWithin90'] as const) this[k] += other[k];
  }

  counts(): Counts {
    return {
      people: this.people,
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
    if (isSuppressed(tally.people)) {
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
    if (isSuppressed(pooled.people)) shown.push({ key: '__small__', label, suppressed: true });
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
  // Difference arrays: a row adds 1 from the first point it counts at (prefix sums below).
  const trendAssigned = new Array<number>(trendPoints.length + 1).fill(0);
  const trendCompleted = new Array<number>(trendPoints.length + 1).fill(0);
  const firstPoint = trendPoints[0]!;
  const WEEK = 7 * DAY;
  const pointFrom = (t: number) => Math.max(0, Math.ceil((t - firstPoint) / WEEK));
  const pastDue: ComplianceStatusRow[] = [];
  const requirements = new Map<string, Map<string, { targetType: string; targetId: string; title: string }>>();
  // Per person, once: their group in each dimension (people counted there) and hire date.
  const seen = new Map<string, { tallies: Tally[]; hire: number | undefined }>();
  // Onboarding: per new hire, whether every onboarding requirement was done by its due date.
  const onboarding = new Map<string, { due: boolean; onTime: boolean }>();

  const visit = (row: ComplianceStatusRow): void => {
    if (!inScope(scope, row.personId)) return;
    if (!matchesFilters(row, filters, people, chain)) return;
    const expiresMs = ms(row.expiresAt);
    const completedMs = ms(row.completedAt);
    const assignedMs = ms(row.assignedAt);
    const dueMs = ms(row.dueAt);
    const valid = isValid(row.status);
    const ahead = expiresMs - nowMs;
    const soon = valid && ahead > 0 && ahead <= 90 * DAY;
    if (soon) {
      forecast.within90++;
      if (ahead <= 60 * DAY) forecast.within60++;
      if (ahead <= 30 * DAY) forecast.within30++;
    }
    let person = seen.get(row.personId);
    if (!person) {
      const tallies = DIMENSIONS.map((dim) => {
        const key = groupKey(dim, row, people);
        let t = byDim[dim].get(key);
        if (!t) byDim[dim].set(key, (t = new Tally()));
        t.people++;
        return t;
      });
      totals.people++;
      person = { tallies, hire: people.byId.get(row.personId)?.hireDate?.getTime() };
      seen.set(row.personId, person);
    }
    totals.add(row, soon);
    for (const t of person.tallies) t.add(row, soon);
    // Over time: today's requirements, counted from when the person was employed (or the
    // assignment, if earlier), so a programme set up today over past completions still
    // shows how far along people were at each date.
    const hire = person.hire;
    const startMs = hire !== undefined ? Math.min(hire, assignedMs) : assignedMs;
    const from = pointFrom(startMs);
    if (from <= weeks) {
      trendAssigned[from]!++;
      if (Number.isFinite(completedMs)) trendCompleted[Math.max(from, pointFrom(completedMs))]!++;
    }
    if (isPastDue(row.status)) pastDue.push(row);
    let ofId = requirements.get(row.targetId);
    if (!ofId) requirements.set(row.targetId, (ofId = new Map()));
    if (!ofId.has(row.targetType)) ofId.set(row.targetType, { targetType: row.targetType, targetId: row.targetId, title: row.title });

    if (hire !== undefined && Math.abs(assignedMs - hire) <= ONBOARDING_WINDOW_DAYS * DAY && Number.isFinite(dueMs)) {
      const done = Number.isFinite(completedMs);
      const entry = onboarding.get(row.personId) ?? { due: true, onTime: true };
      // A new hire counts once every onboarding requirement is done or past its due date.
      if (!done && dueMs > nowMs) entry.due = false;
      if (!(done && completedMs <= dueMs)) entry.onTime = false;
      onboarding.set(row.personId, entry);
    }
  };
  const rows = input.rows;
  // An array is walked without an await per row (200,000 awaits cost more than the work).
  if (Array.isArray(rows)) for (const row of rows as ComplianceStatusRow[]) visit(row);
  else for await (const row of rows) visit(row);

  for (let i = 1; i < trendPoints.length; i++) {
    trendAssigned[i]! += trendAssigned[i - 1]!;
    trendCompleted[i]! += trendCompleted[i - 1]!;
  }
  const counts = totals.counts();
  const cohort = [...onboarding.values()].filter((e) => e.due);
  const onTime = cohort.filter((e) => e.onTime).length;
  const inScopePeople = people.all.filter((p) => p.active && p.isPerson !== false && inScope(scope, p.id) && (!chain || chain.has(p.id)) && (!filters.department || p.department === filters.department) && (!filters.location || p.location === filters.location) && (!filters.jobRole || p.jobRole === filters.jobRole));
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

  // Oldest due first; keys computed once (a comparator building Dates is the slow part at 50,000 rows).
  const dueKey = new Map(pastDue.map((r) => [r, ms(r.dueAt) || 0]));
  pastDue.sort((a, b) => dueKey.get(a)! - dueKey.get(b)!);
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
    requirements: [...requirements.values()].flatMap((m) => [...m.values()]).sort((a, b) => a.title.localeCompare(b.title)),
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
