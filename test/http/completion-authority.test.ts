/**
 * Who may assert a completion, tried as a hostile learner and a hostile LRS client would:
 * a learner holding the xAPI launch token of one course posts `passed` for another course,
 * `completed` for a policy version and for an external requirement; an LRS client with
 * statements/write certifies someone. None of it may move compliance; the launch token's
 * statements about another package's activity are refused outright, and the person's record
 * says why a client's statement did not count until HR allows that client.
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { packageActivityId, policyActivityId } from '../../server/learning-record/identity.js';

const password = 'a long enough passphrase';
const EXTERNAL = 'https://vendor.example/courses/fire-safety';

interface Ctx {
  app: TestApp;
  hr: HttpClient;
  admin: HttpClient;
  learnerId: string;
  learner: HttpClient;
  scormActivity: string;
  policyActivity: string;
  policyId: string;
  scormId: string;
  xapiId: string;
}

let ctx: Ctx;

test.before(async () => {
  execFileSync(process.execPath, ['scripts/build-samples.mjs'], { stdio: 'pipe' });
  const app = await startTestApp();
  const learnerId = (await app.createUser({ email: 'eve@example.com', password, name: 'Eve Learner', roles: ['employee'] })).id;
  await app.createUser({ email: 'hr@example.com', password, name: 'Hana HR', roles: ['hr'] });
  await app.createUser({ email: 'admin@example.com', password, name: 'Ada Admin', roles: ['admin'] });
  const learner = new HttpClient(app.url);
  await learner.login('eve@example.com', password);
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', password);
  const admin = new HttpClient(app.url);
  await admin.login('admin@example.com', password);
  const importZip = async (file: string) => (await app.runtime.services.content.importZip({ zipPath: path.resolve('packages-sample/dist', file), uploadedBy: 'test' })).packageId;
  const xapiId = await importZip('expense-policy-xapi.zip');
  const scormId = await importZip('data-security-scorm12.zip');
  const pkg = await app.runtime.contentModels.packages.findById(scormId).lean<{ kind: string; identity: string }>().exec();
  const scormActivity = packageActivityId(pkg!, app.runtime.config.publicUrl);
  const policyId = (await app.runtime.services.learning.policies.create({ title: 'Code of conduct', text: 'Be kind.' }, 'test')).id;
  const policyActivity = policyActivityId(app.runtime.config.publicUrl, policyId, 1);
  for (const target of [
    { type: 'package', id: scormId, title: 'Safety course' },
    { type: 'policy', id: policyId, title: 'Code of conduct' },
    { type: 'activity', id: EXTERNAL, title: 'Fire safety (vendor)' },
  ] as const) {
    const res = await hr.request('POST', '/api/assignment-rules', { name: target.title, target, criteria: { everyone: true } });
    if (res.status !== 201) throw new Error(`rule: ${res.status} ${JSON.stringify(res.body)}`);
  }
  await app.runtime.services.compliance.evaluate();
  // The learner launches the xAPI course from the catalogue (it is assigned to nobody).
  const opened = await admin.request('PUT', `/api/packages/${xapiId}/self-enrolment`, { open: true });
  if (opened.status !== 200) throw new Error(`self-enrolment: ${opened.status} ${JSON.stringify(opened.body)}`);
  ctx = { app, hr, admin, learnerId, learner, scormActivity, policyActivity, policyId, scormId, xapiId };
});
test.after.always(() => ctx?.app.close());

async function statusOf(targetId: string): Promise<{ status: string; completionSource?: { kind: string; label: string }; notCounted?: Array<{ statementId: string; reason: string }> }> {
  const res = await ctx.hr.request('GET', `/api/compliance/status?personId=${ctx.learnerId}`);
  const item = (res.body.items as Array<{ targetId: string; status: string }>).find((i) => i.targetId === targetId);
  if (!item) throw new Error(`no status for ${targetId}: ${JSON.stringify(res.body)}`);
  return item;
}

async function storedAbout(activityId: string): Promise<number> {
  const page = await ctx.app.runtime.lrs.records.find({ activityIds: [activityId] });
  return page.statements.length;
}

test.serial('a launch token is refused (403, nothing stored) for another package, a policy and an external requirement', async (t) => {
  const launch = await ctx.learner.request('POST', '/api/launches', { packageId: ctx.xapiId });
  t.is(launch.status, 201);
  const q = new URL(launch.body.url).searchParams;
  const actor = JSON.parse(q.get('actor')!);
  const post = (verb: string, objectId: string) =>
    fetch(`${q.get('endpoint')}statements`, {
      method: 'POST',
      headers: { authorization: q.get('auth')!, 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' },
      body: JSON.stringify({ actor, verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` }, object: { id: objectId }, result: { success: true, completion: true }, context: { registration: q.get('registration') } }),
    });
  for (const [verb, target] of [['passed', ctx.scormActivity], ['completed', ctx.policyActivity], ['completed', EXTERNAL]] as const) {
    const res = await post(verb, target);
    t.is(res.status, 403, `${verb} ${target}`);
    const body = (await res.json()) as { error?: { message?: string }; message?: string };
    t.regex(JSON.stringify(body), /launch-activity-scope/, 'the refusal names the rule');
    t.is(await storedAbout(target), 0, 'nothing stored');
  }
  // Its own course is the token's to report on.
  const own = await post('completed', 'https://samples.hr-lms.example/xapi/expense-policy');
  t.is(own.status, 200);
  await ctx.app.runtime.services.compliance.evaluate();
  for (const id of [ctx.scormId, ctx.policyId, EXTERNAL]) t.not((await statusOf(id)).status, 'complete');
});

test.serial('an LRS client counts only for activities HR allowed it to certify; the record says why until then', async (t) => {
  const created = await ctx.admin.request('POST', '/api/lrs/clients', { name: 'Vendor LMS', scopes: ['statements/write'] });
  t.is(created.status, 201);
  const auth = `Basic ${Buffer.from(`${created.body.key}:${created.body.secret}`).toString('base64')}`;
  const actor = { objectType: 'Agent', account: { homePage: ctx.app.runtime.config.publicUrl, name: ctx.learnerId } };
  const post = async (objectId: string) => {
    const res = await fetch(`${ctx.app.url}/xapi/statements`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' },
      body: JSON.stringify({ actor, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: { id: objectId }, result: { completion: true } }),
    });
    t.is(res.status, 200, 'stored as usual');
    return ((await res.json()) as string[])[0]!;
  };
  const forged = await post(ctx.policyActivity);
  const vendor = await post(EXTERNAL);
  await ctx.app.runtime.services.compliance.evaluate();
  const policy = await statusOf(ctx.policyId);
  t.not(policy.status, 'complete', 'a client cannot sign a policy for someone');
  t.truthy(policy.notCounted?.find((n) => n.statementId === forged && /Vendor LMS/.test(n.reason)), JSON.stringify(policy));
  const external = await statusOf(EXTERNAL);
  t.not(external.status, 'complete');
  t.truthy(external.notCounted?.find((n) => n.statementId === vendor && /not allowed to certify/.test(n.reason)), JSON.stringify(external));

  // HR allows the vendor's client to certify its own course (not the policy).
  t.is((await ctx.learner.request('PUT', `/api/lrs/clients/${created.body.key}/certifies`, { activityIds: [EXTERNAL] })).status, 403, 'learners may not');
  const bad = await ctx.hr.request('PUT', `/api/lrs/clients/${created.body.key}/certifies`, { activityIds: ['not an iri'] });
  t.is(bad.status, 400);
  t.regex(bad.body.error.field, /^activityIds/);
  const allowed = await ctx.hr.request('PUT', `/api/lrs/clients/${created.body.key}/certifies`, { activityIds: [EXTERNAL] });
  t.is(allowed.status, 200);
  const listed = await ctx.admin.request('GET', '/api/lrs/clients');
  t.deepEqual(listed.body.items.find((c: { key: string }) => c.key === created.body.key).certifies, [EXTERNAL]);
  await ctx.app.runtime.services.compliance.evaluate();
  const now = await statusOf(EXTERNAL);
  t.is(now.status, 'complete');
  t.is(now.completionSource?.kind, 'lrs-client');
  t.regex(now.completionSource!.label, /Vendor LMS/);
  t.not((await statusOf(ctx.policyId)).status, 'complete');
  // The reports' drill-down (and its CSV) say where a completion came from, and what did not count.
  const drill = await ctx.hr.request('GET', '/api/reports/compliance/people?limit=100');
  const drilled = drill.body.items as Array<{ personId: string; targetId: string; completionSource?: string; notCounted?: number }>;
  t.regex(drilled.find((r) => r.personId === ctx.learnerId && r.targetId === EXTERNAL)?.completionSource ?? '', /Vendor LMS/);
  t.is(drilled.find((r) => r.personId === ctx.learnerId && r.targetId === ctx.policyId)?.notCounted, 1);

  // The evidence pack's completions carry where each came from and whether it counted.
  const csv = await ctx.hr.request('GET', `/api/reports/evidence-packs/completions.csv?targetType=activity&targetId=${encodeURIComponent(EXTERNAL)}`);
  t.is(csv.status, 200);
  const text = String(csv.body);
  const [header, ...rows] = text.trim().split('\n');
  t.true(header!.split(',').includes('source'));
  t.true(header!.split(',').includes('counted'));
  t.true(rows.some((r) => r.includes(vendor) && r.includes('Vendor LMS')));

  // A policy signature is the LMS's own record: it counts, with its signature as source.
  await ctx.learner.request('POST', `/api/policies/${ctx.policyId}/acknowledgements`, { version: 1, typedName: 'Eve Learner' });
  await ctx.app.runtime.services.compliance.evaluate();
  const signed = await statusOf(ctx.policyId);
  t.is(signed.status, 'complete');
  t.is(signed.completionSource?.kind, 'policy-signature');
});

test.serial('HR records a completion or a waiver only with a reason, only for an assigned requirement; it counts and names who and why', async (t) => {
  const other = (await ctx.app.createUser({ email: 'sam@example.com', password, name: 'Sam Second', roles: ['employee'] })).id;
  await ctx.app.runtime.services.compliance.evaluate();
  const body = { personId: other, target: { type: 'package', id: ctx.scormId }, kind: 'waived', reason: 'Certified by the previous employer in 2026' };
  t.is((await ctx.learner.request('POST', '/api/compliance/records', body)).status, 403, 'a learner cannot waive anything');
  const noReason = await ctx.hr.request('POST', '/api/compliance/records', { ...body, reason: ' ' });
  t.is(noReason.status, 400);
  t.is(noReason.body.error.field, 'reason');
  const ghost = await ctx.hr.request('POST', '/api/compliance/records', { ...body, target: { type: 'activity', id: 'https://nowhere.example/x' } });
  t.is(ghost.status, 400);
  t.is(ghost.body.error.field, 'target');
  const future = await ctx.hr.request('POST', '/api/compliance/records', { ...body, at: '2999-01-01' });
  t.is(future.body.error.field, 'at');
  t.is(await storedAbout(ctx.scormActivity), 0, 'nothing half-written by the refusals');

  const waived = await ctx.hr.request('POST', '/api/compliance/records', body);
  t.is(waived.status, 201);
  t.is(waived.body.status.status, 'complete');
  t.is(waived.body.status.completionSource.kind, 'hr-waiver');
  t.regex(waived.body.status.completionSource.label, /Hana HR: Certified by the previous employer/);
  const recorded = await ctx.hr.request('POST', '/api/compliance/records', { ...body, target: { type: 'activity', id: EXTERNAL }, kind: 'completed', reason: 'Attended the vendor session on site', at: '2026-11-20' });
  t.is(recorded.body.status.completionSource.kind, 'hr-completion');
  t.is(recorded.body.status.completedAt, '2026-11-20T00:00:00.000Z');
});
