/**
 * A small hand-made organisation for report tests, with figures a person can count:
 * Sales (6 people: s1–s6), Ops (5: o1–o5), Legal (1: l1), managers m1 (Sales) and m2
 * (Ops); s6 reports to s5, so m1's chain is s1–s6. Two requirements each (A and B).
 */
import type { PersonFacts } from './people-directory.js';
import { directoryOf } from './people-directory.js';
import type { ComplianceState, ComplianceStatusRow } from './sources.js';

export const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
export const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);
export const daysAhead = (d: number) => new Date(NOW.getTime() + d * DAY);

const ASSIGNED = daysAgo(70);
const DUE = daysAgo(42);

function person(id: string, department: string | undefined, location: string | undefined, managerId: string | undefined, hiredDaysAgo: number): PersonFacts {
  const p: PersonFacts = { id, name: `Person ${id}`, email: `${id}@example.com`, employeeId: `E-${id}`, active: true, hireDate: daysAgo(hiredDaysAgo), jobRole: department === 'Sales' ? 'Account executive' : 'Analyst' };
  if (department) p.department = department;
  if (location) p.location = location;
  if (managerId) p.managerId = managerId;
  return p;
}

export const PEOPLE: PersonFacts[] = [
  person('m1', 'Management', 'Paris', undefined, 2000),
  person('m2', 'Management', 'Berlin', undefined, 2000),
  // s1, s2 and all of Ops were hired the day before their requirements were assigned (onboarding).
  person('s1', 'Sales', 'Paris', 'm1', 71),
  person('s2', 'Sales', 'Paris', 'm1', 71),
  person('s3', 'Sales', 'Paris', 'm1', 900),
  person('s4', 'Sales', 'Lyon', 'm1', 900),
  person('s5', 'Sales', 'Lyon', 'm1', 900),
  person('s6', 'Sales', 'Lyon', 's5', 900),
  person('o1', 'Ops', 'Paris', 'm2', 71),
  person('o2', 'Ops', 'Paris', 'm2', 71),
  person('o3', 'Ops', 'Berlin', 'm2', 71),
  person('o4', 'Ops', 'Berlin', 'm2', 71),
  person('o5', 'Ops', 'Berlin', 'm2', 71),
  person('l1', 'Legal', 'Lyon', undefined, 900),
];

export const DIRECTORY = directoryOf(PEOPLE);

function row(personId: string, req: 'A' | 'B', status: ComplianceState, extra: Partial<ComplianceStatusRow> = {}): ComplianceStatusRow {
  const p = DIRECTORY.byId.get(personId)!;
  const r: ComplianceStatusRow = {
    personId,
    targetType: 'package',
    targetId: `req-${req}`,
    title: `Requirement ${req}`,
    status,
    assignedAt: ASSIGNED,
    dueAt: DUE,
    evaluatedAt: NOW,
    ...extra,
  };
  if (p.department) r.department = p.department;
  if (p.location) r.location = p.location;
  if (p.managerId) r.managerId = p.managerId;
  const done = status === 'complete' || status === 'expiring';
  if (done && !r.completedAt) r.completedAt = personId.startsWith('o') ? daysAgo(49) : daysAgo(21);
  if (done && r.score === undefined) r.score = 0.8;
  return r;
}

export const ROWS: ComplianceStatusRow[] = [
  row('s1', 'A', 'complete', { expiresAt: daysAhead(100) }),
  row('s1', 'B', 'complete'),
  row('s2', 'A', 'complete'),
  row('s2', 'B', 'expiring', { expiresAt: daysAhead(20) }),
  row('s3', 'A', 'overdue'),
  row('s3', 'B', 'in_progress'),
  row('s4', 'A', 'complete', { expiresAt: daysAhead(45) }),
  row('s4', 'B', 'not_started'),
  row('s5', 'A', 'expired', { completedAt: daysAgo(63), expiresAt: daysAgo(1) }),
  row('s5', 'B', 'complete', { expiresAt: daysAhead(80) }),
  row('s6', 'A', 'complete'),
  row('s6', 'B', 'complete'),
  ...['o1', 'o2', 'o3', 'o4', 'o5'].flatMap((id) => [row(id, 'A', 'complete'), row(id, 'B', id === 'o1' ? 'overdue' : 'complete')]),
  row('l1', 'A', 'overdue'),
  row('l1', 'B', 'complete'),
];
