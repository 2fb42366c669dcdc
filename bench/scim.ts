/**
 * SCIM benchmark over real HTTP (the app as tests start it, embedded store): N people
 * seeded, then what an identity provider sends: the userName lookup before every create
 * (served by an index), a GET by id, a page of 200, a filter the index cannot serve (a scan
 * over everyone), and creates (each one re-evaluates the person's assignments).
 *   npm run bench:scim [-- --people 10000 --runs 40]
 * Last line: {"bench":"scim","people":N,"p50_ms":{...},"p95_ms":{...},"creates_per_s":N}
 */
import { startTestApp } from '../test/helpers/app.js';
import { filterQuery, scimClient, USER } from '../test/helpers/scim-client.js';
import { seedOrganisation } from '../test/fixtures/seed-organisation.js';
import { openScim } from '../server/scim/index.js';
import { median, percentile } from './measure.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const PEOPLE = arg('people', 10_000);
const RUNS = arg('runs', 40);

const app = await startTestApp();
try {
  const t0 = Date.now();
  const org = await seedOrganisation({ db: app.runtime.store.db, people: PEOPLE, departments: 10, seed: 7 });
  process.stdout.write(`seeded ${PEOPLE} people in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  const { token } = await (await openScim(app.runtime)).tokens.create('bench', 'bench');
  const scim = scimClient(app.url, token);

  const person = (i: number) => org.people[(i * 7919) % PEOPLE]!;
  const KINDS: Record<string, (i: number) => string> = {
    'filter userName eq (index)': (i) => `/Users?${filterQuery(`userName eq "${person(i).email}"`)}`,
    'GET by id': (i) => `/Users/${person(i).id}`,
    'page of 200 (startIndex 5000)': () => `/Users?startIndex=${Math.min(5000, PEOPLE - 200)}&count=200`,
    'filter title sw (scan)': (i) => `/Users?${filterQuery(`title sw "${person(i).jobRole?.slice(0, 3) ?? 'x'}"`)}&count=50`,
  };
  const p50: Record<string, number> = {};
  const p95: Record<string, number> = {};
  for (const [kind, path] of Object.entries(KINDS)) {
    const times: number[] = [];
    const runs = kind.includes('scan') ? Math.max(5, RUNS >> 3) : RUNS;
    for (let i = 0; i < runs + 2; i++) {
      const start = performance.now();
      const res = await scim('GET', path(i));
      if (res.status !== 200) throw new Error(`${kind}: ${res.status} ${JSON.stringify(res.body)}`);
      if (i >= 2) times.push(performance.now() - start); // two warm-up requests
    }
    p50[kind] = Number(median(times).toFixed(2));
    p95[kind] = Number(percentile(times, 95).toFixed(2));
    process.stdout.write(`${kind.padEnd(32)} p50 ${p50[kind]} ms  p95 ${p95[kind]} ms  (${runs} runs)\n`);
  }
  const creates = Math.max(10, RUNS >> 1);
  const c0 = performance.now();
  for (let i = 0; i < creates; i++) {
    const res = await scim('POST', '/Users', { schemas: [USER], userName: `bench.new.${i}@example.com`, displayName: `Bench New ${i}`, active: true });
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const createsPerS = Number((creates / ((performance.now() - c0) / 1000)).toFixed(1));
  process.stdout.write(`creates, one at a time: ${createsPerS}/s (${creates})\n`);
  console.log(JSON.stringify({ bench: 'scim', people: PEOPLE, p50_ms: p50, p95_ms: p95, creates_per_s: createsPerS }));
} finally {
  await app.close();
}
