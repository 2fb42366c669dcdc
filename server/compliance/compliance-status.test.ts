/** Status transitions and recertification cycles, driven by a manual clock and statements in the LRS. */
import test from 'ava';
import { learnerAgent, VERBS } from '../learning-record/identity.js';
import { HOME, openOrgRuntime } from './testing.js';
import { openCompletionFacts } from './completion-facts.js';
import type { SeedPerson } from '../../test/fixtures/seed-organisation.js';
import { seedStatements } from '../../test/fixtures/seed-organisation.js';

const ACTIVITY = 'https://lms.test/activities/fire-safety';

async function setup(recurrence?: { validForMonths: number; windowDays: number }) {
  const ctx = await openOrgRuntime();
  const { compliance } = ctx.runtime.services;
  const dept = ctx.org.departments[3]!;
  await compliance.rules.create({
    name: 'Fire safety',
    target: { type: 'activity', id: ACTIVITY, title: 'Fire safety' },
    criteria: { departments: [dept] },
    due: { kind: 'afterAssignment', days: 30 },
    recurrence,
    active: true,
  });
  const write = await ctx.runtime.lrs.internalWriter('test');
  const members = ctx.org.people.filter((p) => p.department === dept);
  const say = (p: SeedPerson, verb: string, at: Date, score?: number) =>
    write({ actor: learnerAgent(p, HOME), verb: { id: verb }, object: { id: ACTIVITY }, timestamp: at.toISOString(), ...(score !== undefined ? { result: { score: { scaled: score } } } : {}) });
  const statusOf = async (p: SeedPerson) => (await compliance.statuses.findOne({ personId: p.id, targetId: ACTIVITY }))!;
  return { ...ctx, compliance, members, say, statusOf };
}

test('not started -> in progress -> complete, and not started -> overdue, as the clock moves', async (t) => {
  const { runtime, clock, compliance, members, say, statusOf } = await setup();
  t.teardown(() => runtime.close());
  const [ann, bob] = members;
  await compliance.evaluate();
  t.like(await statusOf(ann!), { status: 'not_started', title: 'Fire safety', department: ann!.department, managerId: ann!.managerId });
  clock.advanceDays(2);
  await say(ann!, VERBS.launched, clock.now());
  await compliance.evaluate();
  t.is((await statusOf(ann!)).status, 'in_progress');
  clock.advanceDays(1);
  await say(ann!, VERBS.passed, clock.now(), 0.85);
  const r = await compliance.evaluate();
  t.true(r.statementsRead >= 1 && r.statementsRead <= 2, 'only new statements are read');
  t.like(await statusOf(ann!), { status: 'complete', score: 0.85 });
  t.deepEqual((await statusOf(ann!)).completedAt, clock.now());
  t.truthy((await statusOf(ann!)).completionStatementId);
  t.is((await statusOf(bob!)).status, 'not_started');
  clock.advanceDays(28); // 31 days after assignment: past due
  await compliance.evaluate();
  t.is((await statusOf(bob!)).status, 'overdue');
  t.is((await statusOf(ann!)).status, 'complete');
});

test('a voided completion no longer counts; a rebuild from zero gives the same statuses', async (t) => {
  const { runtime, clock, compliance, members, say, statusOf } = await setup();
  t.teardown(() => runtime.close());
  const [ann, bob] = members;
  await say(ann!, VERBS.completed, clock.now());
  const [id] = await say(bob!, VERBS.completed, clock.now());
  await compliance.evaluate();
  t.is((await statusOf(bob!)).status, 'complete');
  const write = await runtime.lrs.internalWriter('test');
  await write({ actor: learnerAgent(bob!, HOME), verb: { id: VERBS.voided }, object: { objectType: 'StatementRef', id } });
  await compliance.evaluate();
  t.is((await statusOf(bob!)).status, 'not_started', 'a voided statement counts as never made');
  const before = (await compliance.statuses.find({}).toArray()).map((s) => `${s._id}:${s.status}`).sort();
  await compliance.rebuild();
  const after = (await compliance.statuses.find({}).toArray()).map((s) => `${s._id}:${s.status}`).sort();
  t.deepEqual(after, before);
  t.is((await statusOf(ann!)).status, 'complete');
});

test('a requirement added later sees completions stored before the checkpoint', async (t) => {
  const { runtime, clock, compliance, members, say } = await setup();
  t.teardown(() => runtime.close());
  const write = await runtime.lrs.internalWriter('test');
  const other = 'https://lms.test/activities/data-protection';
  await write({ actor: learnerAgent(members[0]!, HOME), verb: { id: VERBS.completed }, object: { id: other }, timestamp: clock.now().toISOString() });
  await say(members[1]!, VERBS.launched, clock.now());
  await compliance.evaluate(); // checkpoint moves past the data-protection completion
  await compliance.rules.create({ name: 'DP', target: { type: 'activity', id: other, title: 'Data protection' }, criteria: { people: [members[0]!.id] }, due: { kind: 'none' }, active: true });
  await compliance.evaluate();
  t.is((await compliance.statuses.findOne({ personId: members[0]!.id, targetId: other }))!.status, 'complete');
});

test('recertification: complete -> expiring in the window, a new cycle opens, expired at expiry, complete again', async (t) => {
  const { runtime, clock, compliance, members, say, statusOf } = await setup({ validForMonths: 12, windowDays: 90 });
  t.teardown(() => runtime.close());
  const ann = members[0]!;
  clock.set('2026-03-01T09:00:00Z');
  await say(ann, VERBS.completed, clock.now(), 0.9);
  await compliance.evaluate();
  t.like(await statusOf(ann), { status: 'complete', cycle: 0 });
  t.deepEqual((await statusOf(ann)).expiresAt, new Date('2027-03-01T09:00:00Z'));

  clock.set('2026-11-30T09:00:00Z'); // 91 days before expiry: still complete, no new cycle
  let r = await compliance.evaluate();
  t.is(r.newCycles, 0);
  t.is((await statusOf(ann)).status, 'complete');

  clock.set('2026-12-02T09:00:00Z'); // inside the 90-day window
  r = await compliance.evaluate();
  t.true(r.newCycles >= 1);
  const st = await statusOf(ann);
  t.like(st, { status: 'expiring', cycle: 1 });
  t.deepEqual(st.dueAt, new Date('2027-03-01T09:00:00Z'));
  const history = await compliance.cols.assignments.find({ personId: ann.id, 'target.id': ACTIVITY }).toArray();
  t.deepEqual(history.map((a) => [a.cycle, a.active, a.endedReason ?? null]).sort(), [[0, false, 'superseded'], [1, true, null]]);
  // Re-running in the window makes no third cycle.
  t.is((await compliance.evaluate()).newCycles, 0);

  clock.set('2027-03-02T09:00:00Z');
  await compliance.evaluate();
  t.like(await statusOf(ann), { status: 'expired', cycle: 1 });

  await say(ann, VERBS.passed, clock.now(), 0.95);
  await compliance.evaluate();
  const renewed = await statusOf(ann);
  t.like(renewed, { status: 'complete', cycle: 1, score: 0.95 });
  t.deepEqual(renewed.expiresAt, new Date('2028-03-02T09:00:00Z'));
});

test('on 2,000 people with seeded history, statuses agree with the completions written', async (t) => {
  const { runtime, compliance, members, org, statusOf } = await setup();
  t.teardown(() => runtime.close());
  const { completions } = await seedStatements({ lrs: runtime.lrs, homePage: HOME, people: org.people, activityIds: [ACTIVITY], completionRate: 0.5, noisePerPerson: 2, seed: 5, from: new Date('2026-01-01'), to: new Date('2026-02-20') });
  const report = await compliance.evaluate();
  t.is(report.people, org.people.length);
  const done = new Set(completions.map((c) => c.personId));
  for (const p of members.slice(0, 60)) t.is((await statusOf(p)).status === 'complete', done.has(p.id), p.email);
  t.is(await compliance.statuses.countDocuments({ status: 'complete' }), members.filter((p) => done.has(p.id)).length);
});

test('statements since the checkpoint give the same facts whether read in one page or per activity, voids included', async (t) => {
  const { runtime, clock, members, say } = await setup();
  t.teardown(() => runtime.close());
  const [ann, bob, cy] = members;
  const write = await runtime.lrs.internalWriter('test');
  const noise = (p: SeedPerson) => write({ actor: learnerAgent(p, HOME), verb: { id: VERBS.launched }, object: { id: 'https://lms.test/activities/other' }, timestamp: clock.now().toISOString() });
  // Pages of 3: up to 2 new statements take the one-page read, 3 or more the per-activity reads.
  const facts = await openCompletionFacts(runtime.store.db, runtime.lrs.records, HOME, runtime.services.completionAuthority, { recentPage: 3 });
  const snapshot = async () => [...(await facts.load()).values()].map((f) => ({ ...f, completions: f.completions.map((c) => ({ ...c, at: new Date(c.at).toISOString() })) })).sort((a, b) => a._id.localeCompare(b._id));

  await say(ann!, VERBS.launched, clock.now());
  t.is((await facts.update([ACTIVITY])).read, 1, 'from zero');
  clock.advanceDays(1);
  const [annDone] = await say(ann!, VERBS.completed, clock.now(), 0.5);
  await noise(bob!);
  t.is((await facts.update([ACTIVITY])).read, 1, 'one page: only the requirement statement is taken');
  clock.advanceDays(1);
  await say(bob!, VERBS.passed, clock.now(), 0.9);
  await say(cy!, VERBS.launched, clock.now());
  await noise(cy!);
  await say(cy!, VERBS.completed, clock.now());
  t.is((await facts.update([ACTIVITY])).read, 3, 'per activity: three statements on the requirement');
  await write({ actor: learnerAgent(ann!, HOME), verb: { id: VERBS.voided }, object: { objectType: 'StatementRef', id: annDone! } });
  const voided = await facts.update([ACTIVITY]);
  t.is(voided.read, 1, 'one page: the voiding statement');
  t.is(voided.changed, 1);
  t.is((await facts.update([ACTIVITY])).read, 0, 'nothing new');

  const incremental = await snapshot();
  t.deepEqual(incremental.find((f) => f.personId === ann!.id)?.completions, [], 'the voided completion is gone');
  t.is(incremental.find((f) => f.personId === bob!.id)?.completions[0]?.score, 0.9);
  t.is(incremental.find((f) => f.personId === cy!.id)?.completions.length, 1);
  await facts.rebuild([ACTIVITY]);
  t.deepEqual(await snapshot(), incremental);
});

test('a re-run with nothing changed writes no status; a changed one is rewritten, the rest left alone', async (t) => {
  const { runtime, clock, compliance, members, say, statusOf } = await setup();
  t.teardown(() => runtime.close());
  const first = await compliance.evaluate();
  t.is(first.statusesWritten, members.length);
  const before = await statusOf(members[1]!);
  clock.advanceDays(1);
  t.is((await compliance.evaluate()).statusesWritten, 0, 'nothing changed (evaluatedAt alone is no change)');
  await say(members[0]!, VERBS.completed, clock.now(), 0.7);
  const again = await compliance.evaluate();
  t.is(again.statusesWritten, 1);
  t.like(await statusOf(members[0]!), { status: 'complete', score: 0.7 });
  t.deepEqual((await statusOf(members[1]!)).evaluatedAt, before.evaluatedAt, 'an unchanged status keeps its document');
});
