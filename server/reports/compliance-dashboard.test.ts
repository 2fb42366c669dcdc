/**
 * The dashboard on the hand-made organisation of test-support.ts; every expected figure
 * is counted by hand in the comments.
 */
import test from 'ava';
import { computeDashboard } from './compliance-dashboard.js';
import { drillDown } from './compliance-people.js';
import { scopeFor } from './scope.js';
import { DIRECTORY, NOW, ROWS } from './test-support.js';

const hr = { id: 'hr1', roles: ['hr' as const] };

test('totals, rates and the 30/60/90-day expiry forecast over everyone', async (t) => {
  const d = await computeDashboard({ rows: ROWS, people: DIRECTORY, scope: scopeFor(hr, DIRECTORY), now: NOW });
  // 24 rows: 17 complete + 1 expiring = 18 valid; overdue s3A, o1B, l1A; expired s5A.
  t.like(d.totals, { people: 12, requirements: 24, complete: 17, expiring: 1, overdue: 3, expired: 1, inProgress: 1, notStarted: 1 });
  t.is(d.totals.completionPct, 75); // 18/24
  t.is(d.totals.pastDuePct, 16.7); // 4/24
  // Valid rows expiring ahead: s2B +20d, s4A +45d, s5B +80d (s1A +100d is outside; s5A already expired).
  t.deepEqual(d.forecast, { within30: 1, within60: 2, within90: 3 });
  t.is(d.pastDue.total, 4);
  t.deepEqual(d.pastDue.items.map((i) => `${i.personId}/${i.targetId}`).sort(), ['l1/req-A', 'o1/req-B', 's3/req-A', 's5/req-A']);
  t.is(d.pastDue.items[0]!.daysPastDue, 42);
});

test('by department: Legal (1 person) is withheld; Sales and Ops are counted', async (t) => {
  const d = await computeDashboard({ rows: ROWS, people: DIRECTORY, scope: scopeFor(hr, DIRECTORY), now: NOW });
  const dept = Object.fromEntries(d.groups.department.map((g) => [g.key, g]));
  // Sales: 12 rows, valid 7 complete + 1 expiring = 8 -> 66.7%; past due s3A + s5A = 2 -> 16.7%.
  t.like(dept.Sales, { people: 6, requirements: 12, completionPct: 66.7, pastDuePct: 16.7, expiringWithin90: 3, suppressed: false });
  // Ops: 10 rows, 9 complete -> 90%; o1B overdue -> 10%.
  t.like(dept.Ops, { people: 5, requirements: 10, completionPct: 90, pastDuePct: 10, suppressed: false });
  t.false('Legal' in dept, 'a group of one is not shown on its own');
  const other = dept.__small__!;
  t.true(other.suppressed);
  t.is(other.requirements, undefined, 'the pooled small groups still hold fewer than 5 people: no figures at all');
});

test('by location: Lyon (4) and Berlin (3) pool into “Other” (7 people), shown as a pool', async (t) => {
  const d = await computeDashboard({ rows: ROWS, people: DIRECTORY, scope: scopeFor(hr, DIRECTORY), now: NOW });
  const loc = Object.fromEntries(d.groups.location.map((g) => [g.key, g]));
  // Paris: s1 s2 s3 o1 o2 = 10 rows; valid 2+2+0+1+2 = 7 -> 70%; past due s3A, o1B -> 20%.
  t.like(loc.Paris, { people: 5, requirements: 10, completionPct: 70, pastDuePct: 20 });
  t.like(loc.__small__, { people: 7, requirements: 14, suppressed: true });
  t.regex(loc.__small__!.label, /2 groups under 5 people/);
  t.false('Lyon' in loc);
  // By manager: m1 has s1–s5 (5), m2 has o1–o5 (5); s5 (s6) and "no manager" (l1) pool to 2 people, withheld.
  const mgr = Object.fromEntries(d.groups.manager.map((g) => [g.key, g]));
  t.like(mgr.m1, { label: 'Person m1', people: 5 });
  t.like(mgr.m2, { people: 5 });
  t.like(mgr.__small__, { suppressed: true });
  t.is(mgr.__small__!.people, undefined);
});

test('completion over time: weekly points from employment (or assignment) and completion dates', async (t) => {
  const d = await computeDashboard({ rows: ROWS, people: DIRECTORY, scope: scopeFor(hr, DIRECTORY), now: NOW, trendWeeks: 12 });
  t.is(d.trend.length, 13);
  // 12 weeks ago only people hired long before count (s3–s6, l1: 10 rows); none had completed.
  t.like(d.trend[0], { assigned: 10, completed: 0, completionPct: 0 });
  // 4 weeks ago: s5A (done 9 weeks ago) and the 9 Ops completions (7 weeks ago) = 10 of 24.
  t.like(d.trend[8], { assigned: 24, completed: 10, completionPct: 41.7 });
  // Now: the 18 valid rows plus s5A (completed, since expired) = 19 of 24.
  t.like(d.trend[12], { assigned: 24, completed: 19, completionPct: 79.2 });
});

test('KPIs against the targets: on-time onboarding, past due, review participation', async (t) => {
  const reviewed = new Set(['m1', 's1', 's2', 's3', 's4', 's5', 's6', 'o1', 'o2', 'o3', 'o4', 'o5']);
  const d = await computeDashboard({ rows: ROWS, people: DIRECTORY, scope: scopeFor(hr, DIRECTORY), now: NOW, reviewed });
  const kpi = Object.fromEntries(d.kpis.map((k) => [k.id, k]));
  // New hires: s1, s2, o1–o5 (7). On time: o2–o5 (completed 7 weeks ago, due 6 weeks ago);
  // s1 and s2 finished 3 weeks ago (late), o1 has B overdue. 4/7 = 57.1%.
  t.like(kpi.onboarding_on_time, { n: 7, actual: 57.1, target: 95, met: false });
  t.like(kpi.past_due, { actual: 16.7, target: 5, comparator: '<', met: false });
  // 14 active people, 12 reviewed (m2 and l1 not): 85.7%.
  t.like(kpi.review_participation, { n: 14, actual: 85.7, met: false });
  const none = await computeDashboard({ rows: ROWS, people: DIRECTORY, scope: scopeFor(hr, DIRECTORY), now: NOW, reviewed: null });
  t.is(none.kpis[2]!.actual, null);
});

test('a manager sees the whole chain below them; an employee sees only themselves', async (t) => {
  const manager = await computeDashboard({ rows: ROWS, people: DIRECTORY, scope: scopeFor({ id: 'm1', roles: ['manager'] }, DIRECTORY), now: NOW });
  t.is(manager.scope, 'team');
  t.like(manager.totals, { people: 6, requirements: 12 }, 's6 reports through s5 and is included');
  t.false(manager.pastDue.items.some((i) => i.personId.startsWith('o') || i.personId === 'l1'));
  const employee = await computeDashboard({ rows: ROWS, people: DIRECTORY, scope: scopeFor({ id: 's3', roles: ['employee'] }, DIRECTORY), now: NOW });
  t.like(employee.totals, { people: 1, requirements: 2, overdue: 1, inProgress: 1 });
  t.true(employee.groups.department.every((g) => g.suppressed), 'an aggregate of one person is withheld');
});

test('filters narrow to a department, a manager chain or a requirement', async (t) => {
  const scope = scopeFor(hr, DIRECTORY);
  const ops = await computeDashboard({ rows: ROWS, people: DIRECTORY, scope, now: NOW, filters: { department: 'Ops' } });
  t.like(ops.totals, { requirements: 10, overdue: 1 });
  const chain = await computeDashboard({ rows: ROWS, people: DIRECTORY, scope, now: NOW, filters: { managerId: 's5' } });
  t.like(chain.totals, { people: 1, requirements: 2 });
  const reqB = await computeDashboard({ rows: ROWS, people: DIRECTORY, scope, now: NOW, filters: { targetId: 'req-B' } });
  t.like(reqB.totals, { requirements: 12, overdue: 1 });
});

test('drill-down lists the people behind a figure, within the viewer’s scope', async (t) => {
  async function* each() { yield* ROWS; }
  const pastDue = await drillDown(each(), DIRECTORY, scopeFor(hr, DIRECTORY), { status: 'past_due', limit: 50, offset: 0 }, NOW);
  t.is(pastDue.total, 4);
  t.like(pastDue.items[0], { name: 'Person l1', status: 'overdue', department: 'Legal' });
  const soon = await drillDown(each(), DIRECTORY, scopeFor(hr, DIRECTORY), { expiringWithinDays: 60, limit: 50, offset: 0 }, NOW);
  t.deepEqual(soon.items.map((i) => i.personId), ['s2', 's4']);
  const asManager = await drillDown(each(), DIRECTORY, scopeFor({ id: 'm2', roles: ['manager'] }, DIRECTORY), { status: 'past_due', limit: 50, offset: 0 }, NOW);
  t.deepEqual(asManager.items.map((i) => i.personId), ['o1']);
  t.like(asManager.items[0], { manager: 'Person m2', employeeId: 'E-o1' });
});
