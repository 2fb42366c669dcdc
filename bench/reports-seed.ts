/**
 * Seeds the data `bench/reports.ts` measures, in its own process (so the measuring
 * process's peak memory is its own): the seeded organisation, 20 requirements (assignment
 * rules for everyone), the statements, and compliance_status materialised by hr-org's
 * re-evaluation (or written directly with BENCH_STATUS=direct).
 * Usage: tsx bench/reports-seed.ts <dataDir>  (env: BENCH_PEOPLE, BENCH_STATEMENTS, BENCH_STATUS)
 */
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { openRuntime } from '../server/runtime.js';
import { seedOrganisation, seedStatements } from '../test/fixtures/seed-organisation.js';

export const BENCH_HOME = 'https://lms.bench';
export const REQUIREMENTS = 20;
export const activityOf = (i: number) => `https://courses.bench/requirement-${i + 1}`;

const dataDir = process.argv[2]!;
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const STATEMENTS = Number(process.env.BENCH_STATEMENTS ?? 1_000_000);
const STATUS = process.env.BENCH_STATUS ?? 'evaluate';
const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: BENCH_HOME });
const runtime = await openRuntime(config, createLogger('silent'), { clock: { now: () => NOW } });
const t0 = performance.now();
const lap = (what: string) => console.log(`seed: ${what} at ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const org = await seedOrganisation({ db: runtime.store.db, people: PEOPLE, departments: 12, locations: 8, seed: 42, now: NOW, hireYears: 6 });
lap(`${PEOPLE} people`);

// Requirement 20 is completed by everyone (the evidence pack's 10,000 completions);
// the other 19 by 60%, with noise making up the 1,000,000 statements.
const last = activityOf(REQUIREMENTS - 1);
const everyone = await seedStatements({ lrs: runtime.lrs, homePage: BENCH_HOME, people: org.people, activityIds: [last], completionRate: 1, from: new Date(NOW.getTime() - 330 * DAY), to: new Date(NOW.getTime() - DAY), seed: 1, batchSize: 2000 });
const rest = await seedStatements({
  lrs: runtime.lrs,
  homePage: BENCH_HOME,
  people: org.people,
  activityIds: Array.from({ length: REQUIREMENTS - 1 }, (_, i) => activityOf(i)),
  completionRate: 0.6,
  from: new Date(NOW.getTime() - 360 * DAY),
  to: new Date(NOW.getTime() - DAY),
  total: STATEMENTS - everyone.written,
  seed: 2,
  batchSize: 2000,
  onProgress: (n) => {
    if (n % 100_000 < 2000) lap(`${everyone.written + n} statements`);
  },
});
lap(`${everyone.written + rest.written} statements`);

const { compliance } = runtime.services;
for (let i = 0; i < REQUIREMENTS; i++) {
  await compliance.rules.create({
    name: `Requirement ${i + 1}`,
    target: { type: 'activity', id: activityOf(i), title: `Requirement ${i + 1}` },
    criteria: { everyone: true },
    due: i % 2 ? { kind: 'afterAssignment', days: 30 } : { kind: 'absolute', date: new Date(NOW.getTime() - 10 * DAY) },
    recurrence: { validForMonths: 12, windowDays: 90 },
    active: true,
  });
}
if (STATUS === 'evaluate') {
  const report = await compliance.evaluate();
  lap(`compliance_status by hr-org's evaluation (${JSON.stringify(report).slice(0, 160)})`);
} else {
  // Direct: one row per person x requirement from the seeded completions.
  const done = new Map([...everyone.completions, ...rest.completions].map((c) => [`${c.personId}|${c.activityId}`, c]));
  const rows = [];
  for (const p of org.people) {
    for (let i = 0; i < REQUIREMENTS; i++) {
      const c = done.get(`${p.id}|${activityOf(i)}`);
      const completedAt = c ? new Date(c.timestamp) : undefined;
      const expiresAt = completedAt ? new Date(completedAt.getTime() + 365 * DAY) : undefined;
      const status = !c ? 'overdue' : expiresAt!.getTime() - NOW.getTime() <= 90 * DAY ? 'expiring' : 'complete';
      rows.push({
        personId: p.id, targetType: 'activity', targetId: activityOf(i), activityId: activityOf(i), title: `Requirement ${i + 1}`, status,
        assignedAt: NOW, dueAt: new Date(NOW.getTime() - 10 * DAY), evaluatedAt: NOW, department: p.department, location: p.location, jobRole: p.jobRole, managerId: p.managerId,
        ...(c ? { completedAt, expiresAt, score: c.score, completionStatementId: c.statementId } : {}),
      });
    }
  }
  const col = runtime.store.db.collection('compliance_status');
  for (let i = 0; i < rows.length; i += 5000) await col.insertMany(rows.slice(i, i + 5000));
  lap(`compliance_status written directly (${rows.length} rows)`);
}
// Performance ratings for review participation (one period, everyone).
await runtime.services.performance.import(
  org.people.map((p, i) => ({ person: p.employeeId, period: '2026-H1', metric: 'rating', value: 1 + (i % 5) })),
  await runtime.services.reports.loadPeople(),
  'bench',
);
await runtime.close();
lap('closed');
