/**
 * The evidence-pack job on both job backends: Bull on a real Redis (a unique key prefix)
 * and the in-process runtime. The job reports progress up to 100, the pack ends `done`
 * with its file, and a pack whose target vanished ends `failed` with the reason.
 */
import { lmsCompletionAuthority } from '../../lms-completion-authority.js';
import { createCertificationAllowances } from '../../lrs-admin/certification-allowances.js';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import test from 'ava';
import Bull from 'bull';
import { createLrs } from '../../../lrs/index.js';
import { createJobRuntime } from '../../jobs/index.js';
import type { JobRuntime } from '../../jobs/types.js';
import { learnerAgent, VERBS } from '../../learning-record/identity.js';
import { createMongooseConnection } from '../../store/mongoose.js';
import { openTestStore } from '../../../test/helpers/test-store.js';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import { directoryOf } from '../people-directory.js';
import { EVIDENCE_PACK_QUEUE, evidencePackProcessor, type EvidencePackJob } from './evidence-job.js';
import { evidencePackModel } from './evidence-pack-model.js';
import { createEvidencePackService } from './evidence-service.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HOME = 'https://lms.test';
const ACTIVITY = 'https://courses.test/fire';
const silent = { warn() {}, error() {} };

async function harness(kind: 'bull' | 'in-process') {
  const store = await openTestStore();
  const conn = createMongooseConnection(store);
  const model = evidencePackModel(conn);
  await model.init();
  const lrs = await createLrs({ db: store.db, authorityHomePage: `${HOME}/xapi/clients` });
  const people = directoryOf(Array.from({ length: 8 }, (_, i) => ({ id: `p${i}`, name: `Person ${i}`, email: `p${i}@x.test`, employeeId: `E${i}`, active: true, department: 'Ops' })));
  const write = await lrs.internalWriter('test');
  for (const p of people.all) await write({ actor: learnerAgent(p, HOME), verb: { id: VERBS.completed }, object: { id: ACTIVITY }, timestamp: '2026-05-01T10:00:00Z' });
  const prefix = `test-evidence-${randomUUID()}`;
  const jobs: JobRuntime = kind === 'bull' ? createJobRuntime({ redisUrl: REDIS_URL, store: store.db, prefix, logger: silent }) : createJobRuntime({ store: store.db, logger: silent });
  const dir = tempDir('packs-');
  const packs = createEvidencePackService({ model, db: store.db, records: lrs.records, homePage: HOME, authority: lmsCompletionAuthority(lrs, createCertificationAllowances(store.db), HOME), dir, loadPeople: async () => people, now: () => new Date('2026-06-01T00:00:00Z') });
  const queue = jobs.queue<EvidencePackJob>(EVIDENCE_PACK_QUEUE);
  queue.process(evidencePackProcessor(packs));
  return {
    packs,
    queue,
    dir,
    async close() {
      await jobs.close();
      await conn.close();
      await store.close();
      if (kind === 'bull') {
        const cleaner = new Bull('cleanup', REDIS_URL, { prefix });
        const keys = await cleaner.client.keys(`${prefix}:*`);
        if (keys.length) await cleaner.client.del(...keys);
        await cleaner.close();
      }
    },
  };
}

for (const kind of ['bull', 'in-process'] as const) {
  test(`${kind}: the job builds the pack with progress to 100`, async (t) => {
    const h = await harness(kind);
    t.teardown(() => h.close());
    const progress: number[] = [];
    h.queue.on('progress', (_job, p) => progress.push(p));
    const finished = new Promise<unknown>((resolve, reject) => {
      h.queue.on('completed', (_job, result) => resolve(result));
      h.queue.on('failed', (_job, reason) => reject(new Error(reason)));
    });
    const pack = await h.packs.create({ target: { type: 'activity', id: ACTIVITY }, population: {} }, 'hr1');
    const job = await h.queue.add({ packId: pack.id, requestedBy: 'hr1' }, { jobId: pack.id });
    await h.packs.attachJob(pack.id, job.id);
    const result = (await finished) as { counts: { completions: number } };
    t.is(result.counts.completions, 8);
    t.is((await h.queue.getJob(job.id))!.progress, 100);
    if (kind === 'in-process') t.true(progress.includes(100), `progress events: ${progress.join(',')}`);
    const view = await h.packs.get(pack.id);
    t.like(view, { state: 'done', counts: { completions: 8, statements: 8, people: 8 } });
    const file = await h.packs.file(pack.id);
    t.true(fs.statSync(file.path).size > 0);
    t.deepEqual(fs.readdirSync(h.dir), [`${pack.id}.zip`], 'no partial file left behind');
  });
}

test('a job for a missing pack fails with the reason, leaves no file; an unbuilt pack cannot be downloaded', async (t) => {
  const h = await harness('in-process');
  t.teardown(() => h.close());
  const failed = new Promise<string>((resolve) => h.queue.on('failed', (_job, reason) => resolve(reason)));
  const pack = await h.packs.create({ target: { type: 'activity', id: ACTIVITY }, population: {} }, 'hr1');
  // A job for a pack that does not exist (deleted meanwhile).
  await h.queue.add({ packId: '0123456789abcdef01234567', requestedBy: 'hr1' });
  t.regex(await failed, /Evidence pack not found/);
  t.deepEqual(fs.readdirSync(h.dir), []);
  await t.throwsAsync(() => h.packs.file(pack.id), { message: /queued, not ready/ });
});
