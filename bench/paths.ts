/**
 * Learning paths benchmark on a fresh embedded store: a seeded organisation (default 2,000
 * people) enrolled in an 8-step path (each step requires the one before), a learning
 * record of their step completions plus noise (default 100,000 statements in all), then:
 * the completion sweep over everyone (reads the completions by `ord`, evaluates each
 * person's path, states the due path completions), and single-person progress and
 * "My learning" calls (what GET /api/me/learning costs), as p50/p95.
 *   npm run bench:paths [-- --people 2000 --steps 8 --total 100000]
 * Last line: {"bench":"paths",...}
 */
import { lmsCompletionAuthority } from '../server/lms-completion-authority.js';
import { createCertificationAllowances } from '../server/lrs-admin/certification-allowances.js';
import { createLrs } from '../lrs/index.js';
import { seedOrganisation, seedStatements } from '../test/fixtures/seed-organisation.js';
import { tempDir } from '../test/helpers/temp-dir.js';
import { createLearningServices } from '../server/paths/learning-services.js';
import { userModel } from '../server/people/user-model.js';
import { createPeopleService } from '../server/people/user-service.js';
import { openEmbeddedStore } from '../server/store/embedded/index.js';
import { createMongooseConnection } from '../server/store/mongoose.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

const PEOPLE = arg('people', 2000);
const STEPS = arg('steps', 8);
const TOTAL = arg('total', 100_000);
const SAMPLES = 200;
const HOME = 'https://lms.example.com';

const store = await openEmbeddedStore({ dir: tempDir('bench-paths-') });
const conn = createMongooseConnection(store);
const users = userModel(conn);
await users.init();
const people = createPeopleService(users);
const lrs = await createLrs({ db: store.db, authorityHomePage: `${HOME}/xapi/clients` });
const learning = await createLearningServices({ conn, lrs, people, homePage: HOME, authority: lmsCompletionAuthority(lrs, createCertificationAllowances(store.db), HOME) });

const org = await seedOrganisation({ db: store.db, people: PEOPLE, departments: 10, seed: 11 });
const activityIds = Array.from({ length: STEPS }, (_, i) => `https://tools.example.com/activities/step-${i + 1}`);
const path = await learning.paths.create(
  {
    title: 'Benchmark path',
    steps: activityIds.map((ref, i) => ({ id: `s${i + 1}`, title: `Step ${i + 1}`, type: 'activity' as const, ref, prerequisites: i ? [`s${i}`] : [], gates: [], required: true })),
  },
  'bench',
);
const ids = org.people.map((p) => p.id);
for (let i = 0; i < ids.length; i += 1000) await learning.enrolments.enrol({ personIds: ids.slice(i, i + 1000), targetType: 'path', targetId: path.id }, 'bench', async () => true);
let t0 = process.hrtime.bigint();
const seeded = await seedStatements({ lrs, homePage: HOME, people: org.people, activityIds, completionRate: 0.85, inProgressRate: 0.5, total: TOTAL, seed: 5 });
const seedMs = ms(t0);
console.log(`seeded ${org.people.length} people, ${seeded.written} statements (${seeded.completions.length} step completions) in ${(seedMs / 1000).toFixed(1)} s`);

t0 = process.hrtime.bigint();
const sweep = await learning.sweepCompletions();
const sweepMs = ms(t0);
console.log(`sweep: ${sweep.people} people evaluated, ${sweep.pathsCompleted} paths complete, in ${(sweepMs / 1000).toFixed(2)} s (${Math.round(sweep.people / (sweepMs / 1000))} people/s)`);
t0 = process.hrtime.bigint();
const again = await learning.sweepCompletions();
const againMs = ms(t0);
console.log(`sweep again (only the ${again.people} people whose path completion the first sweep stated): ${(againMs / 1000).toFixed(2)} s`);

const progressMs: number[] = [];
const learningMs: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const person = (await people.get(ids[(i * 7919) % ids.length]!))!;
  let t = process.hrtime.bigint();
  await learning.paths.progress(person, path.id);
  progressMs.push(ms(t));
  t = process.hrtime.bigint();
  await learning.myLearning.forPerson(person);
  learningMs.push(ms(t));
}
const r = (x: number) => Math.round(x * 10) / 10;
console.log(`progress of one person: p50 ${r(quantile(progressMs, 0.5))} ms, p95 ${r(quantile(progressMs, 0.95))} ms; My learning: p50 ${r(quantile(learningMs, 0.5))} ms, p95 ${r(quantile(learningMs, 0.95))} ms (${SAMPLES} people)`);
console.log(
  JSON.stringify({
    bench: 'paths',
    people: PEOPLE,
    steps: STEPS,
    statements: seeded.written,
    sweep_seconds: r(sweepMs / 1000),
    sweep_people_per_s: Math.round(sweep.people / (sweepMs / 1000)),
    paths_complete: sweep.pathsCompleted,
    progress_p50_ms: r(quantile(progressMs, 0.5)),
    progress_p95_ms: r(quantile(progressMs, 0.95)),
    my_learning_p50_ms: r(quantile(learningMs, 0.5)),
    my_learning_p95_ms: r(quantile(learningMs, 0.95)),
  }),
);
await conn.close();
await store.close();
