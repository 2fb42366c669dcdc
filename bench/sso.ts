/**
 * Single sign-on benchmark: what the LMS itself adds to a sign-in, after the IdP has
 * answered and the library has checked the token or assertion. On a fresh embedded store
 * (or MongoDB with MONGODB_URI) seeded with N people: a first sign-in linking by employee
 * id, a returning sign-in (identity link found), a JIT creation through the people service
 * (without the compliance re-evaluation the running LMS adds), and the SAML replay check.
 * Prints p50/p95 in milliseconds.
 *   npm run bench:sso [-- --people 10000 --runs 500]
 * Last line: {"bench":"sso","people":N,"p50_ms":{...},"p95_ms":{...}}
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { openEmbeddedStore } from '../server/store/embedded/index.js';
import { openStore } from '../server/store/open-store.js';
import { loadConfig } from '../server/config.js';
import { createMongooseConnection } from '../server/store/mongoose.js';
import { userModel } from '../server/people/user-model.js';
import { createPeopleService } from '../server/people/user-service.js';
import { openIdentityLinks } from '../server/sso/identity-links.js';
import { createIdentityResolver } from '../server/sso/identity-resolver.js';
import { openAssertionReplayCache } from '../server/sso/assertion-cache.js';
import type { Provider } from '../server/sso/provider-types.js';
import { seedOrganisation } from '../test/fixtures/seed-organisation.js';
import { median, percentile } from './measure.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const PEOPLE = arg('people', 10_000);
const RUNS = arg('runs', 500);

const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-sso-'));
const store = process.env.MONGODB_URI
  ? await openStore(loadConfig({ DATA_DIR: dir, MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: `bench_sso_${process.pid}` }), { info: () => {}, warn: (msg) => console.warn(msg) })
  : await openEmbeddedStore({ dir: path.join(dir, 'store') });
const conn = createMongooseConnection(store);
const users = userModel(conn);
await users.init();
const people = createPeopleService(users);
const org = await seedOrganisation({ db: store.db, people: PEOPLE, departments: 10, seed: 15 });
const links = await openIdentityLinks(store.db);
const now = () => new Date();
const resolver = createIdentityResolver({ people, users, links, now });
const replay = await openAssertionReplayCache(store.db, now);
const provider: Provider = {
  id: 'bench',
  kind: 'oidc',
  name: 'Bench',
  enabled: true,
  jit: true,
  mapping: { email: 'email', name: 'name', employeeId: 'employee_number', department: 'department' },
  source: 'admin',
  updatedAt: new Date().toISOString(),
};

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

const runs = Math.min(RUNS, PEOPLE);
const results: Record<string, number[]> = {};
const subject = (i: number) => `sub-${i}`;
results['first sign-in, link by employee id'] = await timed(runs, (i) => {
  const p = org.people[i]!;
  return resolver.resolve(provider, { subject: subject(i), emailVerified: false, attributes: { email: `other-${i}@idp.example`, employee_number: p.employeeId } });
});
results['returning sign-in (linked)'] = await timed(runs, (i) => resolver.resolve(provider, { subject: subject(i), emailVerified: false, attributes: {} }));
results['JIT creation'] = await timed(runs, (i) => resolver.resolve(provider, { subject: `new-${i}`, emailVerified: true, attributes: { email: `new-${i}@example.com`, name: `New ${i}`, department: 'Sales' } }));
const until = new Date(Date.now() + 300_000);
results['SAML replay check'] = await timed(runs, (i) => replay.firstUse('bench', `_assertion-${i}`, until));

const p50: Record<string, number> = {};
const p95: Record<string, number> = {};
for (const [name, values] of Object.entries(results)) {
  p50[name] = Number(median(values).toFixed(2));
  p95[name] = Number(percentile(values, 95).toFixed(2));
  process.stdout.write(`${name.padEnd(38)} p50 ${p50[name]!.toFixed(2).padStart(7)} ms   p95 ${p95[name]!.toFixed(2).padStart(7)} ms   (${values.length} runs)\n`);
}
await conn.close();
await store.close();
process.stdout.write(`${JSON.stringify({ bench: 'sso', people: PEOPLE, store: process.env.MONGODB_URI ? 'mongodb' : 'embedded', p50_ms: p50, p95_ms: p95 })}\n`);
