/** Assignment rules on a seeded organisation of 2,000 people in 10 departments. */
import test from 'ava';
import { openOrgRuntime } from '../compliance/testing.js';
import type { SeedPerson } from '../../test/fixtures/seed-organisation.js';
import type { RuleInput } from './rule-schema.js';
import { assignmentsForPerson } from './assignment-store.js';

const DAY = 86400_000;

function rule(name: string, criteria: RuleInput['criteria'], extra: Partial<RuleInput> = {}): RuleInput {
  return { name, target: { type: 'activity', id: `https://lms.test/activities/${encodeURIComponent(name)}`, title: name }, criteria, due: { kind: 'none' }, active: true, ...extra };
}

async function assignedTo(cols: { assignments: { find(f: object): { toArray(): Promise<Array<{ personId: string }>> } } }, targetId: string): Promise<Set<string>> {
  return new Set((await cols.assignments.find({ 'target.id': targetId, active: true }).toArray()).map((a) => a.personId));
}

const ids = (people: SeedPerson[]) => new Set(people.map((p) => p.id));

test('each criterion assigns exactly the people it describes', async (t) => {
  const { runtime, org } = await openOrgRuntime();
  t.teardown(() => runtime.close());
  const { compliance } = runtime.services;
  const people = org.people;
  const dept = org.departments[2]!;
  const loc = org.locations[1]!;
  const role = people[5]!.jobRole;
  const head = org.heads.get(org.departments[0]!)!;
  const cutoff = new Date('2020-01-01T00:00:00Z');
  const named = [people[10]!.id, people[20]!.id];
  const created = {
    role: await compliance.rules.create(rule('role', { jobRoles: [{ jobRole: role, levels: ['L2', 'L3'] }] })),
    dept: await compliance.rules.create(rule('dept', { departments: [dept] })),
    loc: await compliance.rules.create(rule('loc', { locations: [loc], departments: [dept] })),
    after: await compliance.rules.create(rule('after', { hiredAfter: cutoff })),
    before: await compliance.rules.create(rule('before', { hiredBefore: cutoff })),
    direct: await compliance.rules.create(rule('direct', { manager: { id: head.id, scope: 'direct' } })),
    chain: await compliance.rules.create(rule('chain', { manager: { id: head.id, scope: 'chain' } })),
    named: await compliance.rules.create(rule('named', { people: named })),
    all: await compliance.rules.create(rule('all', { everyone: true })),
  };
  const report = await compliance.evaluate();
  t.true(report.created > 2000);

  const below = (id: string): SeedPerson[] => {
    const out: SeedPerson[] = [];
    const queue = [id];
    while (queue.length) {
      const m = queue.pop()!;
      for (const p of people) if (p.managerId === m) (out.push(p), queue.push(p.id));
    }
    return out;
  };
  const expect = {
    role: people.filter((p) => p.jobRole === role && ['L2', 'L3'].includes(p.jobLevel)),
    dept: people.filter((p) => p.department === dept),
    loc: people.filter((p) => p.department === dept && p.location === loc),
    after: people.filter((p) => p.hireDate > cutoff),
    before: people.filter((p) => p.hireDate < cutoff),
    direct: people.filter((p) => p.managerId === head.id),
    chain: below(head.id),
    named: people.filter((p) => named.includes(p.id)),
    all: people,
  };
  for (const [key, r] of Object.entries(created)) {
    const want = [...ids(expect[key as keyof typeof expect])].sort();
    t.true(want.length > 0, `${key} describes someone`);
    t.deepEqual([...(await assignedTo(compliance.cols, r.target.id))].sort(), want, key);
  }
  t.true(expect.chain.length > expect.direct.length, 'the chain reaches below the direct reports');

  // Preview answers the same set without assigning anything.
  const preview = await compliance.rules.preview({ departments: [dept] }, 5);
  t.is(preview.total, expect.dept.length);
  t.is(preview.people.length, 5);
});

test('re-running never duplicates; the unique key refuses a second copy', async (t) => {
  const { runtime, org } = await openOrgRuntime();
  t.teardown(() => runtime.close());
  const { compliance } = runtime.services;
  await compliance.rules.create(rule('everyone', { everyone: true }));
  await compliance.rules.create(rule('also everyone, same target', { everyone: true }, { target: { type: 'activity', id: 'https://lms.test/activities/everyone', title: 'everyone' } }));
  const first = await compliance.evaluate();
  t.is(first.created, org.people.length);
  const second = await compliance.evaluate();
  t.like(second, { created: 0, updated: 0, deactivated: 0, newCycles: 0, statusesWritten: 0 });
  t.is(await compliance.cols.assignments.countDocuments({}), org.people.length);
  const one = (await compliance.cols.assignments.findOne({ personId: org.people[3]!.id }))!;
  await t.throwsAsync(() => compliance.cols.assignments.insertOne({ ...one, _id: 'another id' }), { message: /duplicate/i });
  // Concurrent evaluations in one process are serialised and still idempotent.
  await Promise.all([compliance.evaluate(), compliance.evaluate([org.people[3]!.id])]);
  t.is(await compliance.cols.assignments.countDocuments({}), org.people.length);
});

test('a person who changes department leaves one rule (history kept) and joins another', async (t) => {
  const { runtime, org, clock } = await openOrgRuntime();
  t.teardown(() => runtime.close());
  const { compliance, people } = runtime.services;
  const [a, b] = org.departments;
  const ra = await compliance.rules.create(rule('safety A', { departments: [a!] }));
  const rb = await compliance.rules.create(rule('safety B', { departments: [b!] }));
  await compliance.evaluate();
  const mover = org.people.find((p) => p.department === a && p.index > 100)!;
  clock.advanceDays(3);
  await people.update(mover.id, { department: b }, { id: org.ceo.id, roles: ['admin'] });
  await compliance.evaluateChanged([mover.id], false);
  const mine = await assignmentsForPerson(runtime.store.db, mover.id, { includeInactive: true });
  const onA = mine.find((x) => x.target.id === ra.target.id)!;
  const onB = mine.find((x) => x.target.id === rb.target.id)!;
  t.like(onA, { active: false, endedReason: 'unmatched' });
  t.like(onB, { active: true, cycle: 0 });
  t.deepEqual(onB.assignedAt, clock.now());
  t.deepEqual((await assignmentsForPerson(runtime.store.db, mover.id)).map((x) => x.target.id), [rb.target.id]);
  // Moving back re-activates the same assignment rather than making another.
  await people.update(mover.id, { department: a }, { id: org.ceo.id, roles: ['admin'] });
  await compliance.evaluateChanged([mover.id], false);
  const again = await assignmentsForPerson(runtime.store.db, mover.id, { includeInactive: true });
  t.is(again.length, 2);
  t.like(again.find((x) => x.target.id === ra.target.id), { active: true });
  // The status collection follows: one status, for the current requirement.
  const statuses = await compliance.statuses.find({ personId: mover.id }).toArray();
  t.deepEqual(statuses.map((s) => s.targetId), [ra.target.id]);
  t.is(statuses[0]!.department, a);
});

test('manager changes re-evaluate the whole chain below the person', async (t) => {
  const { runtime, org } = await openOrgRuntime();
  t.teardown(() => runtime.close());
  const { compliance, people } = runtime.services;
  const headA = org.heads.get(org.departments[0]!)!;
  const headB = org.heads.get(org.departments[1]!)!;
  const r = await compliance.rules.create(rule('under B', { manager: { id: headB.id, scope: 'chain' } }));
  await compliance.evaluate();
  // A manager directly under head A, with reports of their own, moves under head B.
  const mid = org.people.find((p) => p.managerId === headA.id && org.people.some((q) => q.managerId === p.id))!;
  const theirReports = org.people.filter((p) => p.managerId === mid.id);
  await people.update(mid.id, { managerId: headB.id }, { id: org.ceo.id, roles: ['admin'] });
  const report = await compliance.evaluateChanged([mid.id], true);
  t.true(report.people > theirReports.length);
  const assigned = await assignedTo(compliance.cols, r.target.id);
  t.true(assigned.has(mid.id));
  for (const p of theirReports) t.true(assigned.has(p.id), p.email);
});

test('due dates: absolute, N days after hire, N days after assignment', async (t) => {
  const { runtime, org, clock } = await openOrgRuntime();
  t.teardown(() => runtime.close());
  const { compliance } = runtime.services;
  const dept = org.departments[4]!;
  const abs = await compliance.rules.create(rule('abs', { departments: [dept] }, { due: { kind: 'absolute', date: new Date('2026-06-30T00:00:00Z') } }));
  const hire = await compliance.rules.create(rule('hire', { departments: [dept] }, { due: { kind: 'afterHire', days: 30 } }));
  const asg = await compliance.rules.create(rule('asg', { departments: [dept] }, { due: { kind: 'afterAssignment', days: 14 } }));
  await compliance.evaluate();
  const someone = org.people.find((p) => p.department === dept)!;
  const mine = await assignmentsForPerson(runtime.store.db, someone.id);
  const by = (id: string) => mine.find((a) => a.target.id === id)!;
  t.deepEqual(by(abs.target.id).dueAt, new Date('2026-06-30T00:00:00Z'));
  t.deepEqual(by(hire.target.id).dueAt, new Date(someone.hireDate.getTime() + 30 * DAY));
  t.deepEqual(by(asg.target.id).dueAt, new Date(clock.now().getTime() + 14 * DAY));
  // A corrected hire date moves the due date on re-evaluation.
  await runtime.services.people.update(someone.id, { hireDate: '2026-02-01' }, { id: org.ceo.id, roles: ['admin'] });
  await compliance.evaluateChanged([someone.id], false);
  const after = await assignmentsForPerson(runtime.store.db, someone.id);
  t.deepEqual(after.find((a) => a.target.id === hire.target.id)!.dueAt, new Date(Date.parse('2026-02-01') + 30 * DAY));
});

test('deleting a rule ends what it assigned, keeping the history', async (t) => {
  const { runtime, org } = await openOrgRuntime({ people: 200 });
  t.teardown(() => runtime.close());
  const { compliance } = runtime.services;
  const r = await compliance.rules.create(rule('temp', { everyone: true }));
  await compliance.evaluate();
  await compliance.rules.remove(r.id);
  await compliance.evaluate();
  t.is(await compliance.cols.assignments.countDocuments({ active: true }), 0);
  t.is(await compliance.cols.assignments.countDocuments({ endedReason: 'rule-deleted' }), org.people.length);
  t.is(await compliance.statuses.countDocuments({}), 0);
});
