/**
 * More of the reports API over HTTP: a policy evidence pack (acknowledgements with the
 * signature hash checked against the published text, and the text of each version),
 * milestones and onboarding, learning analytics scoped by role.
 */
import { createHash, randomUUID } from 'node:crypto';
import test from 'ava';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { unzipBuffer } from '../helpers/unzip.js';
import { learnerAgent, policyActivityId, VERBS } from '../../server/learning-record/identity.js';
import { EVIDENCE_PACK_QUEUE } from '../../server/reports/evidence/evidence-job.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const DAY = 86_400_000;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

async function setup(): Promise<{ app: TestApp; ids: Record<string, string>; login: (k: string) => Promise<HttpClient> }> {
  const app = await startTestApp();
  const ids: Record<string, string> = {};
  const hire = new Date(Date.now() - 100 * DAY).toISOString().slice(0, 10);
  const add = async (key: string, roles: string[], extra: Record<string, string> = {}) => {
    ids[key] = (await app.runtime.services.people.create({ email: `${key}@example.com`, name: `Person ${key}`, password: PASSWORD, roles: roles as never, employeeId: `E-${key}`, ...extra })).id;
  };
  await add('hr', ['hr']);
  await add('boss', ['manager']);
  for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) await add(k, ['employee'], { department: 'Support', jobRole: 'Support Agent', hireDate: hire, managerId: ids.boss! });
  return {
    app,
    ids,
    async login(k) {
      const c = new HttpClient(app.url);
      await c.login(`${k}@example.com`, PASSWORD);
      return c;
    },
  };
}

test('a policy evidence pack carries acknowledgements, hash checks and the text of each version', async (t) => {
  const { app, ids, login } = await setup();
  t.teardown(() => app.close());
  const home = app.runtime.config.publicUrl;
  const v1 = 'Be kind. Version one.';
  const v2 = 'Be kind and honest. Version two.';
  await app.runtime.store.db.collection('policies').insertOne({
    _id: 'conduct' as never,
    title: 'Code of conduct',
    currentVersion: 2,
    versions: [
      { version: 1, text: v1, textHash: sha(v1), publishedAt: new Date(Date.now() - 200 * DAY) },
      { version: 2, text: v2, textHash: sha(v2), publishedAt: new Date(Date.now() - 50 * DAY) },
    ],
  });
  const write = await app.runtime.lrs.internalWriter('test');
  const acks = [
    { k: 'a', version: 1, hash: sha(v1), daysAgo: 150 },
    { k: 'a', version: 2, hash: sha(v2), daysAgo: 40 },
    { k: 'b', version: 2, hash: sha('tampered text'), daysAgo: 30 },
  ];
  for (const ack of acks) {
    const statementId = randomUUID();
    const signedAt = new Date(Date.now() - ack.daysAgo * DAY);
    await write({ id: statementId, actor: learnerAgent({ id: ids[ack.k]! }, home), verb: { id: VERBS.completed }, object: { id: policyActivityId(home, 'conduct', ack.version) }, timestamp: signedAt.toISOString() });
    await app.runtime.store.db.collection('policy_acknowledgements').insertOne({ policyId: 'conduct', version: ack.version, personId: ids[ack.k]!, typedName: `Person ${ack.k}`, signedAt, textHash: ack.hash, statementId });
  }
  const hr = await login('hr');
  const done = new Promise<void>((resolve) => app.runtime.jobs.queue(EVIDENCE_PACK_QUEUE).on('completed', () => resolve()));
  const res = await hr.request('POST', '/api/reports/evidence-packs', { target: { type: 'policy', id: 'conduct' }, population: { department: 'Support' } });
  t.is(res.status, 202);
  t.is(res.body.title, 'Code of conduct');
  await done;
  const zip = await hr.fetchRaw(`/api/reports/evidence-packs/${res.body.id}/download`);
  t.is(zip.status, 200);
  t.regex(zip.headers.get('content-disposition') ?? '', /evidence-code-of-conduct-\d{4}-\d{2}-\d{2}\.zip/);
  const files = await unzipBuffer(Buffer.from(await zip.arrayBuffer()));
  t.deepEqual([...files.keys()].sort(), ['acknowledgements.csv', 'completions.csv', 'manifest.json', 'outstanding.csv', 'policy-versions/v1.txt', 'policy-versions/v2.txt', 'statements.json']);
  t.is(files.get('policy-versions/v2.txt')!.toString('utf8'), v2);
  const rows = parse(files.get('acknowledgements.csv')!, { columns: true }) as Array<Record<string, string>>;
  t.deepEqual(rows.map((r) => `${r.employee_id} v${r.version} ${r.hash_matches_published_text}`), ['E-a v1 yes', 'E-a v2 yes', 'E-b v2 no']);
  t.is(rows[0]!.text_hash, sha(v1));
  const completions = parse(files.get('completions.csv')!, { columns: true }) as Array<Record<string, string>>;
  t.deepEqual(completions.map((r) => `${r.employee_id}:${r.version}`).sort(), ['E-a:1', 'E-a:2', 'E-b:2']);

  // Someone else's pack id is not found; a pack still building cannot be downloaded.
  t.is((await hr.request('GET', '/api/reports/evidence-packs/0123456789abcdef01234567')).status, 404);
  t.is((await hr.request('POST', '/api/reports/evidence-packs', { target: { type: 'policy', id: 'nope' } })).status, 404);
});

test('milestones set by HR drive time to productivity; validation names the field', async (t) => {
  const { app, ids, login } = await setup();
  t.teardown(() => app.close());
  const hr = await login('hr');
  const FIRST_TICKET = 'https://support.example.com/first-ticket-solved';
  t.is((await hr.request('PUT', '/api/reports/milestones/Support%20Agent', { target: { type: 'activity' } })).body.error.field, 'target.id');
  t.is((await (await login('boss')).request('PUT', '/api/reports/milestones/Support%20Agent', { target: { type: 'activity', id: FIRST_TICKET } })).status, 403);
  const put = await hr.request('PUT', '/api/reports/milestones/Support%20Agent', { target: { type: 'activity', id: FIRST_TICKET }, label: 'First ticket solved' });
  t.is(put.status, 200);
  const write = await app.runtime.lrs.internalWriter('test');
  const hire = Date.now() - 100 * DAY;
  // a–e reached it after 10, 12, 14, 20, 30 days; f never did.
  for (const [k, days] of [['a', 10], ['b', 12], ['c', 14], ['d', 20], ['e', 30]] as const) {
    await write({ actor: learnerAgent({ id: ids[k]! }, app.runtime.config.publicUrl), verb: { id: VERBS.completed }, object: { id: FIRST_TICKET }, timestamp: new Date(hire + days * DAY + 3600_000).toISOString() });
  }
  const report = await hr.request('GET', '/api/reports/onboarding');
  t.is(report.status, 200);
  const row = report.body.productivity.find((p: { jobRole: string }) => p.jobRole === 'Support Agent');
  // Hire dates are whole days (midnight UTC), so the day counts are fractional: median ~14.
  t.like(row, { milestone: 'First ticket solved', hired: 6, reached: 5, suppressed: false });
  t.true(Math.abs(row.medianDays - 14) < 1.1, `${row.medianDays}`);
  const list = await hr.request('GET', '/api/reports/milestones');
  t.deepEqual(list.body.items.map((m: { jobRole: string }) => m.jobRole), ['Support Agent']);
  t.is((await hr.request('DELETE', '/api/reports/milestones/Support%20Agent')).status, 204);
  t.is((await hr.request('DELETE', '/api/reports/milestones/Support%20Agent')).status, 404);
  t.is((await (await login('a')).request('GET', '/api/reports/onboarding')).status, 403);
});

test('learning analytics: HR sees everyone (small groups withheld), an employee only their own', async (t) => {
  const { app, ids, login } = await setup();
  t.teardown(() => app.close());
  const home = app.runtime.config.publicUrl;
  const write = await app.runtime.lrs.internalWriter('test');
  const COURSE = 'https://courses.example.com/empathy';
  for (const [i, k] of ['a', 'b', 'c', 'd', 'e', 'f'].entries()) {
    await write({ actor: learnerAgent({ id: ids[k]! }, home), verb: { id: VERBS.passed }, object: { id: COURSE, definition: { name: { 'en-US': 'Empathy at work' } } }, result: { score: { scaled: 0.5 + i * 0.1 }, duration: 'PT20M' }, timestamp: new Date(Date.now() - (i + 1) * DAY).toISOString() });
  }
  await write({ actor: learnerAgent({ id: ids.a! }, home), verb: { id: VERBS.launched }, object: { id: 'https://courses.example.com/rare' }, timestamp: new Date().toISOString() });
  const all = await (await login('hr')).request('GET', '/api/reports/learning?granularity=day');
  t.is(all.status, 200);
  const course = all.body.activities.find((a: { id: string }) => a.id === COURSE);
  t.like(course, { name: 'Empathy at work', learners: 6, completions: 6, timeSpentHours: 2, meanMinutesPerLearner: 20 });
  t.deepEqual(course.scoreHistogram.map((b: { count: number }) => b.count), [0, 0, 0, 0, 0, 1, 1, 1, 1, 2]);
  t.like(all.body.activities.find((a: { id: string }) => a.id === 'https://courses.example.com/rare'), { suppressed: true, learners: 1 });
  const mine = await (await login('c')).request('GET', '/api/reports/learning');
  t.is(mine.body.learners, 1);
  t.like(mine.body.activities[0], { id: COURSE, learners: 1, completions: 1, suppressed: false });
  const team = await (await login('boss')).request('GET', '/api/reports/learning');
  t.is(team.body.learners, 6);
  t.is((await (await login('hr')).request('GET', '/api/reports/learning?granularity=month')).body.error.field, 'granularity');
});
