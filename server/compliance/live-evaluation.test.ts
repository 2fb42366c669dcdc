/**
 * Live re-evaluation, on its own: stored statements name people; they are gathered and
 * handed to one run at a time, in capped batches, whoever arrived during a run going into
 * the next. The runs here are a fake that records who it was given.
 */
import test from 'ava';
import { createLiveEvaluation } from './live-evaluation.js';

const HOME = 'https://lms.test';
const passed = (name: string, object: object = { id: 'https://lms.test/courses/a' }) => ({
  actor: { account: { homePage: HOME, name } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/passed' },
  object,
});

/** A run that takes `ms` and records its people; `gate` holds the first run until released. */
function fakeRuns(ms = 20) {
  const runs: string[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  return {
    runs,
    release: () => release(),
    async run(ids: string[]) {
      runs.push([...ids]);
      if (first) {
        first = false;
        await gate;
      }
      await new Promise((r) => setTimeout(r, ms));
    },
  };
}

const settled = async (live: { idle(): Promise<void> }) => live.idle();

test('a burst of statements becomes few runs; everyone is evaluated, each once per run', async (t) => {
  const fake = fakeRuns();
  const live = createLiveEvaluation({ homePage: HOME, run: fake.run, debounceMs: 50, maxBatch: 500 });
  t.teardown(() => live.close());
  const people = Array.from({ length: 40 }, (_, i) => `p${i}`);
  for (let round = 0; round < 25; round++) live.noteStored(people.map((p) => passed(p)));
  fake.release();
  await settled(live);
  const statements = 25 * people.length;
  t.true(fake.runs.length <= 2, `${fake.runs.length} runs for ${statements} statements`);
  t.deepEqual(new Set(fake.runs.flat()), new Set(people));
  for (const r of fake.runs) t.is(new Set(r).size, r.length, 'no one twice in a run');
});

test('whoever arrives during a run goes into the next run', async (t) => {
  const fake = fakeRuns();
  const live = createLiveEvaluation({ homePage: HOME, run: fake.run, debounceMs: 10, maxBatch: 500 });
  t.teardown(() => live.close());
  live.noteStored([passed('ann')]);
  while (fake.runs.length === 0) await new Promise((r) => setTimeout(r, 5));
  // The first run is held open: these arrive while it runs.
  live.noteStored([passed('bob'), passed('cy')]);
  live.noteStored([passed('ann')]);
  fake.release();
  await settled(live);
  t.deepEqual(fake.runs, [['ann'], ['bob', 'cy', 'ann']]);
});

test('a batch holds at most maxBatch people', async (t) => {
  const fake = fakeRuns(1);
  const live = createLiveEvaluation({ homePage: HOME, run: fake.run, debounceMs: 10, maxBatch: 100 });
  t.teardown(() => live.close());
  live.noteStored(Array.from({ length: 250 }, (_, i) => passed(`p${i}`)));
  fake.release();
  await settled(live);
  t.deepEqual(fake.runs.map((r) => r.length), [100, 100, 50]);
});

test('only the LMS’s learners count, and not statements about another agent', async (t) => {
  const fake = fakeRuns(1);
  const live = createLiveEvaluation({ homePage: HOME, run: fake.run, debounceMs: 10, maxBatch: 500 });
  t.teardown(() => live.close());
  live.noteStored([
    passed('learner'),
    { actor: { account: { homePage: 'https://elsewhere.example', name: 'x' } }, verb: { id: 'v' }, object: { id: 'a' } },
    { actor: { mbox: 'mailto:someone@example.com' }, verb: { id: 'v' }, object: { id: 'a' } },
    passed('manager', { objectType: 'Agent', account: { homePage: HOME, name: 'report' } }),
    passed('group-lead', { objectType: 'Group', member: [] }),
  ]);
  fake.release();
  await settled(live);
  t.deepEqual(fake.runs, [['learner']]);
});

test('a failed run is reported and the next people still run', async (t) => {
  const errors: string[][] = [];
  const runs: string[][] = [];
  const live = createLiveEvaluation({
    homePage: HOME,
    debounceMs: 10,
    maxBatch: 1,
    async run(ids) {
      runs.push(ids);
      if (ids[0] === 'bad') throw new Error('boom');
    },
    onError: (_err, ids) => errors.push(ids),
  });
  t.teardown(() => live.close());
  live.noteStored([passed('bad'), passed('good')]);
  await settled(live);
  t.deepEqual(runs, [['bad'], ['good']]);
  t.deepEqual(errors, [['bad']]);
});

test('closing hands whoever is still waiting to `leftover` (not lost, not run here)', async (t) => {
  const fake = fakeRuns(1);
  const left: string[][] = [];
  const live = createLiveEvaluation({ homePage: HOME, run: fake.run, debounceMs: 10_000, maxBatch: 500, leftover: async (ids) => void left.push(ids) });
  live.noteStored([passed('ann'), passed('bob')]);
  await live.close();
  t.deepEqual(fake.runs, []);
  t.deepEqual(left, [['ann', 'bob']]);
  live.noteStored([passed('cy')]);
  t.deepEqual(left, [['ann', 'bob']], 'closed: nothing more is gathered');
});
