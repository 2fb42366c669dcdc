/**
 * One contract suite run against both runtimes: Bull on the real Redis (a unique key
 * prefix per test, deleted afterwards) and the in-process runtime on the embedded store
 * (a temp dir per test). Then durability tests that only the in-process runtime needs.
 * Waits are bounded polls; nothing asserts how long anything took.
 */
import test, { type ExecutionContext } from 'ava';
import Bull from 'bull';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore, type EmbeddedStore } from '../store/embedded/index.js';
import type { StoreDb } from '../store/types.js';
import { createJobRuntime } from './index.js';
import { PRUNE_EVERY } from './in-process-queue.js';
import { InProcessJobRuntime, type InProcessRuntimeOptions } from './in-process-runtime.js';
import type { JobEventMap, JobEventName, JobInfo, JobLogger, JobQueue, JobRuntime } from './types.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface LogLine {
  level: 'warn' | 'error';
  msg?: string;
  obj: object;
}

function recordingLogger(lines: LogLine[]): JobLogger {
  return {
    warn: (obj, msg) => lines.push({ level: 'warn', msg, obj }),
    error: (obj, msg) => lines.push({ level: 'error', msg, obj }),
  };
}

interface Harness {
  runtime: JobRuntime;
  /** Everything the runtime logged; a test ends by checking no error was. */
  logged: LogLine[];
  cleanup(): Promise<void>;
}

interface Backend {
  kind: JobRuntime['kind'];
  open(): Promise<Harness>;
}

/** The Bull runtime never touches the store. */
const storeNotUsed: StoreDb = {
  collection() {
    throw new Error('the Bull runtime must not use the store');
  },
};

async function deleteRedisKeys(prefix: string): Promise<void> {
  const cleaner = new Bull('cleanup', REDIS_URL, { prefix });
  try {
    const keys = await cleaner.client.keys(`${prefix}:*`);
    if (keys.length > 0) await cleaner.client.del(...keys);
  } finally {
    await cleaner.close();
  }
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jobs-'));
}

const backends: Backend[] = [
  {
    kind: 'bull',
    async open() {
      const prefix = `test-jobs-${randomUUID()}`;
      const logged: LogLine[] = [];
      const runtime = createJobRuntime({ redisUrl: REDIS_URL, store: storeNotUsed, prefix, logger: recordingLogger(logged) });
      return {
        runtime,
        logged,
        async cleanup() {
          await runtime.close();
          await deleteRedisKeys(prefix);
        },
      };
    },
  },
  {
    kind: 'in-process',
    async open() {
      const dir = tempDir();
      const store = await openEmbeddedStore({ dir });
      const logged: LogLine[] = [];
      const runtime = createJobRuntime({ store: store.db, logger: recordingLogger(logged) });
      return {
        runtime,
        logged,
        async cleanup() {
          await runtime.close();
          await store.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

// ---- helpers ----------------------------------------------------------------------------

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `condition` holds; fails with `what` if it never does. */
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(15);
  }
}

/**
 * Waits until `count()` has not changed for `quietMs`, failing after `timeoutMs`. Used after
 * a schedule is removed: runs already queued may still finish late on a loaded machine,
 * but a schedule that is still live never goes quiet for that long.
 */
async function waitForQuiet(what: string, count: () => number, quietMs: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = count();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`${what}: still running ${timeoutMs} ms later`);
    await sleep(25);
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

/** The first `event` whose job satisfies `match`. */
function nextEvent<D, E extends JobEventName>(
  queue: JobQueue<D>,
  event: E,
  match: (job: JobInfo<D>) => boolean = () => true,
): Promise<JobEventMap<D>[E]> {
  return new Promise((resolve) => {
    const off = queue.on(event, ((...args: JobEventMap<D>[E]) => {
      if (!match(args[0])) return;
      off();
      resolve(args);
    }) as never);
  });
}

function noErrorsLogged(t: ExecutionContext, logged: LogLine[]): void {
  t.deepEqual(
    logged.filter((l) => l.level === 'error'),
    [],
  );
}

/** Opens a harness, runs the test body, always cleans up. */
function withHarness(backend: Backend, body: (t: ExecutionContext, h: Harness) => Promise<void>) {
  return async (t: ExecutionContext) => {
    const h = await backend.open();
    try {
      await body(t, h);
      noErrorsLogged(t, h.logged);
    } finally {
      await h.cleanup();
    }
  };
}

// ---- the shared contract ------------------------------------------------------------------

for (const backend of backends) {
  const { kind } = backend;

  test(
    `${kind}: a job completes with its result and getJob reports it`,
    withHarness(backend, async (t, { runtime }) => {
      t.is(runtime.kind, kind);
      const queue = runtime.queue<{ n: number }>('double');
      t.is(runtime.queue('double'), queue, 'queue() is memoised');
      queue.process(async (job) => ({ doubled: job.data.n * 2 }));
      const completed = nextEvent(queue, 'completed');
      const added = await queue.add({ n: 21 });
      t.is(added.id, `double:${added.localId}`);
      t.is(added.queue, 'double');

      const [info, result] = await completed;
      t.is(info.id, added.id);
      t.deepEqual(result, { doubled: 42 });

      const stored = await runtime.getJob(added.id);
      t.truthy(stored);
      t.is(stored!.state, 'completed');
      t.deepEqual(stored!.result, { doubled: 42 });
      t.deepEqual(stored!.data, { n: 21 });
      t.is(stored!.attemptsMade, 1);
      t.true(stored!.finishedAt instanceof Date);
      t.true(stored!.createdAt instanceof Date);
      t.is((await queue.getJob(added.localId))?.id, added.id, 'local ids work on the queue');
      t.is(await runtime.getJob('double:no-such-job'), null);
      t.is(await runtime.getJob('never-opened:1'), null);
      t.is(await runtime.getJob('no-queue-part'), null);
    }),
  );

  test(
    `${kind}: a failing job is retried and completes on its third attempt`,
    withHarness(backend, async (t, { runtime }) => {
      const queue = runtime.queue<{ label: string }>('flaky');
      const seenAttempts: number[] = [];
      let failedEvents = 0;
      queue.on('failed', () => failedEvents++);
      queue.process(async (job) => {
        seenAttempts.push(job.attemptsMade);
        if (seenAttempts.length < 3) throw new Error(`boom ${seenAttempts.length}`);
        return `ok after ${seenAttempts.length}`;
      });
      const completed = nextEvent(queue, 'completed');
      const added = await queue.add({ label: 'x' }, { attempts: 3, backoffMs: 20 });
      const [info, result] = await completed;

      t.is(result, 'ok after 3');
      t.deepEqual(seenAttempts, [0, 1, 2]);
      t.is(info.attemptsMade, 3);
      const stored = await queue.getJob(added.id);
      t.is(stored!.state, 'completed');
      t.is(stored!.attemptsMade, 3);
      t.is(stored!.attempts, 3);
      t.is(stored!.failedReason, 'boom 2', 'keeps the last failure reason');
      t.is(failedEvents, 0, "'failed' is only for the final failure");
    }),
  );

  test(
    `${kind}: exhausting the attempts ends 'failed' with the reason`,
    withHarness(backend, async (t, { runtime }) => {
      const queue = runtime.queue<{ label: string }>('doomed');
      let runs = 0;
      queue.process(async () => {
        runs++;
        throw new Error(`always broken (${runs})`);
      });
      const failed = nextEvent(queue, 'failed');
      const added = await queue.add({ label: 'x' }, { attempts: 2 });
      const [info, reason] = await failed;

      t.is(reason, 'always broken (2)');
      t.is(info.id, added.id);
      t.is(info.state, 'failed');
      t.is(runs, 2);
      const stored = await runtime.getJob(added.id);
      t.is(stored!.state, 'failed');
      t.is(stored!.attemptsMade, 2);
      t.is(stored!.failedReason, 'always broken (2)');
      t.is(stored!.result, undefined);
      t.true(stored!.finishedAt instanceof Date);
    }),
  );

  test(
    `${kind}: progress events arrive in order and getJob shows the last progress`,
    withHarness(backend, async (t, { runtime }) => {
      const queue = runtime.queue<{ steps: number[] }>('import');
      const events: Array<[string, number, number]> = [];
      queue.on('progress', (job, pct) => events.push([job.id, pct, job.progress]));
      queue.process(async (job) => {
        for (const pct of job.data.steps) await job.progress(pct);
        return 'done';
      });
      const completed = nextEvent(queue, 'completed');
      const added = await queue.add({ steps: [10, 25, 50, 75] });
      await completed;
      await waitFor('the last progress event', () => events.length >= 4);

      t.deepEqual(
        events.map(([, pct]) => pct),
        [10, 25, 50, 75],
      );
      t.true(events.every(([id, pct, infoPct]) => id === added.id && infoPct === pct));
      const stored = await queue.getJob(added.id);
      t.is(stored!.progress, 75);
    }),
  );

  test(
    `${kind}: a repeatable job runs repeatedly and stops after removeRepeatable`,
    withHarness(backend, async (t, { runtime }) => {
      const queue = runtime.queue<{ kind: string }>('reminders');
      const runIds: string[] = [];
      queue.process(async (job) => {
        runIds.push(job.id);
      });
      const repeat = { everyMs: 150 };
      await queue.add({ kind: 'daily' }, { repeat });
      t.deepEqual(
        (await queue.repeatables()).map((r) => r.repeat),
        [repeat],
      );
      await waitFor('three runs', () => runIds.length >= 3);

      t.true(await queue.removeRepeatable({ repeat }));
      t.deepEqual(await queue.repeatables(), []);
      // A run already started (or one Bull had already queued) may still finish; a live
      // schedule (every 150 ms) would never stay quiet for eight periods.
      await waitForQuiet('the removed schedule', () => runIds.length, 1200);
      const settled = runIds.length;
      await sleep(600);
      t.is(runIds.length, settled, 'no run after removeRepeatable');
      t.is(new Set(runIds).size, runIds.length, 'each run is its own job');
      t.false(await queue.removeRepeatable({ repeat }), 'already removed');
    }),
  );

  test(
    `${kind}: adding the same repeatable twice keeps one schedule`,
    withHarness(backend, async (t, { runtime }) => {
      const queue = runtime.queue<{ kind: string }>('digest');
      const runIds: string[] = [];
      queue.process(async (job) => {
        runIds.push(job.id);
      });
      const repeat = { everyMs: 150 };
      await queue.add({ kind: 'digest' }, { repeat });
      await queue.add({ kind: 'digest' }, { repeat });
      t.is((await queue.repeatables()).length, 1);
      await waitFor('three runs', () => runIds.length >= 3);

      t.is(new Set(runIds).size, runIds.length, 'no slot ran twice');
      // One removal must stop everything: a second schedule would keep running.
      t.true(await queue.removeRepeatable({ repeat }));
      await waitForQuiet('the removed schedule', () => runIds.length, 1200);
      const settled = runIds.length;
      await sleep(600);
      t.is(runIds.length, settled);
    }),
  );

  test(
    `${kind}: adding with an existing jobId yields the one job`,
    withHarness(backend, async (t, { runtime }) => {
      const queue = runtime.queue<{ v: number }>('reports');
      const first = await queue.add({ v: 1 }, { jobId: 'report-7' });
      const second = await queue.add({ v: 2 }, { jobId: 'report-7' });
      t.is(first.id, 'reports:report-7');
      t.is(second.id, first.id);
      t.deepEqual(second.data, { v: 1 }, 'the stored job wins');

      const runs: number[] = [];
      const completed = nextEvent(queue, 'completed');
      queue.process(async (job) => {
        runs.push(job.data.v);
      });
      await completed;
      const third = await queue.add({ v: 3 }, { jobId: 'report-7' });
      t.is(third.state, 'completed', 'a finished job still blocks its id');
      t.deepEqual(runs, [1]);
    }),
  );

  test(
    `${kind}: a delayed job is reported 'delayed' and then runs`,
    withHarness(backend, async (t, { runtime }) => {
      const queue = runtime.queue<{ v: number }>('later');
      queue.process(async (job) => job.data.v + 1);
      // A long delay, so the state check does not depend on how fast add() returns.
      const far = await queue.add({ v: 10 }, { delayMs: 10_000 });
      t.is(far.state, 'delayed');
      t.is((await queue.getJob(far.id))?.state, 'delayed');
      const completed = nextEvent(queue, 'completed');
      const soon = await queue.add({ v: 1 }, { delayMs: 100 });
      const [done, result] = await completed;
      t.is(done.id, soon.id, 'the short delay ran first');
      t.is(result, 2);
    }),
  );

  test(
    `${kind}: concurrency bounds the jobs running at once`,
    withHarness(backend, async (t, { runtime }) => {
      const queue = runtime.queue<{ i: number }>('parallel');
      for (let i = 0; i < 6; i++) await queue.add({ i });
      let active = 0;
      let maxActive = 0;
      const done: number[] = [];
      queue.process(async (job) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await sleep(40);
        active--;
        done.push(job.data.i);
      }, 2);
      await waitFor('six jobs', () => done.length === 6);
      t.is(maxActive, 2);
      t.deepEqual(
        [...done].sort((a, b) => a - b),
        [0, 1, 2, 3, 4, 5],
      );
    }),
  );

  test(
    `${kind}: close waits for the running job`,
    withHarness(backend, async (t, { runtime }) => {
      const queue = runtime.queue<{ v: number }>('slow');
      let started = false;
      let finished = false;
      queue.process(async () => {
        started = true;
        await sleep(200);
        finished = true;
      });
      await queue.add({ v: 1 });
      await waitFor('the job to start', () => started);
      await runtime.close();
      t.true(finished);
      await t.throwsAsync(() => queue.add({ v: 2 }), { message: /closed/ });
    }),
  );

  test(
    `${kind}: bad options and names are rejected the same way`,
    withHarness(backend, async (t, { runtime }) => {
      await runtime.ping();
      t.throws(() => runtime.queue('has:colon'), { instanceOf: TypeError });
      const queue = runtime.queue<{ v: number }>('strict');
      await t.throwsAsync(() => queue.add({ v: 1 }, { attempts: 0 }), { instanceOf: TypeError });
      await t.throwsAsync(() => queue.add({ v: 1 }, { backoffMs: -1 }), { instanceOf: TypeError });
      await t.throwsAsync(() => queue.add({ v: 1 }, { repeat: { cron: 'not a cron' } }), { instanceOf: TypeError });
      await t.throwsAsync(() => queue.add({ v: 1 }, { repeat: {} as never }), { instanceOf: TypeError });
      queue.process(async () => undefined);
      t.throws(() => queue.process(async () => undefined), { message: /already has a processor/ });
    }),
  );
}

// ---- in-process durability ----------------------------------------------------------------

interface StoreSession {
  store: EmbeddedStore;
  runtime: InProcessJobRuntime;
  logged: LogLine[];
}

/** Opens the store in `dir` and a runtime on it, as a process start does. */
async function startProcess(dir: string, opts: Partial<InProcessRuntimeOptions> = {}): Promise<StoreSession> {
  const store = await openEmbeddedStore({ dir });
  const logged: LogLine[] = [];
  const runtime = new InProcessJobRuntime({ store: store.db, logger: recordingLogger(logged), ...opts });
  return { store, runtime, logged };
}

async function stopProcess(session: StoreSession, closeTimeoutMs?: number): Promise<void> {
  await session.runtime.close(closeTimeoutMs);
  await session.store.close();
}

function withDir(body: (t: ExecutionContext, dir: string) => Promise<void>) {
  return async (t: ExecutionContext) => {
    const dir = tempDir();
    try {
      await body(t, dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'in-process: a job acknowledged before shutdown is processed by the next start',
  withDir(async (t, dir) => {
    const first = await startProcess(dir);
    const added = await first.runtime.queue<{ n: number }>('work').add({ n: 5 });
    const delayed = await first.runtime.queue<{ n: number }>('work').add({ n: 6 }, { delayMs: 100 });
    await stopProcess(first);

    const second = await startProcess(dir);
    try {
      const queue = second.runtime.queue<{ n: number }>('work');
      const results = new Map<string, unknown>();
      queue.on('completed', (job, result) => results.set(job.id, result));
      queue.process(async (job) => job.data.n * 10);
      await waitFor('both jobs', () => results.size === 2);
      t.is(results.get(added.id), 50);
      t.is(results.get(delayed.id), 60);
      t.is((await second.runtime.getJob(added.id))!.state, 'completed');
      noErrorsLogged(t, second.logged);
    } finally {
      await stopProcess(second);
    }
  }),
);

test(
  'in-process: a job active when its process died is run again',
  withDir(async (t, dir) => {
    // Long enough that a loaded machine still renews the lease in time while it runs.
    const lockDurationMs = 1000;
    const first = await startProcess(dir, { lockDurationMs });
    const firstQueue = first.runtime.queue<{ n: number }>('work');
    let started = false;
    let releaseHungRun = () => {};
    firstQueue.process(
      () =>
        new Promise((resolve) => {
          started = true;
          releaseHungRun = () => resolve('from the dead process');
        }),
    );
    const added = await firstQueue.add({ n: 1 });
    await waitFor('the first run to start', () => started);
    // A close that cannot wait leaves the job as a crash would: active, lease running out.
    await first.runtime.close(0);
    const leftBehind = await first.store.db.collection<{ _id: string; state: string }>('jobs').findOne({ _id: added.id });
    t.is(leftBehind?.state, 'active');
    await first.store.close();

    const second = await startProcess(dir, { lockDurationMs });
    try {
      const queue = second.runtime.queue<{ n: number }>('work');
      const seenAttempts: number[] = [];
      const completed = nextEvent(queue, 'completed');
      queue.process(async (job) => {
        seenAttempts.push(job.attemptsMade);
        return 'rerun';
      });
      const [info, result] = await completed;
      t.is(info.id, added.id);
      t.is(result, 'rerun');
      t.deepEqual(seenAttempts, [0], 'a stall is not a failed attempt');
      releaseHungRun(); // the dead process's late outcome must not land
      await sleep(50);
      const stored = await queue.getJob(added.id);
      t.is(stored!.state, 'completed');
      t.is(stored!.result, 'rerun');
      t.true(second.logged.some((l) => l.msg === 'recovered a stalled job'));
      noErrorsLogged(t, second.logged);
    } finally {
      await stopProcess(second);
    }
  }),
);

test(
  'in-process: a job that keeps dying with its process fails after maxStalledCount',
  withDir(async (t, dir) => {
    // The injected clock puts every restart past the old lease, so recovery is immediate.
    let offsetMs = 0;
    const now = () => new Date(Date.now() + offsetMs);
    let jobId = '';
    for (let crash = 0; crash < 2; crash++) {
      const session = await startProcess(dir, { now, maxStalledCount: 1 });
      const queue = session.runtime.queue<{ n: number }>('work');
      let started = false;
      queue.process(() => {
        started = true;
        return new Promise(() => {}); // never finishes: the process "dies" first
      });
      if (crash === 0) jobId = (await queue.add({ n: 1 })).id;
      await waitFor(`run ${crash + 1} to start`, () => started);
      await stopProcess(session, 0);
      offsetMs += 60_000;
    }

    const last = await startProcess(dir, { now });
    try {
      const queue = last.runtime.queue<{ n: number }>('work');
      let runs = 0;
      const failed = nextEvent(queue, 'failed');
      queue.process(async () => {
        runs++;
      });
      const [info, reason] = await failed;
      t.is(info.id, jobId);
      t.is(reason, 'job stalled more than allowable limit');
      t.is(runs, 0);
      t.is((await queue.getJob(jobId))!.state, 'failed');
    } finally {
      await stopProcess(last);
    }
  }),
);

test(
  'in-process: a repeatable keeps its schedule across restarts and is not doubled',
  withDir(async (t, dir) => {
    const repeat = { everyMs: 100 };
    const first = await startProcess(dir);
    const scheduled = await first.runtime.queue<{ kind: string }>('reminders').add({ kind: 'r' }, { repeat });
    await stopProcess(first);

    const second = await startProcess(dir);
    try {
      const queue = second.runtime.queue<{ kind: string }>('reminders');
      const again = await queue.add({ kind: 'r' }, { repeat });
      t.is(again.id, scheduled.id, 'the stored pending run is reused');
      const runIds: string[] = [];
      queue.process(async (job) => {
        runIds.push(job.id);
      });
      await waitFor('three runs', () => runIds.length >= 3);
      t.is(runIds[0], scheduled.id, 'the run stored before the restart ran first');
      t.is(new Set(runIds).size, runIds.length);
      t.is((await queue.repeatables()).length, 1);
      t.true(await queue.removeRepeatable({ repeat }));
      noErrorsLogged(t, second.logged);
    } finally {
      await stopProcess(second);
    }
  }),
);

test(
  'in-process: cron repeatables are scheduled from the cron expression',
  withDir(async (t, dir) => {
    const fixed = new Date('2030-01-01T08:30:00Z');
    const session = await startProcess(dir, { now: () => fixed });
    try {
      const queue = session.runtime.queue<{ kind: string }>('compliance');
      const run = await queue.add({ kind: 'c' }, { repeat: { cron: '0 9 * * *', tz: 'Europe/Paris' } });
      t.is(run.state, 'delayed');
      const [def] = await queue.repeatables();
      t.deepEqual(def!.repeat, { cron: '0 9 * * *', tz: 'Europe/Paris' });
      // 09:00 in Paris on 1 January is 08:00 UTC: the next one is the day after.
      t.deepEqual(def!.nextRunAt, new Date('2030-01-02T08:00:00Z'));
    } finally {
      await stopProcess(session);
    }
  }),
);

test(
  'in-process: finished jobs are pruned to the newest keepCompleted',
  withDir(async (t, dir) => {
    const session = await startProcess(dir, { keepCompleted: 5 });
    try {
      const queue = session.runtime.queue<{ i: number }>('bulk');
      const added: string[] = [];
      for (let i = 0; i < PRUNE_EVERY; i++) added.push((await queue.add({ i })).id);
      let done = 0;
      queue.on('completed', () => done++);
      queue.process(async (job) => job.data.i, 4);
      await waitFor('every job', () => done === PRUNE_EVERY);
      const jobs = session.store.db.collection<{ _id: string; state: string }>('jobs');
      await waitFor('the prune', async () => (await jobs.countDocuments({ state: 'completed' })) === 5);
      const kept = await jobs.find({ state: 'completed' }).toArray();
      t.is(kept.length, 5);
      t.is(await queue.getJob(added[0]!), null, 'the oldest is gone');
      noErrorsLogged(t, session.logged);
    } finally {
      await stopProcess(session);
    }
  }),
);
