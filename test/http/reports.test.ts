/**
 * The reports API end to end over HTTP: who sees what (employee / manager chain / HR),
 * the performance import with row/column errors, the correlation checked against a
 * textbook computation, and the evidence pack ZIP opened and read.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { unzipBuffer } from '../helpers/unzip.js';
import { learnerAgent, VERBS } from '../../server/learning-record/identity.js';
import { EVIDENCE_PACK_QUEUE } from '../../server/reports/evidence/evidence-job.js';
import type { ComplianceStatusRow } from '../../server/reports/sources.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const ACTIVITY = 'https://courses.example.com/fire-safety';
const DAY = 86_400_000;

interface World {
  app: TestApp;
  ids: Record<string, string>;
  completionIds: Record<string, string>;
  /** Completion share per person (%), as seeded: the x of the correlation. */
  completion: Record<string, number>;
}

/**
 * hr; manager mgr with sales s1–s6 (s6 reports to s5) ; ops o1–o4 (no manager). Each
 * person has two requirements: fire safety (an activity) and code of conduct.
 */
async function world(): Promise<World> {
  // The statuses below are written by hand, with no rules behind them: live re-evaluation
  // of the people whose statements are written would (rightly) remove them.
  const app = await startTestApp({ COMPLIANCE_LIVE: 'false' });
  const people = app.runtime.services.people;
  const ids: Record<string, string> = {};
  const add = async (key: string, roles: string[], extra: Record<string, string> = {}) => {
    const u = await people.create({ email: `${key}@example.com`, name: `Person ${key}`, password: PASSWORD, roles: roles as never, employeeId: `E-${key}`, ...extra });
    ids[key] = u.id;
  };
  await add('hr', ['hr']);
  await add('mgr', ['manager', 'employee'], { department: 'Sales' });
  for (const k of ['s1', 's2', 's3', 's4', 's5']) await add(k, ['employee'], { department: 'Sales', location: 'Paris', managerId: ids.mgr! });
  await add('s6', ['employee'], { department: 'Sales', location: 'Paris', managerId: ids.s5! });
  for (const k of ['o1', 'o2', 'o3', 'o4']) await add(k, ['employee'], { department: 'Ops', location: 'Berlin' });

  const homePage = app.runtime.config.publicUrl;
  const write = await app.runtime.lrs.internalWriter('test');
  const now = Date.now();
  const rows: ComplianceStatusRow[] = [];
  const completionIds: Record<string, string> = {};
  const completion: Record<string, number> = {};
  // Fire safety done by s1–s5, o1, o2 (s6, o3, o4 not); code of conduct done by s1, s2, o1.
  const fireDone = ['s1', 's2', 's3', 's4', 's5', 'o1', 'o2'];
  const conductDone = ['s1', 's2', 'o1'];
  const keys = ['s1', 's2', 's3', 's4', 's5', 's6', 'o1', 'o2', 'o3', 'o4'];
  for (const [i, k] of keys.entries()) {
    const actor = learnerAgent({ id: ids[k]! }, homePage);
    const base = { personId: ids[k]!, assignedAt: new Date(now - 60 * DAY), dueAt: new Date(now - 10 * DAY), evaluatedAt: new Date(now), department: k.startsWith('s') ? 'Sales' : 'Ops' };
    await write({ actor, verb: { id: VERBS.launched }, object: { id: ACTIVITY }, timestamp: new Date(now - (30 + i) * DAY).toISOString() });
    if (fireDone.includes(k)) {
      const id = randomUUID();
      completionIds[k] = id;
      await write({ id, actor, verb: { id: VERBS.passed }, object: { id: ACTIVITY }, result: { score: { scaled: 0.5 + i / 20 }, success: true }, timestamp: new Date(now - (30 + i) * DAY + 3600_000).toISOString() });
      rows.push({ ...base, targetType: 'activity', targetId: ACTIVITY, title: 'Fire safety', status: 'complete', completedAt: new Date(now - (30 + i) * DAY), expiresAt: new Date(now + 300 * DAY), score: 0.5 + i / 20, completionStatementId: id });
    } else {
      rows.push({ ...base, targetType: 'activity', targetId: ACTIVITY, title: 'Fire safety', status: 'overdue' });
    }
    const conduct = conductDone.includes(k);
    rows.push({ ...base, targetType: 'policy', targetId: 'conduct', title: 'Code of conduct', status: conduct ? 'complete' : 'in_progress', ...(conduct ? { completedAt: new Date(now - 20 * DAY) } : {}) });
    completion[k] = ((fireDone.includes(k) ? 1 : 0) + (conduct ? 1 : 0)) * 50;
  }
  // A statement by someone outside the population (the HR person) and one outside the period.
  await write({ actor: learnerAgent({ id: ids.hr! }, homePage), verb: { id: VERBS.completed }, object: { id: ACTIVITY }, timestamp: new Date(now - 5 * DAY).toISOString() });
  await app.runtime.store.db.collection('compliance_status').insertMany(rows);
  return { app, ids, completionIds, completion };
}

async function login(app: TestApp, key: string): Promise<HttpClient> {
  const c = new HttpClient(app.url);
  const res = await c.login(`${key}@example.com`, PASSWORD);
  if (res.status !== 200) throw new Error(`login ${key}: ${res.status}`);
  return c;
}

test('the dashboard follows the role: employee sees self, manager the whole chain, HR everyone', async (t) => {
  const w = await world();
  t.teardown(() => w.app.close());
  const employee = await (await login(w.app, 's6')).request('GET', '/api/reports/compliance');
  t.is(employee.status, 200);
  t.like(employee.body, { scope: 'self', totals: { people: 1, requirements: 2, overdue: 1, inProgress: 1 } });

  const manager = await (await login(w.app, 'mgr')).request('GET', '/api/reports/compliance');
  // s1–s6 (s6 through s5): 12 requirements; fire safety overdue for s6 only; conduct done by s1, s2.
  t.like(manager.body, { scope: 'team', totals: { people: 6, requirements: 12, complete: 7, overdue: 1, completionPct: 58.3 } });

  const hr = await login(w.app, 'hr');
  const all = await hr.request('GET', '/api/reports/compliance');
  // 20 rows: fire 7 done + conduct 3 done = 10 complete (50%); 3 overdue (15%).
  t.like(all.body, { scope: 'all', totals: { people: 10, requirements: 20, complete: 10, overdue: 3, completionPct: 50, pastDuePct: 15 } });
  const depts = Object.fromEntries((all.body.groups.department as Array<{ key: string }>).map((g) => [g.key, g]));
  t.like(depts.Sales, { people: 6, requirements: 12, suppressed: false });
  t.like(depts.__small__, { suppressed: true }, 'Ops has 4 people: withheld');
  t.false('Ops' in depts);

  const drill = await hr.request('GET', '/api/reports/compliance/people?status=overdue');
  t.deepEqual((drill.body.items as Array<{ name: string }>).map((i) => i.name), ['Person o3', 'Person o4', 'Person s6']);
  const mgrDrill = await (await login(w.app, 'mgr')).request('GET', '/api/reports/compliance/people?status=overdue');
  t.deepEqual((mgrDrill.body.items as Array<{ name: string }>).map((i) => i.name), ['Person s6']);
  const csv = await hr.request('GET', '/api/reports/compliance/people.csv?status=overdue');
  t.is(csv.status, 200);
  t.regex(csv.headers.get('content-type') ?? '', /text\/csv/);
  t.is(parse(csv.body as string, { columns: true }).length, 3);

  const bad = await hr.request('GET', '/api/reports/compliance/people?status=lost');
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'status');
});

test('only HR and admins build evidence packs or import performance data', async (t) => {
  const w = await world();
  t.teardown(() => w.app.close());
  const employee = await login(w.app, 's1');
  const manager = await login(w.app, 'mgr');
  for (const c of [employee, manager]) {
    t.is((await c.request('POST', '/api/reports/evidence-packs', { target: { type: 'activity', id: ACTIVITY } })).status, 403);
    t.is((await c.request('POST', '/api/performance/imports', 'person,period,metric,value\n', { 'content-type': 'text/csv' })).status, 403);
    t.is((await c.request('GET', `/api/reports/evidence-packs/completions.csv?targetType=activity&targetId=${encodeURIComponent(ACTIVITY)}`)).status, 403);
  }
  t.is((await employee.request('GET', '/api/reports/performance-correlation?metric=rating&period=2026')).status, 403);
});

test('performance import: every bad row named by row and column, nothing written; then a good import', async (t) => {
  const w = await world();
  t.teardown(() => w.app.close());
  const hr = await login(w.app, 'hr');
  const bad = ['Employee ID,Period,Metric,Rating', 'E-s1,2026-Q1,rating,4', 'E-nobody,2026-Q1,rating,3', 'E-s2,2026-Q5,rating,3', 'E-s3,2026-Q1,,3', 'E-s4,2026-Q1,rating,high', 'E-s1,2026-Q1,rating,5'].join('\n');
  const res = await hr.request('POST', '/api/performance/imports', bad, { 'content-type': 'text/csv' });
  t.is(res.status, 400);
  t.is(res.body.error.code, 'invalid_rows');
  t.is(res.body.error.field, 'person');
  t.deepEqual(
    (res.body.error.details.errors as Array<{ row: number; line: number; column: string }>).map((e) => `${e.row}:${e.line}:${e.column}`),
    ['2:3:person', '3:4:period', '4:5:metric', '5:6:value', '6:7:person'],
  );
  t.regex(res.body.error.message, /row 2 \(line 3\), column person: no person with employee id or email "E-nobody"/);
  t.is(await w.app.runtime.store.db.collection('performance_records').countDocuments({}), 0, 'nothing half-written');

  const missing = await hr.request('POST', '/api/performance/imports', 'person,period\nE-s1,2026', { 'content-type': 'text/csv' });
  t.is(missing.status, 400);
  t.deepEqual((missing.body.error.details.errors as Array<{ column: string }>).map((e) => e.column), ['metric', 'value']);

  const json = await hr.request('POST', '/api/performance/imports', { rows: [{ person: 's1@example.com', period: '2026', metric: 'rating', value: 'x' }] });
  t.is(json.status, 400);
  t.is(json.body.error.field, 'rows[0].value');

  const good = await hr.request('POST', '/api/performance/imports', 'email,period,metric,value\ns1@example.com,2026-Q1,rating,4\nE-s2,2026-Q1,rating,3.5\n', { 'content-type': 'text/csv' });
  t.is(good.status, 200);
  t.like(good.body, { imported: 2, created: 2, updated: 0 });
  const again = await hr.request('POST', '/api/performance/imports', { rows: [{ person: 'E-s1', period: '2026-Q1', metric: 'rating', value: 5 }] });
  t.like(again.body, { imported: 1, created: 0, updated: 1 });
  const metrics = await hr.request('GET', '/api/performance/metrics');
  t.deepEqual(metrics.body.metrics, [{ metric: 'rating', periods: ['2026-Q1'], records: 2 }]);
});

/** Textbook Pearson (sums of products) for the check. */
function textbookR(x: number[], y: number[]): number {
  const n = x.length;
  const sx = x.reduce((a, b) => a + b, 0), sy = y.reduce((a, b) => a + b, 0);
  const sxy = x.reduce((a, v, i) => a + v * y[i]!, 0), sxx = x.reduce((a, v) => a + v * v, 0), syy = y.reduce((a, v) => a + v * v, 0);
  return (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
}

test('correlation of completion with ratings: overall and per department, small departments withheld', async (t) => {
  const w = await world();
  t.teardown(() => w.app.close());
  const hr = await login(w.app, 'hr');
  const ratings: Record<string, number> = { s1: 4.5, s2: 4, s3: 3, s4: 3.5, s5: 2.5, s6: 2, o1: 5, o2: 3, o3: 2, o4: 2.5 };
  const csv = ['person,period,metric,value', ...Object.entries(ratings).map(([k, v]) => `E-${k},2026-H1,rating,${v}`)].join('\n');
  t.is((await hr.request('POST', '/api/performance/imports', csv, { 'content-type': 'text/csv' })).status, 200);

  const res = await hr.request('GET', '/api/reports/performance-correlation?metric=rating&period=2026-H1&measure=completion&cohort=department');
  t.is(res.status, 200);
  const keys = Object.keys(ratings);
  const expected = textbookR(keys.map((k) => w.completion[k]!), keys.map((k) => ratings[k]!));
  t.is(res.body.overall.n, 10);
  t.true(Math.abs(res.body.overall.pearson - expected) < 1e-4, `${res.body.overall.pearson} vs ${expected}`);
  t.is(res.body.overall.points.length, 10);
  t.regex(res.body.overall.reading, /Correlation is not causation; n=10\./);
  t.truthy(res.body.overall.ci95);
  const sales = res.body.cohorts.find((c: { key: string }) => c.key === 'Sales');
  const sk = ['s1', 's2', 's3', 's4', 's5', 's6'];
  t.true(Math.abs(sales.pearson - textbookR(sk.map((k) => w.completion[k]!), sk.map((k) => ratings[k]!))) < 1e-4);
  t.is(sales.n, 6);
  const ops = res.body.cohorts.find((c: { key: string }) => c.key === 'Ops');
  t.deepEqual(ops, { key: 'Ops', n: 0, suppressed: true }, 'four people: no figures, no points, no count');

  // A manager sees the chain's six only: one cohort, same Sales figures.
  const mgr = await (await login(w.app, 'mgr')).request('GET', '/api/reports/performance-correlation?metric=rating&period=2026-H1&cohort=all');
  t.is(mgr.body.overall.n, 6);
  t.true(Math.abs(mgr.body.overall.pearson - sales.pearson) < 1e-9);
});

test('evidence pack: a job with progress builds a ZIP of completions, outstanding people and statements', async (t) => {
  const w = await world();
  t.teardown(() => w.app.close());
  const hr = await login(w.app, 'hr');
  const done = new Promise<void>((resolve) => w.app.runtime.jobs.queue(EVIDENCE_PACK_QUEUE).on('completed', () => resolve()));
  const from = new Date(Date.now() - 40 * DAY).toISOString().slice(0, 10);
  const res = await hr.request('POST', '/api/reports/evidence-packs', { target: { type: 'activity', id: ACTIVITY }, population: { department: 'Sales' }, from });
  t.is(res.status, 202);
  t.truthy(res.body.jobId);
  await done;
  const status = await hr.request('GET', `/api/reports/evidence-packs/${res.body.id}`);
  t.like(status.body, { state: 'done', progress: 100 });
  const job = await hr.request('GET', `/api/jobs/${encodeURIComponent(res.body.jobId)}`);
  t.like(job.body, { state: 'completed', progress: 100 });

  const download = await hr.fetchRaw(status.body.downloadUrl);
  t.is(download.status, 200);
  t.is(download.headers.get('content-type'), 'application/zip');
  const files = await unzipBuffer(Buffer.from(await download.arrayBuffer()));
  t.deepEqual([...files.keys()].sort(), ['completions.csv', 'manifest.json', 'outstanding.csv', 'statements.json']);

  // Sales s1–s5 passed; their completions fell 30–34 days ago, inside the period (from 40 days ago).
  const rows = parse(files.get('completions.csv')!, { columns: true }) as Array<Record<string, string>>;
  t.deepEqual(rows.map((r) => r.employee_id).sort(), ['E-s1', 'E-s2', 'E-s3', 'E-s4', 'E-s5']);
  const s3 = rows.find((r) => r.employee_id === 'E-s3')!;
  t.like(s3, { person: 'Person s3', requirement: 'Fire safety', verb: 'passed', score: '0.6', statement_id: w.completionIds.s3 });
  t.truthy(Date.parse(s3.expires_at!), 'expiry from the compliance status of that completion');
  const outstanding = parse(files.get('outstanding.csv')!, { columns: true }) as Array<Record<string, string>>;
  t.deepEqual(outstanding.map((r) => `${r.employee_id}:${r.status}`), ['E-s6:overdue']);
  const statements = JSON.parse(files.get('statements.json')!.toString('utf8')) as Array<{ id: string; actor: { account: { name: string } }; ord?: number }>;
  // Sales: six launches + five passes; nothing by HR or Ops; no storage-order field leaks.
  t.is(statements.length, 11);
  t.true(statements.every((s) => Object.values(w.ids).includes(s.actor.account.name) && !['hr', 'o1', 'o2'].some((k) => w.ids[k] === s.actor.account.name)));
  t.true(statements.some((s) => s.id === w.completionIds.s1));
  t.is(statements[0]!.ord, undefined);
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
  t.like(manifest.counts, { completions: 5, statements: 11, outstanding: 1, people: 7 });

  const direct = await hr.request('GET', `/api/reports/evidence-packs/completions.csv?targetType=activity&targetId=${encodeURIComponent(ACTIVITY)}&department=Sales&from=${from}`);
  t.is(direct.status, 200);
  t.deepEqual((parse(direct.body as string, { columns: true }) as Array<Record<string, string>>).map((r) => r.employee_id).sort(), ['E-s1', 'E-s2', 'E-s3', 'E-s4', 'E-s5']);

  const badPack = await hr.request('POST', '/api/reports/evidence-packs', { target: { type: 'course', id: 'x' } });
  t.is(badPack.status, 400);
  t.is(badPack.body.error.field, 'target.type');
  const early = await hr.request('POST', '/api/reports/evidence-packs', { target: { type: 'activity', id: ACTIVITY }, from: '2026-02-01', to: '2026-01-01' });
  t.is(early.body.error.field, 'to');
});
