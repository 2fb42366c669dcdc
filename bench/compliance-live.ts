/**
 * Live compliance benchmark: statement-to-status latency under background load. The real
 * LMS over HTTP (embedded store in a temp dir, in-process jobs, live re-evaluation on):
 * `--people` people, `--requirements` rules assigning everyone, statuses evaluated once
 * (setup, not measured). Then a background load of `--rate` statements/s, POSTed to /xapi
 * by an LRS client in batches every 100 ms, from `--active` learners (not the targets;
 * mostly progress, one in ten a completion, all on requirement activities so every one of
 * them makes work for the live evaluation). Meanwhile `--samples` target people, one every
 * `--every-ms`, POST their completing statement; each is timed from the POST to their
 * compliance_status reading `complete` (polled every 25 ms). The load generator shares the
 * process (and the 2 cores) with the server it loads.
 *   npm run bench:compliance-live [-- --people 5000 --rate 1000 --active 200 --samples 40]
 * Last line: {"bench":"compliance-live","p50_s":N,"p95_s":N}
 */
import { randomUUID } from 'node:crypto';
import { startTestApp } from '../test/helpers/app.js';
import { seedOrganisation } from '../test/fixtures/seed-organisation.js';
import { median, percentile } from './measure.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const PEOPLE = arg('people', 5000);
const REQUIREMENTS = arg('requirements', 5);
const RATE = arg('rate', 1000);
const ACTIVE = arg('active', 200);
const SAMPLES = arg('samples', 40);
const EVERY_MS = arg('every-ms', 500);
const TICK_MS = 100;
const log = (msg: string) => process.stdout.write(msg + '\n');

const app = await startTestApp();
const { runtime } = app;
const home = runtime.config.publicUrl;
// External activities a vendor's system reports on (its LRS client is allowed to certify them below).
const activities = Array.from({ length: REQUIREMENTS }, (_, i) => `https://courses.example.com/requirement-${i + 1}`);
const org = await seedOrganisation({ db: runtime.store.db, people: PEOPLE, departments: 10, seed: 7 });
for (const [i, id] of activities.entries()) {
  await runtime.services.compliance.rules.create({ name: `Requirement ${i + 1}`, target: { type: 'activity', id, title: `Requirement ${i + 1}` }, criteria: { everyone: true }, due: { kind: 'afterAssignment', days: 30 }, active: true });
}
await runtime.services.compliance.evaluate();
log(`${PEOPLE.toLocaleString('en')} people x ${REQUIREMENTS} requirements evaluated (setup, not measured): ${await runtime.services.compliance.statuses.countDocuments({})} statuses`);

const { client, secret } = await runtime.lrs.credentials.create({ name: 'Bench load', scopes: ['all'] });
const auth = 'Basic ' + Buffer.from(`${client.key}:${secret}`).toString('base64');
await runtime.services.certifications.set(client.key, activities, 'bench');
const post = async (statements: object[]) => {
  const res = await fetch(`${app.url}/xapi/statements`, { method: 'POST', headers: { authorization: auth, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' }, body: JSON.stringify(statements) });
  if (res.status !== 200) throw new Error(`POST /xapi/statements: ${res.status} ${await res.text()}`);
};
const agent = (id: string) => ({ objectType: 'Agent', account: { homePage: home, name: id } });
const verb = (v: string) => ({ id: `http://adlnet.gov/expapi/verbs/${v}`, display: { 'en-US': v } });

// Targets and background learners are different people.
const ids = org.people.map((p) => p.id);
const targets = ids.slice(0, SAMPLES);
const active = ids.slice(SAMPLES, SAMPLES + ACTIVE);

// Background: each tick sends what the rate asks for by now (catching up after a slow tick).
let sent = 0;
let failed = 0;
let stopping = false;
const loadStart = performance.now();
const background = (async () => {
  let n = 0;
  while (!stopping) {
    const due = Math.floor(((performance.now() - loadStart) / 1000) * RATE) - sent;
    const batch = Array.from({ length: Math.max(0, Math.min(due, RATE)) }, () => {
      const who = active[n++ % active.length]!;
      return { id: randomUUID(), actor: agent(who), verb: verb(n % 10 === 0 ? 'completed' : 'progressed'), object: { objectType: 'Activity', id: activities[n % activities.length]! }, result: { completion: n % 10 === 0 } };
    });
    if (batch.length) {
      sent += batch.length;
      post(batch).catch(() => void failed++);
    }
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
})();

// Let the load settle before the first sample.
await new Promise((r) => setTimeout(r, 3000));
const latencies: number[] = [];
await Promise.all(
  targets.map(async (personId, i) => {
    await new Promise((r) => setTimeout(r, i * EVERY_MS));
    const t0 = performance.now();
    await post([{ actor: agent(personId), verb: verb('passed'), object: { objectType: 'Activity', id: activities[0]! }, result: { success: true, completion: true, score: { scaled: 0.9 } } }]);
    const key = { personId, targetId: activities[0]! };
    for (;;) {
      const doc = await runtime.services.compliance.statuses.findOne(key);
      if (doc?.status === 'complete') break;
      if (performance.now() - t0 > 120_000) throw new Error(`person ${personId}: not complete after 120 s`);
      await new Promise((r) => setTimeout(r, 25));
    }
    latencies.push((performance.now() - t0) / 1000);
  }),
);
stopping = true;
await background;
const loadSeconds = (performance.now() - loadStart) / 1000;
const achieved = Math.round(sent / loadSeconds);
const round = (s: number) => Math.round(s * 100) / 100;
const p50 = round(median(latencies));
const p95 = round(percentile(latencies, 95));
log(`background: ${sent.toLocaleString('en')} statements over HTTP in ${loadSeconds.toFixed(1)} s = ${achieved} statements/s (asked ${RATE}/s) from ${ACTIVE} learners${failed ? `, ${failed} batches refused` : ''}`);
log(`statement -> status complete, ${latencies.length} people: p50 ${p50} s, p95 ${p95} s, max ${round(Math.max(...latencies))} s`);
if (achieved < RATE * 0.95) log(`note: this machine did not sustain ${RATE} statements/s alongside the server; the figures are under ${achieved}/s`);
await app.close();
log(JSON.stringify({ bench: 'compliance-live', p50_s: p50, p95_s: p95 }));
process.exit(0);
