/**
 * Two runtimes on one database, standing in for the web process and the worker on one
 * MongoDB: evaluations started in both at once never overlap (the store lease), and the
 * statuses come out right. Each runtime sees the store through a recorder that logs when
 * it takes the lease (once taken), when it gives it up (as it starts to), and each write
 * of compliance statuses; runs overlapping would show as interleaved entries.
 */
import test from 'ava';
import { learnerAgent, VERBS } from '../learning-record/identity.js';
import { openEmbeddedStore } from '../store/embedded/index.js';
import type { Document, Store, StoreCollection } from '../store/types.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { HOME, openOrgRuntime } from './testing.js';

const ACTIVITY = 'https://lms.test/activities/fire-safety';

type Event = { who: string; what: 'enter' | 'exit' | 'write' };

function recordingStore(inner: Store, who: string, log: Event[]): Store {
  const wrap = <T extends Document>(name: string, c: StoreCollection<T>): StoreCollection<T> =>
    new Proxy(c, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== 'function') return value;
        const fn = value.bind(target) as (...args: unknown[]) => Promise<unknown>;
        if (name === 'leases' && prop === 'findOneAndUpdate') {
          return async (filter: Document, update: { $set: { holder: string } }, opts: unknown) => {
            const doc = (await fn(filter, update, opts)) as { holder?: string } | null;
            if (doc?.holder === update.$set.holder) log.push({ who, what: 'enter' });
            return doc;
          };
        }
        if (name === 'leases' && prop === 'deleteOne') {
          return (...args: unknown[]) => {
            log.push({ who, what: 'exit' });
            return fn(...args);
          };
        }
        if (name === 'compliance_status' && prop === 'bulkWrite') {
          return (...args: unknown[]) => {
            log.push({ who, what: 'write' });
            return fn(...args);
          };
        }
        return fn;
      },
    });
  return { ...inner, db: { collection: <T extends Document>(name: string) => wrap(name, inner.db.collection<T>(name)) } };
}

test('evaluations started in two runtimes on one store at once take turns, and the statuses are right', async (t) => {
  const store = await openEmbeddedStore({ dir: tempDir('two-runtimes-') });
  const log: Event[] = [];
  const web = await openOrgRuntime({ people: 300, store: recordingStore(store, 'web', log) });
  const worker = await openOrgRuntime({ people: 300, seedPeople: false, store: recordingStore(store, 'worker', log) });
  t.teardown(async () => {
    await web.runtime.close();
    await worker.runtime.close();
    await store.close();
  });
  const dept = web.org.departments[2]!;
  const members = web.org.people.filter((p) => p.department === dept);
  await web.runtime.services.compliance.rules.create({
    name: 'Fire safety',
    target: { type: 'activity', id: ACTIVITY, title: 'Fire safety' },
    criteria: { departments: [dept] },
    due: { kind: 'afterAssignment', days: 30 },
    active: true,
  });
  const write = await web.runtime.lrs.internalWriter('test');
  await write({ actor: learnerAgent(members[0]!, HOME), verb: { id: VERBS.completed }, object: { id: ACTIVITY }, timestamp: web.clock.now().toISOString() });
  await write({ actor: learnerAgent(members[1]!, HOME), verb: { id: VERBS.launched }, object: { id: ACTIVITY }, timestamp: web.clock.now().toISOString() });

  const a = web.runtime.services.compliance;
  const b = worker.runtime.services.compliance;
  const runs = await Promise.allSettled([a.evaluate(), b.evaluate(), a.evaluate([members[1]!.id]), b.rebuild(), a.scanReminders(), b.evaluate([members[0]!.id])]);
  t.deepEqual(runs.map((r) => r.status), Array(6).fill('fulfilled'), JSON.stringify(runs.filter((r) => r.status === 'rejected')));

  // Six runs, each inside its own lease, one after another: enter, (writes,) exit.
  const turns = log.filter((e) => e.what !== 'write');
  t.is(turns.length, 12, JSON.stringify(log));
  let holder: string | null = null;
  const order: string[] = [];
  for (const e of log) {
    if (e.what === 'enter') {
      t.is(holder, null, `${e.who} entered while ${holder} held the lease: ${JSON.stringify(log)}`);
      holder = e.who;
      order.push(e.who);
    } else if (e.what === 'exit') {
      t.is(holder, e.who, JSON.stringify(log));
      holder = null;
    } else {
      t.is(holder, e.who, `${e.who} wrote statuses outside its lease: ${JSON.stringify(log)}`);
    }
  }
  t.true(order.includes('web') && order.includes('worker'), 'both runtimes evaluated');

  const statuses = await a.statuses.find({}).toArray();
  t.is(statuses.length, members.length);
  const byPerson = new Map(statuses.map((s) => [s.personId, s.status]));
  t.is(byPerson.get(members[0]!.id), 'complete');
  t.is(byPerson.get(members[1]!.id), 'in_progress');
  t.is(statuses.filter((s) => s.status === 'not_started').length, members.length - 2);
  t.is(await store.db.collection('leases').countDocuments(), 0, 'the lease is free at the end');
});
