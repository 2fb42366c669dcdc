/**
 * Reading `compliance_status`: filtered lists (HR), a manager's team, and the compliance
 * calendar (due dates, expiries and recertification windows in a date range).
 */
import type { Filter, StoreCollection } from '../store/types.js';
import { COMPLIANCE_STATUSES, type ComplianceStatus, type ComplianceStatusDoc } from './compliance-types.js';

export interface StatusFilter {
  personIds?: string[];
  managerId?: string;
  department?: string;
  location?: string;
  jobRole?: string;
  status?: ComplianceStatus[];
  targetId?: string;
}

export interface StatusView extends Omit<ComplianceStatusDoc, '_id' | 'assignedAt' | 'dueAt' | 'completedAt' | 'expiresAt' | 'windowOpensAt' | 'evaluatedAt'> {
  id: string;
  assignedAt: string;
  dueAt?: string;
  completedAt?: string;
  expiresAt?: string;
  windowOpensAt?: string;
  evaluatedAt: string;
}

export interface CalendarEvent {
  date: string;
  kind: 'due' | 'expires' | 'window-opens';
  personId: string;
  personName?: string;
  department?: string;
  jobRole?: string;
  title: string;
  targetType: string;
  targetId: string;
  status: ComplianceStatus;
}

const iso = (d: Date | undefined) => (d ? new Date(d).toISOString() : undefined);

export function toStatusView(d: ComplianceStatusDoc): StatusView {
  const { _id, assignedAt, dueAt, completedAt, expiresAt, windowOpensAt, evaluatedAt, rev: _rev, ...rest } = d;
  const v: StatusView = { id: _id, ...rest, assignedAt: iso(assignedAt)!, evaluatedAt: iso(evaluatedAt)! };
  if (dueAt) v.dueAt = iso(dueAt);
  if (completedAt) v.completedAt = iso(completedAt);
  if (expiresAt) v.expiresAt = iso(expiresAt);
  if (windowOpensAt) v.windowOpensAt = iso(windowOpensAt);
  return v;
}

function filterOf(f: StatusFilter): Filter<ComplianceStatusDoc> {
  const q: Filter<ComplianceStatusDoc> = {};
  if (f.personIds) q.personId = { $in: f.personIds };
  if (f.managerId) q.managerId = f.managerId;
  if (f.department) q.department = f.department;
  if (f.location) q.location = f.location;
  if (f.jobRole) q.jobRole = f.jobRole;
  if (f.targetId) q.targetId = f.targetId;
  if (f.status?.length) q.status = { $in: f.status };
  return q;
}

/** Most urgent first: overdue, expired, expiring, in progress, not started, complete; then by date. */
const URGENCY: Record<ComplianceStatus, number> = { overdue: 0, expired: 1, expiring: 2, in_progress: 3, not_started: 4, complete: 5 };

export async function listStatuses(statuses: StoreCollection<ComplianceStatusDoc>, f: StatusFilter, page: { limit: number; offset: number }): Promise<{ items: StatusView[]; total: number; counts: Record<ComplianceStatus, number> }> {
  const docs = await statuses.find(filterOf(f)).toArray();
  const counts = Object.fromEntries(COMPLIANCE_STATUSES.map((s) => [s, 0])) as Record<ComplianceStatus, number>;
  for (const d of docs) counts[d.status]++;
  const when = (d: ComplianceStatusDoc) => new Date(d.dueAt ?? d.expiresAt ?? d.assignedAt).getTime();
  docs.sort((a, b) => URGENCY[a.status] - URGENCY[b.status] || when(a) - when(b) || (a.personName ?? '').localeCompare(b.personName ?? ''));
  return { items: docs.slice(page.offset, page.offset + page.limit).map(toStatusView), total: docs.length, counts };
}

export async function calendar(statuses: StoreCollection<ComplianceStatusDoc>, f: StatusFilter, from: Date, to: Date): Promise<CalendarEvent[]> {
  const docs = await statuses.find(filterOf(f)).toArray();
  const events: CalendarEvent[] = [];
  const inRange = (d: Date | undefined): d is Date => !!d && new Date(d) >= from && new Date(d) <= to;
  for (const d of docs) {
    const base = { personId: d.personId, personName: d.personName, department: d.department, jobRole: d.jobRole, title: d.title, targetType: d.targetType, targetId: d.targetId, status: d.status };
    // A due date matters until the requirement is done; expiry and windows for completions.
    if (d.status !== 'complete' && inRange(d.dueAt)) events.push({ date: iso(d.dueAt)!, kind: 'due', ...base });
    if (inRange(d.expiresAt) && !(d.cycle > 0 && d.dueAt && +new Date(d.dueAt) === +new Date(d.expiresAt) && d.status !== 'complete')) events.push({ date: iso(d.expiresAt)!, kind: 'expires', ...base });
    if (inRange(d.windowOpensAt)) events.push({ date: iso(d.windowOpensAt)!, kind: 'window-opens', ...base });
  }
  return events.sort((a, b) => a.date.localeCompare(b.date) || (a.personName ?? '').localeCompare(b.personName ?? ''));
}
