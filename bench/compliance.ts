/**
 * Compliance benchmark: 10,000 people x 20 requirements with 1,000,000 statements in the
 * LRS (embedded store, one process). Seeding (people, statements written through the LRS
 * statement service, rules) is timed separately and not part of the figure. Measured: one
 * full re-evaluation from cold, in a fresh process that opens the seeded store (completion facts read from the LRS from zero, 200,000
 * assignments made, 200,000 statuses materialised), then a warm re-run (nothing new) and a
 * one-person re-evaluation. Floor (issue 6): the cold full run under 30 s.
 *   npm run bench:compliance [-- --people 10000 --requirements 20 --statements 1000000]
 * Last line: {"bench":"compliance","seconds":N,"peak_rss_mb":N}
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { openRuntime } from '../server/runtime.js';
import { manualClock } from '../server/clock.js';
import { seedOrganisation, seedStatements } from '../test/fixtures/seed-organisation.js';
import { tempDir } from '../test/helpers/temp-dir.js';
import { ownPeakRssMb } from './measure.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const PEOPLE = arg('people', 10_000);
const REQUIREMENTS = arg('requirements', 20);
const STATEMENTS = arg('statements', 1_000_000);
const HOME = 'https://lms.bench';

const seconds = (t0: bigint) => Math.round(Number(process.hrtime.bigint() - t0) / 1e7) / 100;
const log = (msg: string) => process.stdout.write(msg + '\n');

const self = fileURLToPath(import.meta.url);

async function open(dataDir: string) {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: HOME });
  const clock = manualClock('2026-03-01T09:00:00Z');
  return openRuntime(config, createLogger('silent'), { clock });
}

/** The measured process: open the seeded store, then evaluate (cold, warm, one person). */
async function measure(dataDir: string): Promise<void> {
  let t = process.hrtime.bigint();
  const runtime = await open(dataDir);
  const { compliance } = runtime.services;
  log(`  store opened in ${seconds(t)} s (not measured)`);
  t = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const cold = await compliance.evaluate();
  const coldSeconds = seconds(t);
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = Math.round((cpu.user + cpu.system) / 1e4) / 100;
  log(`full re-evaluation, cold: ${coldSeconds} s wall, ${cpuSeconds} s CPU (${JSON.stringify(cold.phases)}) — ${cold.statementsRead.toLocaleString('en')} statements read, ${cold.created.toLocaleString('en')} assignments, ${cold.newCycles} new cycles, ${cold.statusesWritten.toLocaleString('en')} statuses`);
  t = process.hrtime.bigint();
  const warm = await compliance.evaluate();
  log(`full re-evaluation, warm (nothing new): ${seconds(t)} s (${JSON.stringify(warm.phases)}) — ${warm.statusesWritten} statuses written`);
  const someone = (await runtime.store.db.collection('users').findOne({ managerId: { $exists: true } }))!;
  t = process.hrtime.bigint();
  const one = await compliance.evaluate([String(someone._id)]);
  log(`one person re-evaluated: ${seconds(t)} s (${JSON.stringify(one.phases)})`);
  const counts = await Promise.all(['not_started', 'in_progress', 'complete', 'overdue', 'expiring', 'expired'].map(async (s) => `${s} ${await compliance.statuses.countDocuments({ status: s as 'complete' })}`));
  log(`statuses: ${counts.join(', ')}`);
  await runtime.close();
  process.stdout.write(JSON.stringify({ seconds: coldSeconds, cpu_seconds: cpuSeconds, peak_rss_mb: ownPeakRssMb() }) + '\n');
}

async function seed(dataDir: string): Promise<void> {
  const runtime = await open(dataDir);
  const { compliance } = runtime.services;
  const t = process.hrtime.bigint();
  const org = await seedOrganisation({ db: runtime.store.db, people: PEOPLE, departments: 10, seed: 42 });
  const activityIds = Array.from({ length: REQUIREMENTS }, (_, i) => `${HOME}/activities/requirement-${i + 1}`);
  let lastLog = 0;
  const { written, completions } = await seedStatements({
    lrs: runtime.lrs,
    homePage: HOME,
    people: org.people,
    activityIds,
    completionRate: 0.6,
    inProgressRate: 0.2,
    total: STATEMENTS,
    from: new Date('2025-03-01T00:00:00Z'),
    to: new Date('2026-02-28T00:00:00Z'),
    batchSize: 2000,
    seed: 42,
    onProgress(n) {
      if (n - lastLog >= 200_000) log(`  seeded ${(lastLog = n).toLocaleString('en')} statements…`);
    },
  });
  // Every requirement applies to everyone; half recertify yearly (window 90 days), due dates vary.
  for (let i = 0; i < REQUIREMENTS; i++) {
    await compliance.rules.create({
      name: `Requirement ${i + 1}`,
      target: { type: 'activity', id: activityIds[i]!, title: `Requirement ${i + 1}` },
      criteria: { everyone: true },
      due: i % 3 === 0 ? { kind: 'afterHire', days: 30 } : i % 3 === 1 ? { kind: 'afterAssignment', days: 60 } : { kind: 'absolute', date: new Date('2026-06-30T00:00:00Z') },
      recurrence: i % 2 === 0 ? { validForMonths: 12, windowDays: 90 } : undefined,
      active: true,
    });
  }
  await runtime.close();
  log(`seeded ${PEOPLE.toLocaleString('en')} people, ${written.toLocaleString('en')} statements (${completions.length.toLocaleString('en')} completions), ${REQUIREMENTS} rules in ${seconds(t)} s (not measured)`);
}

const measureDir = process.argv.indexOf('--measure');
const seedOnly = process.argv.indexOf('--seed-only');
if (measureDir >= 0) {
  await measure(process.argv[measureDir + 1]!);
} else if (seedOnly >= 0) {
  // For profiling: seed a kept directory, then run `--measure DIR` under --cpu-prof.
  await seed(process.argv[seedOnly + 1]!);
} else {
  const dataDir = tempDir('bench-compliance-');
  const t0 = process.hrtime.bigint();
  await seed(dataDir);
  log(`  (seeding took ${seconds(t0)} s in all)`);
  const child = spawnSync(process.execPath, [...process.execArgv, self, '--measure', dataDir], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const lines = child.stdout.trim().split('\n');
  const figures = JSON.parse(lines.pop()!) as { seconds: number; cpu_seconds: number; peak_rss_mb: number };
  for (const l of lines) log(l);
  if (child.status !== 0) throw new Error(`measuring process failed (${child.status})`);
  log(`cold full re-evaluation: ${figures.seconds} s wall clock, ${figures.cpu_seconds} s of CPU (the machine is shared: wall time stretches with its load)`);
  log(`peak RSS of the measuring process (store of ${STATEMENTS.toLocaleString('en')} statements loaded): ${figures.peak_rss_mb} MB`);
  log(JSON.stringify({ bench: 'compliance', seconds: figures.seconds, peak_rss_mb: figures.peak_rss_mb }));
}
process.exit(0);
