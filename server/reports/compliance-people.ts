/**
 * Drill-down from a dashboard figure to the people behind it: one line per person x
 * requirement, only for people the viewer may see (this is not an aggregate, so no
 * small-group rule applies; the scope is the privacy rule).
 */
import { matchesFilters, type DashboardFilters } from './compliance-dashboard.js';
import type { PeopleDirectory } from './people-directory.js';
import { inScope, reportsOf, type Scope } from './scope.js';
import type { ComplianceState, ComplianceStatusRow } from './sources.js';

const DAY = 86_400_000;

export interface DrillDownQuery extends DashboardFilters {
  status?: ComplianceState | 'past_due' | 'valid';
  /** Only requirements whose validity ends within this many days (forecast drill-down). */
  expiringWithinDays?: number;
  limit: number;
  offset: number;
}

export interface PersonRequirementRow {
  personId: string;
  name: string;
  employeeId?: string;
  department?: string;
  location?: string;
  jobRole?: string;
  manager?: string;
  targetType: string;
  targetId: string;
  title: string;
  status: ComplianceState;
  assignedAt: string;
  dueAt?: string;
  completedAt?: string;
  expiresAt?: string;
  score?: number;
  /** Where the counting completion came from (a SCORM attempt, a signature, an HR record, a client...). */
  completionSource?: string;
  /** How many completion statements did not count (their reasons are on the person's status). */
  notCounted?: number;
}

function statusMatches(status: ComplianceState, wanted: DrillDownQuery['status']): boolean {
  if (!wanted) return true;
  if (wanted === 'past_due') return status === 'overdue' || status === 'expired';
  if (wanted === 'valid') return status === 'complete' || status === 'expiring';
  return status === wanted;
}

const iso = (d: Date | undefined) => (d ? new Date(d).toISOString() : undefined);

export async function drillDown(
  rows: AsyncIterable<ComplianceStatusRow>,
  people: PeopleDirectory,
  scope: Scope,
  q: DrillDownQuery,
  now: Date,
): Promise<{ total: number; items: PersonRequirementRow[] }> {
  const chain = q.managerId ? reportsOf(q.managerId, people) : null;
  const matched: ComplianceStatusRow[] = [];
  for await (const row of rows) {
    if (!inScope(scope, row.personId) || !matchesFilters(row, q, people, chain) || !statusMatches(row.status, q.status)) continue;
    if (q.expiringWithinDays !== undefined) {
      const ahead = row.expiresAt ? new Date(row.expiresAt).getTime() - now.getTime() : NaN;
      if (!(ahead > 0 && ahead <= q.expiringWithinDays * DAY) || !statusMatches(row.status, 'valid')) continue;
    }
    matched.push(row);
  }
  const nameOf = (id: string) => people.byId.get(id)?.name ?? id;
  matched.sort((a, b) => nameOf(a.personId).localeCompare(nameOf(b.personId)) || a.title.localeCompare(b.title));
  const items = matched.slice(q.offset, q.offset + q.limit).map((r) => {
    const p = people.byId.get(r.personId);
    const out: PersonRequirementRow = {
      personId: r.personId,
      name: nameOf(r.personId),
      targetType: r.targetType,
      targetId: r.targetId,
      title: r.title,
      status: r.status,
      assignedAt: iso(r.assignedAt)!,
    };
    const extra = {
      employeeId: p?.employeeId,
      department: p?.department ?? r.department,
      location: p?.location ?? r.location,
      jobRole: p?.jobRole ?? r.jobRole,
      manager: p?.managerId ? nameOf(p.managerId) : undefined,
      dueAt: iso(r.dueAt),
      completedAt: iso(r.completedAt),
      expiresAt: iso(r.expiresAt),
      score: r.score,
      completionSource: r.completionSource?.label,
      notCounted: r.notCounted?.length || undefined,
    };
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
    return out;
  });
  return { total: matched.length, items };
}
