/**
 * Compliance writes under reordering: a store whose deletes arrive a turn late (as a
 * driver's connection pool may deliver them) must not make an evaluation fail or lose
 * statuses. Runs on the embedded store, and on MongoDB too when MONGODB_URI is set.
 */
import test from 'ava';
import { learnerAgent, VERBS } from '../learning-record/identity.js';
import { storeTargets } from '../store/testing/store-targets.js';
import { reorderingStore } from '../store/testing/reordering-store.js';
import { isDuplicateKeyError, type Document } from '../store/types.js';
import { HOME, openOrgRuntime } from './testing.js';

const ACTIVITY = 'https://lms.test/activities/fire-safety';

const targets = storeTargets('write-order');

for (const target of targets) {
  test(`${target.kind}: the reordering store does break an unawaited delete followed by an insert of the same ids`, async (t) => {
    const inner = await target.open(target.place());
    t.teardown(() => inner.close());
    const c = reorderingStore(inner).db.collection<Document>('direct');
    await c.insertMany([{ _id: 'a', v: 1 }, { _id: 'b', v: 1 }] as never[]);
    const del = c.deleteMany({ _id: { $in: ['a', 'b'] } } as never);
    const ins = c.insertMany([{ _id: 'a', v: 2 }, { _id: 'b', v: 2 }] as never[]);
    const [d, i] = await Promise.allSettled([del, ins]);
    t.is(d.status, 'fulfilled');
    t.true(i.status === 'rejected' && isDuplicateKeyError(i.reason), 'the insert reached the store before the delete');
    t.deepEqual(await c.find({}).toArray(), [], 'and the late delete removed what should have stayed');
  });

  test(`${target.kind}: an evaluation that replaces statuses and facts keeps them all when deletes arrive late`, async (t) => {
    const inner = await target.open(target.place());
    const ctx = await openOrgRuntime({ people: 200, store: reorderingStore(inner) });
    t.teardown(async () => {
      await ctx.runtime.close();
      await inner.close();
    });
    const { compliance } = ctx.runtime.services;
    const dept = ctx.org.departments[1]!;
    const members = ctx.org.people.filter((p) => p.department === dept);
    await compliance.rules.create({
      name: 'Fire safety',
      target: { type: 'activity', id: ACTIVITY, title: 'Fire safety' },
      criteria: { departments: [dept] },
      due: { kind: 'afterAssignment', days: 30 },
      active: true,
    });
    const write = await ctx.runtime.lrs.internalWriter('test');
    const say = (i: number, verb: string) => write({ actor: learnerAgent(members[i]!, HOME), verb: { id: verb }, object: { id: ACTIVITY }, timestamp: ctx.clock.now().toISOString() });
    await say(0, VERBS.launched);
    await say(1, VERBS.launched);
    await compliance.evaluate();
    // The second run replaces these two people's facts and statuses: delete + insert of the same ids.
    ctx.clock.advanceDays(1);
    await say(0, VERBS.completed);
    await say(1, VERBS.completed);
    await compliance.evaluate();
    const statuses = await compliance.statuses.find({}).toArray();
    t.is(statuses.length, members.length, 'every status is still there');
    const byPerson = new Map(statuses.map((s) => [s.personId, s.status]));
    t.is(byPerson.get(members[0]!.id), 'complete');
    t.is(byPerson.get(members[1]!.id), 'complete');
    t.is(byPerson.get(members[2]!.id), 'not_started');
    const facts = await compliance.facts.load([members[0]!.id, members[1]!.id]);
    t.is(facts.size, 2, 'the replaced completion facts are there');
    for (const f of facts.values()) t.is(f.completions.length, 1);
  });
}
