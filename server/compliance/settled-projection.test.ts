/**
 * A racing writer against the completion-facts projection: a completion whose insert is
 * held open (numbered, not yet visible) while later completions land and the projection
 * runs must still be counted once it lands; and reading a statement twice (it sits above
 * the settled mark) counts it once.
 */
import test from 'ava';
import { createLrs } from '../../lrs/index.js';
import { holdingDb } from '../../lrs/test-support/held-writes.js';
import { openTestStore } from '../../test/helpers/test-store.js';
import { learnerAgent, VERBS } from '../learning-record/identity.js';
import { lmsCompletionAuthority } from '../lms-completion-authority.js';
import { createCertificationAllowances } from '../lrs-admin/certification-allowances.js';
import { openCompletionFacts } from './completion-facts.js';

const HOME = 'https://lms.test';
const COURSE = `${HOME}/activities/scorm12/course`;

async function setup(t: { teardown(fn: () => Promise<void>): void }, settleLagMs: number) {
  const store = await openTestStore();
  t.teardown(() => store.close());
  const held = holdingDb(store.db);
  const lrs = await createLrs({ db: held.db, authorityHomePage: `${HOME}/xapi/clients`, settleLagMs });
  const facts = await openCompletionFacts(held.db, lrs.records, HOME, lmsCompletionAuthority(lrs, createCertificationAllowances(held.db), HOME));
  const write = await lrs.internalWriter('lms');
  const complete = (personId: string) => write({ actor: learnerAgent({ id: personId }, HOME), verb: { id: VERBS.completed }, object: { id: COURSE }, timestamp: new Date().toISOString() });
  const done = async () => [...(await facts.load()).values()].filter((f) => f.completions.length).map((f) => f.personId).sort();
  return { held, facts, complete, done };
}

test('a completion whose insert lands late (after later ones were projected) is still counted', async (t) => {
  const { held, facts, complete, done } = await setup(t, 0);
  await facts.update([COURSE]);
  const hold = held.hold('lrs_statements', 'insertMany');
  const slow = complete('ann');
  await hold.reached;
  await complete('bob');
  await complete('cy');
  await facts.update([COURSE]);
  t.deepEqual(await done(), ['bob', 'cy'], 'ann is numbered but not visible yet');
  hold.release();
  await slow;
  await facts.update([COURSE]);
  t.deepEqual(await done(), ['ann', 'bob', 'cy'], 'the held completion is read after all');
});

test('with a settle lag (another process may still be writing), statements above the mark are read again and counted once', async (t) => {
  const { facts, complete } = await setup(t, 60_000);
  await complete('ann');
  t.is((await facts.update([COURSE])).read, 1);
  // Still above the settled mark: read again, not counted twice.
  t.is((await facts.update([COURSE])).read, 1);
  const [fact] = [...(await facts.load()).values()];
  t.is(fact!.completions.length, 1);
  t.is(fact!.statementIds.length, 1);
});
