/** Onboarding on the hand-made organisation (test-support.ts); figures counted in the comments. */
import test from 'ava';
import { computeOnboarding } from './onboarding.js';
import { scopeFor } from './scope.js';
import { DIRECTORY, NOW, ROWS, daysAgo } from './test-support.js';

const hr = { id: 'hr1', roles: ['hr' as const] };
const hire = daysAgo(71).getTime();
const at = (days: number) => new Date(hire + days * 86_400_000);

const milestones = new Map([
  ['Analyst', { label: 'First reconciliation signed off', firstCompletion: new Map([['o1', at(10)], ['o2', at(20)], ['o3', at(30)], ['o4', at(40)], ['o5', at(60)], ['m1', at(5)]]) }],
  ['Account executive', { label: 'Supervised discovery call', firstCompletion: new Map([['s1', at(12)], ['s2', at(15)]]) }],
]);

test('completion rate, 30/60/90-day checkpoints and time to productivity by role', async (t) => {
  const r = await computeOnboarding({ rows: ROWS, people: DIRECTORY, scope: scopeFor(hr, DIRECTORY), now: NOW, hiredFrom: daysAgo(365), hiredTo: NOW, milestones });
  // New hires: s1, s2, o1–o5 (hired 71 days ago). Their 14 onboarding rows: 13 done (o1's B is overdue).
  t.is(r.newHires, 7);
  t.is(r.completionPct, 92.9);
  t.is(r.fullyOnboardedPct, 85.7); // 6 of 7
  // Day 30 (41 days ago): o2–o5 finished 49 days ago; s1, s2 finished 21 days ago; o1 never: 4/7.
  t.like(r.checkpoints[0], { day: 30, eligible: 7, done: 4, pct: 57.1 });
  // Day 60 (11 days ago): s1, s2 too: 6/7.
  t.like(r.checkpoints[1], { day: 60, eligible: 7, done: 6, pct: 85.7 });
  // Day 90 is still ahead for everyone: nobody eligible, withheld.
  t.like(r.checkpoints[2], { day: 90, eligible: 0, suppressed: true, pct: null });
  const analyst = r.productivity.find((p) => p.jobRole === 'Analyst')!;
  // o1–o5 reached it after 10, 20, 30, 40, 60 days (m1 was not hired in the window).
  t.like(analyst, { hired: 5, reached: 5, medianDays: 30, meanDays: 32, suppressed: false });
  const ae = r.productivity.find((p) => p.jobRole === 'Account executive')!;
  t.like(ae, { hired: 2, reached: null, medianDays: null, suppressed: true }, 'two people: withheld');
});

test('a manager sees the onboarding of their chain only (s1, s2: too few, withheld)', async (t) => {
  const r = await computeOnboarding({ rows: ROWS, people: DIRECTORY, scope: scopeFor({ id: 'm1', roles: ['manager'] }, DIRECTORY), now: NOW, hiredFrom: daysAgo(365), hiredTo: NOW, milestones });
  t.is(r.newHires, 2);
  t.true(r.suppressed);
  t.is(r.completionPct, null);
  t.true(r.checkpoints.every((c) => c.suppressed));
});
