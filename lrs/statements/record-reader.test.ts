/** lrs.records: filtered reads in storage order with a checkpoint, voided statements left out. */
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { openTestStore } from '../../test/helpers/test-store.js';
import { createLrs } from '../index.js';

const COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';
const PASSED = 'http://adlnet.gov/expapi/verbs/passed';
const LAUNCHED = 'http://adlnet.gov/expapi/verbs/launched';
const agent = (name: string) => ({ objectType: 'Agent', account: { homePage: 'https://lms.example.com', name } });

async function setup() {
  const store = await openTestStore();
  const lrs = await createLrs({ db: store.db, authorityHomePage: 'https://lms.example.com/xapi/clients', logger: { error() {} } });
  const write = await lrs.internalWriter('test');
  return { store, lrs, write };
}

test('find filters by verbs, activities, agent and registration, in storage order', async (t) => {
  const { store, lrs, write } = await setup();
  t.teardown(() => store.close());
  const reg = randomUUID();
  await write([
    { actor: agent('ann'), verb: { id: COMPLETED }, object: { id: 'https://x.example/a' } },
    { actor: agent('bob'), verb: { id: PASSED }, object: { id: 'https://x.example/a' }, result: { score: { scaled: 0.9 } } },
    { actor: agent('ann'), verb: { id: LAUNCHED }, object: { id: 'https://x.example/b' }, context: { registration: reg } },
    { actor: agent('ann'), verb: { id: COMPLETED }, object: { id: 'https://x.example/c' }, context: { contextActivities: { parent: [{ id: 'https://x.example/a' }] } } },
  ]);
  const done = await lrs.records.find({ verbs: [COMPLETED, PASSED] });
  t.deepEqual(done.statements.map((s) => `${s.actor.account!.name}:${(s.object as { id: string }).id}`), ['ann:https://x.example/a', 'bob:https://x.example/a', 'ann:https://x.example/c']);
  t.true(done.statements[0]!.ord < done.statements[1]!.ord);
  t.is(done.lastOrd, done.statements[2]!.ord);
  t.is(done.statements[1]!.result!.score !== undefined, true);
  t.truthy(done.statements[0]!.stored);

  const onA = await lrs.records.find({ activityIds: ['https://x.example/a'] });
  t.is(onA.statements.length, 2, 'object activity only by default');
  const related = await lrs.records.find({ activityIds: ['https://x.example/a'], relatedActivities: true });
  t.is(related.statements.length, 3, 'context activities with relatedActivities');

  const anns = await lrs.records.find({ agent: agent('ann'), verbs: [COMPLETED] });
  t.is(anns.statements.length, 2);
  const byReg = await lrs.records.find({ registration: reg.toUpperCase() });
  t.is(byReg.statements.length, 1);
  t.is(byReg.statements[0]!.verb.id, LAUNCHED);

  const none = await lrs.records.find({ verbs: ['http://adlnet.gov/expapi/verbs/failed'] });
  t.deepEqual(none, { statements: [], lastOrd: null });
});

test('afterOrd pages from a checkpoint; new statements turn up after it; voided ones never', async (t) => {
  const { store, lrs, write } = await setup();
  t.teardown(() => store.close());
  const ids = await write(Array.from({ length: 25 }, (_, i) => ({ actor: agent(`p${i}`), verb: { id: COMPLETED }, object: { id: 'https://x.example/course' } })));
  const seen: string[] = [];
  let checkpoint: number | undefined;
  for (;;) {
    const page = await lrs.records.find({ verbs: [COMPLETED], afterOrd: checkpoint, limit: 10 });
    if (!page.statements.length) break;
    seen.push(...page.statements.map((s) => s.id));
    checkpoint = page.lastOrd!;
  }
  t.deepEqual(seen, ids);
  // Void one, add two: reading on from the checkpoint sees only the new ones.
  await write({ actor: agent('admin'), verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: ids[3] } });
  const more = await write([0, 1].map((i) => ({ actor: agent(`q${i}`), verb: { id: COMPLETED }, object: { id: 'https://x.example/course' } })));
  const next = await lrs.records.find({ verbs: [COMPLETED], afterOrd: checkpoint });
  t.deepEqual(next.statements.map((s) => s.id), more);
  const all = await lrs.records.find({ verbs: [COMPLETED], limit: 100 });
  t.false(all.statements.some((s) => s.id === ids[3]), 'a voided statement is left out');
  t.is(all.statements.length, 26);
  // A reader that keeps a projection learns of voidings by reading the voiding statements.
  const voidings = await lrs.records.find({ verbs: ['http://adlnet.gov/expapi/verbs/voided'], afterOrd: checkpoint });
  t.deepEqual(voidings.statements.map((s) => (s.object as { id: string }).id), [ids[3]]);

  let pages = 0;
  let total = 0;
  for await (const page of lrs.records.pages({ verbs: [COMPLETED], pageSize: 7 })) {
    pages++;
    total += page.statements.length;
  }
  t.is(total, 26);
  t.is(pages, 4);
});

test('bad queries are refused naming the field', async (t) => {
  const { store, lrs } = await setup();
  t.teardown(() => store.close());
  await t.throwsAsync(() => lrs.records.find({ limit: 0 }), { message: /limit/ });
  await t.throwsAsync(() => lrs.records.find({ verbs: [] }), { message: /verbs/ });
  await t.throwsAsync(() => lrs.records.find({ agent: { objectType: 'Agent' } }), { message: /agent/ });
});

test('highestOrd is the ord of the newest statement, whatever it is about; nothing is after it', async (t) => {
  const { store, lrs, write } = await setup();
  t.teardown(() => store.close());
  t.is(await lrs.records.highestOrd(), 0, 'an empty LRS');
  await write({ actor: agent('ann'), verb: { id: COMPLETED }, object: { id: 'https://x.example/a' } });
  await write({ actor: agent('bob'), verb: { id: LAUNCHED }, object: { id: 'https://x.example/b' } });
  const newest = await lrs.records.highestOrd();
  const all = await lrs.records.find({ limit: 10 });
  t.is(newest, all.lastOrd!);
  t.deepEqual((await lrs.records.find({ afterOrd: newest })).statements, []);
  t.true(newest > (await lrs.records.find({ activityIds: ['https://x.example/a'] })).lastOrd!);
});
