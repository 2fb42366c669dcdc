/**
 * People directory benchmark: 10,000 people seeded on a fresh embedded store (or MongoDB
 * with MONGODB_URI), then the directory's queries through the people service, as the
 * route calls them: search, filters (department, location, role, manager, status) and
 * paging (first page and a deep page). Prints each kind's p50/p95 in milliseconds.
 *   npm run bench:people [-- --people 10000 --runs 40]
 * Last line: {"bench":"people","people":N,"p95_ms":{...}}
 */
import { Types } from 'mongoose';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { openEmbeddedStore } from '../server/store/embedded/index.js';
import { createMongooseConnection } from '../server/store/mongoose.js';
import { userModel } from '../server/people/user-model.js';
import { createPeopleService } from '../server/people/user-service.js';
import type { ListUsersQuery } from '../server/people/user-schema.js';
import { seedOrganisation } from '../test/fixtures/seed-organisation.js';
import { median, percentile } from './measure.js';
import { openStore } from '../server/store/open-store.js';
import { loadConfig } from '../server/config.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const PEOPLE = arg('people', 10_000);
const RUNS = arg('runs', 40);

const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-people-'));
const store = process.env.MONGODB_URI
  ? await openStore(loadConfig({ DATA_DIR: dir, MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: `bench_people_${process.pid}` }), { info: () => {}, warn: (msg) => console.warn(msg) })
  : await openEmbeddedStore({ dir: path.join(dir, 'store') });
const conn = createMongooseConnection(store);
const users = userModel(conn);
await users.init();
const people = createPeopleService(users);

const t0 = Date.now();
const org = await seedOrganisation({ db: store.db, people: PEOPLE, departments: 10, seed: 11 });
// Some have signed in, a few are deactivated: the status filters have something to find.
const signedIn = org.people.filter((p) => p.index % 3 === 0).map((p) => p.id);
const gone = org.people.filter((p) => p.index % 50 === 7).map((p) => p.id);
await users.updateMany({ _id: { $in: signedIn.map((id) => new Types.ObjectId(id)) } }, { $set: { lastSignInAt: new Date() } }).exec();
await users.updateMany({ _id: { $in: gone.map((id) => new Types.ObjectId(id)) } }, { $set: { active: false } }).exec();
process.stdout.write(`seeded ${PEOPLE} people in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

const head = org.heads.get(org.departments[1]!)!;
const page = { limit: 50, offset: 0 };
const QUERIES: Record<string, (i: number) => ListUsersQuery> = {
  'search name': (i) => ({ ...page, q: ['ana', 'silva', 'kofi', 'lee'][i % 4] }),
  'search employee id': (i) => ({ ...page, q: org.people[(i * 97) % PEOPLE]!.employeeId }),
  'filter department+location': (i) => ({ ...page, department: org.departments[i % org.departments.length], location: org.locations[i % org.locations.length] }),
  'filter role manager': () => ({ ...page, role: 'manager' }),
  'filter manager': () => ({ ...page, managerId: head.id }),
  'filter never signed in': () => ({ ...page, status: 'never-signed-in' }),
  'filter deactivated': () => ({ ...page, status: 'deactivated' }),
  'page first': () => ({ ...page }),
  'page deep (offset 9000)': () => ({ limit: 50, offset: Math.min(9000, PEOPLE - 50) }),
};

const p95: Record<string, number> = {};
for (const [name, make] of Object.entries(QUERIES)) {
  await people.list(make(0)); // warm
  const times: number[] = [];
  let total = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    total = (await people.list(make(i))).total;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  p95[name] = Math.round(percentile(times, 95) * 10) / 10;
  process.stdout.write(`${name.padEnd(30)} p50 ${median(times).toFixed(1).padStart(7)} ms   p95 ${p95[name]!.toFixed(1).padStart(7)} ms   (total ${total})\n`);
}
await conn.close();
await store.close();
await rm(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ bench: 'people', people: PEOPLE, store: process.env.MONGODB_URI ? 'mongodb' : 'embedded', p95_ms: p95 }) + '\n');
