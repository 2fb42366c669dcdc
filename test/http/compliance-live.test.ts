/**
 * Live compliance over HTTP: a statement that lands (an LRS client's POST to /xapi, a
 * policy signature) moves the person's /api/compliance/status, My team and the dashboard
 * to complete with no manual evaluation and no scan (the scan is not scheduled here).
 * Waits poll the routes up to a deadline: a behaviour check, not a timing one.
 */
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { COMPLIANCE_QUEUE, type ComplianceJob } from '../../server/compliance/compliance-job.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const FIRE = 'https://courses.example.com/fire-safety';
const DEADLINE_MS = 10_000;

async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, deadlineMs = DEADLINE_MS): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`not within ${deadlineMs / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Setup {
  app: TestApp;
  hr: HttpClient;
  manager: { id: string };
  people: Array<{ id: string; email: string; name: string }>;
  /** Authorization header of an LRS client (a course vendor's system). */
  lrsAuth: string;
  /** Live evaluation jobs completed, and the people they covered. */
  liveRuns: string[][];
}

async function setUp(count: number): Promise<Setup> {
  const app = await startTestApp();
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  const manager = await app.createUser({ email: 'max@example.com', password: PASSWORD, name: 'Max Manager', roles: ['manager'] });
  const people = [];
  for (let i = 0; i < count; i++) {
    const p = { email: `p${i}@example.com`, name: `Person ${i}` };
    people.push({ ...p, ...(await app.createUser({ ...p, password: PASSWORD, roles: ['employee'], managerId: manager.id })) });
  }
  const liveRuns: string[][] = [];
  app.runtime.jobs.queue<ComplianceJob>(COMPLIANCE_QUEUE).on('completed', (job) => {
    if (job.data.task === 'evaluate' && job.data.live) liveRuns.push(job.data.personIds ?? []);
  });
  const { compliance } = app.runtime.services;
  await compliance.rules.create({ name: 'Fire safety', target: { type: 'activity', id: FIRE, title: 'Fire safety' }, criteria: { everyone: true }, due: { kind: 'afterAssignment', days: 30 }, active: true });
  // The rule's own evaluation (a job) assigns everyone.
  await eventually('everyone assigned', async () => (await compliance.statuses.countDocuments({ targetId: FIRE })) === count + 2);
  const { client, secret } = await app.runtime.lrs.credentials.create({ name: 'Course vendor', scopes: ['all'] });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  // The vendor's system may certify its own course (else its completions are stored but do not count).
  const allowed = await hr.request('PUT', `/api/lrs/clients/${client.key}/certifies`, { activityIds: [FIRE] });
  if (allowed.status !== 200) throw new Error(`certifies: ${allowed.status} ${JSON.stringify(allowed.body)}`);
  return { app, hr, manager, people, lrsAuth: 'Basic ' + Buffer.from(`${client.key}:${secret}`).toString('base64'), liveRuns };
}

const passed = (app: TestApp, personId: string, activityId = FIRE) => ({
  actor: { objectType: 'Agent', account: { homePage: app.runtime.config.publicUrl, name: personId } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/passed', display: { 'en-US': 'passed' } },
  object: { objectType: 'Activity', id: activityId },
  result: { success: true, completion: true, score: { scaled: 0.9 } },
});

async function postStatements(s: Setup, statements: object[]): Promise<void> {
  const res = await fetch(`${s.app.url}/xapi/statements`, {
    method: 'POST',
    headers: { authorization: s.lrsAuth, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' },
    body: JSON.stringify(statements),
  });
  if (res.status !== 200) throw new Error(`POST /xapi/statements: ${res.status} ${await res.text()}`);
}

async function statusOf(s: Setup, personId: string, targetId: string): Promise<string | undefined> {
  const res = await s.hr.request('GET', `/api/compliance/status?personId=${personId}&targetId=${encodeURIComponent(targetId)}`);
  return res.body.items?.[0]?.status;
}

test('a statement posted to /xapi completes the person on /api/compliance/status, My team and the dashboard', async (t) => {
  const s = await setUp(2);
  t.teardown(() => s.app.close());
  const [ann, bob] = s.people as [Setup['people'][0], Setup['people'][0]];
  t.is(await statusOf(s, ann.id, FIRE), 'not_started');
  // The dashboard is read (and cached) before the statement lands.
  t.is((await s.hr.request('GET', '/api/reports/compliance')).body.totals.complete, 0);

  await postStatements(s, [passed(s.app, ann.id)]);
  await eventually('Ann complete on /api/compliance/status', async () => (await statusOf(s, ann.id, FIRE)) === 'complete');
  t.is(await statusOf(s, bob.id, FIRE), 'not_started', 'nobody else moves');

  const max = new HttpClient(s.app.url);
  await max.login('max@example.com', PASSWORD);
  const team = (await max.request('GET', '/api/compliance/team')).body;
  t.is(team.items.find((i: { personId: string }) => i.personId === ann.id).status, 'complete');
  t.is(team.counts.complete, 1);
  await eventually('the dashboard counts it', async () => (await s.hr.request('GET', '/api/reports/compliance')).body.totals.complete === 1);
  t.true(s.liveRuns.flat().includes(ann.id), 'through a live evaluation job');
});

test('a policy signature completes the policy requirement', async (t) => {
  const s = await setUp(1);
  t.teardown(() => s.app.close());
  const [ann] = s.people as [Setup['people'][0]];
  const { learning, compliance } = s.app.runtime.services;
  const policy = await learning.policies.create({ title: 'Code of conduct', text: 'Be kind. Report concerns.' }, 'hr');
  await compliance.rules.create({ name: 'Code of conduct', target: { type: 'policy', id: policy.id, title: 'Code of conduct' }, criteria: { everyone: true }, due: { kind: 'afterAssignment', days: 14 }, active: true });
  await eventually('the policy assigned', async () => (await statusOf(s, ann.id, policy.id)) === 'not_started');

  const me = new HttpClient(s.app.url);
  await me.login(ann.email, PASSWORD);
  t.is((await me.request('POST', `/api/policies/${policy.id}/acknowledgements`, { version: 1, typedName: ann.name })).status, 201);
  await eventually('signed: complete', async () => (await statusOf(s, ann.id, policy.id)) === 'complete');
});

test('two people writing at once both end complete, however their runs fall', async (t) => {
  const s = await setUp(2);
  t.teardown(() => s.app.close());
  const [ann, bob] = s.people as [Setup['people'][0], Setup['people'][0]];
  await Promise.all([postStatements(s, [passed(s.app, ann.id)]), postStatements(s, [passed(s.app, bob.id)])]);
  // A run for Ann alone moves the completion-facts checkpoint past Bob's statement too:
  // Bob's completion must still reach his status through his own live run.
  await s.app.runtime.services.compliance.evaluate([ann.id]);
  await eventually('both complete', async () => (await statusOf(s, ann.id, FIRE)) === 'complete' && (await statusOf(s, bob.id, FIRE)) === 'complete');
  t.deepEqual([await statusOf(s, ann.id, FIRE), await statusOf(s, bob.id, FIRE)], ['complete', 'complete']);
});

test('a burst of statements from many people coalesces into few evaluations', async (t) => {
  const s = await setUp(30);
  t.teardown(() => s.app.close());
  // 30 people, 10 statements each (progress, then the pass), in 30 requests sent together.
  const batches = s.people.map((p) => [
    ...Array.from({ length: 9 }, () => ({ ...passed(s.app, p.id), verb: { id: 'http://adlnet.gov/expapi/verbs/progressed' }, result: undefined })),
    passed(s.app, p.id),
  ]);
  await Promise.all(batches.map((b) => postStatements(s, b)));
  // A longer deadline: 300 statements on a machine shared with the rest of the suite.
  await eventually('all 30 complete', async () => (await s.app.runtime.services.compliance.statuses.countDocuments({ targetId: FIRE, status: 'complete' })) === 30, 60_000);
  const statements = batches.flat().length;
  // Every person is covered by a live run. Another evaluation (the rule's own, the scan) may
  // write the statuses first, and a job's `completed` event trails the statuses it wrote, so
  // the live runs are waited for in their own right (failing if they never come).
  const everyone = new Set(s.people.map((p) => p.id));
  await eventually('every person covered by a live run', async () => s.people.every((p) => new Set(s.liveRuns.flat()).has(p.id)), 60_000);
  t.deepEqual(new Set(s.liveRuns.flat()), everyone);
  // How many runs depends on when requests arrive (the unit test of the coalescer pins that
  // down without a clock); here: fewer runs than people, never one per statement.
  t.true(s.liveRuns.length < s.people.length, `${s.liveRuns.length} evaluation runs for ${statements} statements from ${s.people.length} people`);
});
