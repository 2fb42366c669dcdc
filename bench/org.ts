/**
 * Org lists and catalogue benchmark on a fresh embedded store: N people (10 departments),
 * R assignment rules naming departments, C open catalogue courses (half restricted by
 * department). Measures `GET /api/org`'s read (lists with head counts), a department
 * rename (people and rules rewritten; the compliance re-evaluation that follows is
 * `bench:compliance`'s subject and is left out), and a learner's catalogue.
 *   npm run bench:org [-- --people 10000 --rules 200 --courses 50 --runs 20]
 * Last line: {"bench":"org",...}
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { Types } from 'mongoose';
import { openEmbeddedStore } from '../server/store/embedded/index.js';
import { createMongooseConnection } from '../server/store/mongoose.js';
import { userModel } from '../server/people/user-model.js';
import { createOrgService } from '../server/org/org-service.js';
import { createCatalogueService } from '../server/catalogue/catalogue-service.js';
import type { RuleDoc } from '../server/assignments/assignment-types.js';
import { seedOrganisation } from '../test/fixtures/seed-organisation.js';
import { median, percentile } from './measure.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const PEOPLE = arg('people', 10_000);
const RULES = arg('rules', 200);
const COURSES = arg('courses', 50);
const RUNS = arg('runs', 20);

const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-org-'));
const store = await openEmbeddedStore({ dir: path.join(dir, 'store') });
const users = userModel(createMongooseConnection(store));
await users.init();
const org = await seedOrganisation({ db: store.db, people: PEOPLE, departments: 10, seed: 7 });
const now = new Date();
const rules: RuleDoc[] = Array.from({ length: RULES }, (_, i) => ({
  _id: `rule-${i}`,
  name: `Rule ${i}`,
  target: { type: 'activity', id: `https://bench.example/a/${i}`, title: `A ${i}` },
  criteria: { departments: [org.departments[i % org.departments.length]!] },
  due: { kind: 'none' },
  active: true,
  createdAt: now,
  updatedAt: now,
}));
await store.db.collection<RuleDoc>('assignment_rules').insertMany(rules);
const packageIds = Array.from({ length: COURSES }, () => new Types.ObjectId());
await store.db.collection('content_packages').insertMany(packageIds.map((_id, i) => ({ _id, title: `Course ${i}`, kind: 'scorm12', identity: `c${i}`, currentVersion: 1, latestVersion: 1, archivedAt: null })));
await store.db.collection('catalogue_offers').insertMany(
  packageIds.map((id, i) => ({ _id: id.toHexString(), open: true, ...(i % 2 ? { audience: { departments: [org.departments[i % org.departments.length]!] } } : {}), updatedAt: now })),
);

const service = createOrgService({ db: store.db, users });
const catalogue = createCatalogueService({ db: store.db, users, now: () => new Date(), evaluate: async () => {}, orgLists: () => service.lists() });

async function time(fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

const round = (n: number) => Math.round(n * 10) / 10;
const lists = await time(() => service.lists());
// Each run renames a department back and forth: about PEOPLE/10 people and RULES/10 rules each time.
const dept = org.departments[3]!;
let moved = 0;
const renames = await time(async (i) => {
  const r = await service.rename('departments', i % 2 ? `${dept} (renamed)` : dept, i % 2 ? dept : `${dept} (renamed)`);
  moved = r.people;
});
const learner = org.people[1]!.id;
const catalogues = await time(() => catalogue.listFor(learner));

const figures = {
  bench: 'org',
  people: PEOPLE,
  rules: RULES,
  courses: COURSES,
  renamedPeople: moved,
  lists_ms: { p50: round(median(lists)), p95: round(percentile(lists, 95)) },
  rename_ms: { p50: round(median(renames)), p95: round(percentile(renames, 95)) },
  catalogue_ms: { p50: round(median(catalogues)), p95: round(percentile(catalogues, 95)) },
};
console.log(`GET /api/org lists: p50 ${figures.lists_ms.p50} ms, p95 ${figures.lists_ms.p95} ms`);
console.log(`rename a department (${moved} people, ${RULES / 10} rules): p50 ${figures.rename_ms.p50} ms, p95 ${figures.rename_ms.p95} ms`);
console.log(`a learner's catalogue (${COURSES} open, half restricted): p50 ${figures.catalogue_ms.p50} ms, p95 ${figures.catalogue_ms.p95} ms`);
console.log(JSON.stringify(figures));
await store.close();
await rm(dir, { recursive: true, force: true });
