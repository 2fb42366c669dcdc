/**
 * cmi5, the LMS side, over real HTTP: launch URL parameters, the one-time fetch URL,
 * LMS.LaunchData, `launched`, `satisfied` per moveOn for block and course, masteryScore,
 * `abandoned` (new session and stale-session job), `waived` and who may waive.
 */
import test from 'ava';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { HttpClient } from '../../../test/helpers/http-client.js';
import { VERBS } from '../../learning-record/identity.js';
import { D, importCourse, TestAu } from './test-support.js';

let app: TestApp;
let lrsAuth: string;
const password = 'a long enough passphrase';
let learner: HttpClient;
let learnerId: string;
let hr: HttpClient;

test.before(async () => {
  app = await startTestApp();
  learnerId = (await app.createUser({ email: 'learner@example.com', password, name: 'Lee Learner', roles: ['employee'] })).id;
  await app.createUser({ email: 'hr@example.com', password, name: 'Harper HR', roles: ['hr'] });
  learner = new HttpClient(app.url);
  await learner.login('learner@example.com', password);
  hr = new HttpClient(app.url);
  await hr.login('hr@example.com', password);
  const { client, secret } = await app.runtime.lrs.credentials.create({ name: 'reader', scopes: ['all/read'] });
  lrsAuth = 'Basic ' + Buffer.from(`${client.key}:${secret}`).toString('base64');
});
test.after.always(() => app?.close());

async function launch(packageId: string, extra: Record<string, unknown> = {}): Promise<TestAu> {
  const res = await learner.request('POST', '/api/cmi5/launches', { packageId, ...extra });
  if (res.status !== 201) throw new Error(`launch: ${res.status} ${JSON.stringify(res.body)}`);
  return new TestAu(res.body.url);
}

async function statementsOf(registration: string): Promise<any[]> {
  const res = await fetch(`${app.url}/xapi/statements?registration=${registration}&ascending=true&limit=100`, {
    headers: { authorization: lrsAuth, 'x-experience-api-version': '1.0.3' },
  });
  return (await res.json()).statements;
}

const verbsOf = (list: any[]) => list.map((s) => s.verb.id.split('/').pop());

test('the launch URL carries endpoint, fetch, actor, registration and an LMS activityId; LaunchData and launched are written first', async (t) => {
  const { packageId, courseId } = await importCourse(app, [
    { block: 'https://courses.example.com/b1', children: [{ au: { id: 'https://courses.example.com/au1', moveOn: 'CompletedAndPassed', masteryScore: 0.8, launchParameters: 'level=2', entitlementKey: 'ent-1', url: 'au.html?paramA=1' } }] },
  ]);
  const au = await launch(packageId);
  const url = new URL(au.launchUrl);
  t.regex(url.pathname, /^\/c\/[^/]+\/au.html$/, 'a capability URL on the content origin');
  t.is(url.origin, app.contentUrl);
  t.is(url.searchParams.get('paramA'), '1', 'the AU url keeps its own query');
  t.is(au.endpoint, `${app.runtime.config.publicUrl}/xapi`);
  t.deepEqual(au.actor, { objectType: 'Agent', name: 'Lee Learner', account: { homePage: app.runtime.config.publicUrl, name: learnerId } });
  t.regex(au.registration, /^[0-9a-f-]{36}$/);
  t.not(au.activityId, 'https://courses.example.com/au1', 'the activityId is generated, not the publisher id (8.1.5.0-3)');
  t.true(au.activityId.startsWith(`${app.runtime.config.publicUrl}/activities/cmi5/`));

  // fetch: once a token, then the cmi5 error object, both 200 JSON (8.2.2.0-3).
  const first = await au.fetchToken();
  t.is(first.status, 200);
  t.is(typeof first.body['auth-token'], 'string');
  const second = await au.fetchToken();
  t.is(second.status, 200);
  t.is(second.body['auth-token'], undefined);
  t.is(second.body['error-code'], '1');
  t.regex(second.body['error-text'], /already/);

  const ld = await au.xapi('GET', 'activities/state', au.stateQuery('LMS.LaunchData'));
  t.is(ld.status, 200);
  au.launchData = await ld.json();
  t.like(au.launchData, { launchMode: 'Normal', moveOn: 'CompletedAndPassed', masteryScore: 0.8, launchParameters: 'level=2', entitlementKey: { courseStructure: 'ent-1' }, returnURL: `${app.runtime.config.publicUrl}/cmi5/return` });
  t.deepEqual(au.launchData.contextTemplate.contextActivities.grouping.map((a: any) => a.id), ['https://courses.example.com/au1']);
  t.regex(au.sessionId, /^[0-9a-f-]{36}$/);
  // The AU may not change it (10.2.1.0-5).
  t.is((await au.xapi('PUT', 'activities/state', au.stateQuery('LMS.LaunchData'), { x: 1 })).status, 403);
  t.is((await au.xapi('DELETE', 'activities/state', au.stateQuery('LMS.LaunchData'))).status, 403);

  const [launched] = await statementsOf(au.registration);
  t.is(launched.verb.id, VERBS.launched);
  t.is(launched.object.id, au.activityId);
  const ext = launched.context.extensions;
  t.is(ext['https://w3id.org/xapi/cmi5/context/extensions/sessionid'], au.sessionId);
  t.is(ext['https://w3id.org/xapi/cmi5/context/extensions/launchmode'], 'Normal');
  t.is(ext['https://w3id.org/xapi/cmi5/context/extensions/moveon'], 'CompletedAndPassed');
  t.is(ext['https://w3id.org/xapi/cmi5/context/extensions/masteryscore'], 0.8);
  t.is(ext['https://w3id.org/xapi/cmi5/context/extensions/launchparameters'], 'level=2');
  t.is(ext['https://w3id.org/xapi/cmi5/context/extensions/launchurl'], url.origin + url.pathname + '?paramA=1');
  t.not(courseId, '', 'course imported');
});

test('the token is bound to its actor, registration and activity', async (t) => {
  const { packageId } = await importCourse(app, [{ au: { id: 'https://courses.example.com/bound' } }]);
  const au = await launch(packageId);
  await au.start();
  const other = { objectType: 'Agent', account: { homePage: 'https://elsewhere.example.com', name: 'x' } };
  t.is((await au.xapi('GET', 'activities/state', { ...au.stateQuery('s'), agent: JSON.stringify(other) })).status, 403);
  t.is((await au.xapi('GET', 'activities/state', { ...au.stateQuery('s'), activityId: 'https://courses.example.com/other' })).status, 403);
  t.is((await au.xapi('GET', 'statements', { agent: JSON.stringify(other) })).status, 403);
  t.is((await au.xapi('GET', 'statements', { registration: au.registration })).status, 200);
  t.is((await au.xapi('POST', 'activities/profile', { activityId: au.activityId, profileId: 'p' }, { a: 1 })).status, 403);
  // Learner preferences: only a valid document for the launch actor (cmi5 11).
  const prefs = { profileId: 'cmi5LearnerPreferences', agent: JSON.stringify(au.actor) };
  // (xAPI 1.0.3 asks a profile PUT for If-None-Match or If-Match.)
  t.is((await au.xapi('PUT', 'agents/profile', prefs, { languagePreference: 'en-US,fr-FR', audioPreference: 'on' }, { 'if-none-match': '*' })).status, 204);
  t.is((await au.xapi('PUT', 'agents/profile', prefs, { languagePreference: 'not a list', audioPreference: 'on' })).status, 403);
  t.is((await au.xapi('PUT', 'agents/profile', prefs, { languagePreference: 'en-US' })).status, 403);
  t.is((await au.xapi('PUT', 'agents/profile', { profileId: 'cmi5LearnerPreferences' }, { languagePreference: 'en', audioPreference: 'on' })).status, 400);
  // A wrong secret is no token at all.
  const forged = Buffer.from(Buffer.from(au.token, 'base64').toString().replace(/:.*/, ':nope')).toString('base64');
  const res = await fetch(`${au.endpoint}/statements?registration=${au.registration}`, { headers: { authorization: `Basic ${forged}`, 'x-experience-api-version': '1.0.3' } });
  t.is(res.status, 401);
});

/** Send what satisfies (or not) an AU; returns the verbs the LRS then holds for the registration. */
async function runAu(au: TestAu, steps: ('completed' | 'passed' | 'failed')[]): Promise<void> {
  await au.start();
  const ok = async (s: unknown) => {
    const r = await au.send(s);
    if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  };
  await ok(au.statement('initialized'));
  for (const step of steps) {
    if (step === 'completed') await ok(au.statement('completed', D('completed')));
    if (step === 'passed') await ok(au.statement('passed', { success: true, duration: 'PT3S', score: { scaled: 1 } }));
    if (step === 'failed') await ok(au.statement('failed', { success: false, duration: 'PT3S', score: { scaled: 0 } }));
  }
  await ok(au.statement('terminated', { duration: 'PT9S' }));
}

const moveOnCases: { moveOn: string; steps: ('completed' | 'passed' | 'failed')[]; satisfied: boolean }[] = [
  { moveOn: 'Completed', steps: ['completed'], satisfied: true },
  { moveOn: 'Completed', steps: ['passed'], satisfied: false },
  { moveOn: 'Passed', steps: ['passed'], satisfied: true },
  { moveOn: 'Passed', steps: ['completed', 'failed'], satisfied: false },
  { moveOn: 'CompletedAndPassed', steps: ['completed', 'passed'], satisfied: true },
  { moveOn: 'CompletedAndPassed', steps: ['completed'], satisfied: false },
  { moveOn: 'CompletedOrPassed', steps: ['passed'], satisfied: true },
  { moveOn: 'CompletedOrPassed', steps: ['completed'], satisfied: true },
  { moveOn: 'CompletedOrPassed', steps: ['failed'], satisfied: false },
  { moveOn: 'NotApplicable', steps: [], satisfied: true },
];

for (const c of moveOnCases) {
  test(`moveOn ${c.moveOn} after ${c.steps.join('+') || 'nothing'}: block and course ${c.satisfied ? 'satisfied' : 'not satisfied'}`, async (t) => {
    const block = `https://courses.example.com/block-${c.moveOn}`;
    const { packageId } = await importCourse(app, [{ block, children: [{ au: { id: `https://courses.example.com/au-${c.moveOn}`, moveOn: c.moveOn } }] }]);
    const au = await launch(packageId);
    await runAu(au, c.steps);
    const list = await statementsOf(au.registration);
    const satisfied = list.filter((s) => s.verb.id === VERBS.satisfied);
    if (!c.satisfied) {
      t.deepEqual(satisfied, []);
      return;
    }
    t.deepEqual(satisfied.map((s) => s.object.definition.type.split('/').pop()), ['block', 'course']);
    const [b, course] = satisfied;
    const pkg = (await app.runtime.contentModels.packages.findById(packageId).lean().exec())!;
    t.is(course.object.id, `${app.runtime.config.publicUrl}/activities/cmi5/${encodeURIComponent(pkg.identity.slice('cmi5:'.length))}`, 'the course activity is packageActivityId');
    t.not(b.object.id, block, 'the block id is LMS-generated (9.3.9.0-4)');
    t.deepEqual(b.context.contextActivities.grouping.map((a: any) => a.id), [block]);
    t.is(b.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'], au.sessionId, 'satisfied carries the launch session (9.3.9.0-9)');
    if (c.moveOn === 'NotApplicable') {
      t.deepEqual(verbsOf(list).slice(0, 3), ['satisfied', 'satisfied', 'launched'], 'NotApplicable is satisfied at launch, before launched');
    } else {
      t.is(verbsOf(list).at(-1), 'terminated');
    }
  });
}

test('a block is satisfied only when all its AUs are; the course when all its blocks are', async (t) => {
  const { packageId } = await importCourse(app, [
    { block: 'https://courses.example.com/two/b', children: [{ au: { id: 'https://courses.example.com/two/a1' } }, { au: { id: 'https://courses.example.com/two/a2' } }] },
  ]);
  const first = await launch(packageId);
  await runAu(first, ['completed']);
  t.deepEqual((await statementsOf(first.registration)).filter((s) => s.verb.id === VERBS.satisfied), []);
  const courseStatus = async () => (await learner.request('GET', '/api/courses')).body.items.find((c: any) => c.packageId === packageId).status;
  t.is(await courseStatus(), 'in_progress');
  const second = await launch(packageId); // the next AU not yet satisfied, same registration
  t.is(second.registration, first.registration);
  t.not(second.activityId, first.activityId);
  await runAu(second, ['completed']);
  t.is((await statementsOf(first.registration)).filter((s) => s.verb.id === VERBS.satisfied).length, 2);
  t.is(await courseStatus(), 'completed', 'the Courses list follows the course satisfied');
  const regs = await learner.request('GET', `/api/cmi5/registrations?packageId=${packageId}`);
  t.truthy(regs.body.items[0].courseSatisfiedAt);
  // A new attempt after satisfaction is a new registration; a plain launch reuses the old one.
  t.is((await launch(packageId)).registration, first.registration);
  t.not((await launch(packageId, { newAttempt: true })).registration, first.registration);
});

test('masteryScore: passed below it and failed at or above it are refused; passed at it is accepted', async (t) => {
  const { packageId } = await importCourse(app, [{ au: { id: 'https://courses.example.com/mastery', moveOn: 'Passed', masteryScore: 0.75 } }]);
  const au = await launch(packageId);
  await au.start();
  t.is((await au.send(au.statement('initialized'))).status, 200);
  const low = await au.send(au.statement('passed', { success: true, duration: 'PT1S', score: { scaled: 0.74 } }));
  t.is(low.status, 403);
  t.is(low.body.error.rule, '9.3.4.0-2');
  const highFail = await au.send(au.statement('failed', { success: false, duration: 'PT1S', score: { scaled: 0.75 } }));
  t.is(highFail.status, 403);
  t.is(highFail.body.error.rule, '9.3.5.0-2');
  t.is((await au.send(au.statement('passed', { success: true, duration: 'PT1S', score: { scaled: 0.75 } }))).status, 200);
  const list = await statementsOf(au.registration);
  t.deepEqual(verbsOf(list), ['launched', 'initialized', 'passed', 'satisfied'], 'nothing refused was stored; the course is satisfied');
});

test('a session left without terminated is abandoned when the next one starts, and its token stops working', async (t) => {
  const { packageId } = await importCourse(app, [{ au: { id: 'https://courses.example.com/abandon' } }]);
  const first = await launch(packageId);
  await first.start();
  t.is((await first.send(first.statement('initialized'))).status, 200);
  const second = await launch(packageId);
  const list = await statementsOf(first.registration);
  const abandoned = list.find((s) => s.verb.id === VERBS.abandoned);
  t.truthy(abandoned);
  t.is(abandoned.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'], first.sessionId);
  t.regex(abandoned.result.duration, /^PT[\d.]+S$/);
  t.is(abandoned.object.id, first.activityId);
  t.true(abandoned.context.contextActivities.category.some((c: any) => c.id === 'https://w3id.org/xapi/cmi5/context/categories/cmi5'));
  t.deepEqual(verbsOf(list), ['launched', 'initialized', 'abandoned', 'launched']);
  const late = await first.send(first.statement('completed', D('completed')));
  t.is(late.status, 403);
  t.is(second.registration, first.registration);
});

test.serial('the stale-session job abandons sessions idle too long, once', async (t) => {
  const { packageId } = await importCourse(app, [{ au: { id: 'https://courses.example.com/stale' } }]);
  const au = await launch(packageId);
  await au.start();
  t.is((await au.send(au.statement('initialized'))).status, 200);
  const before = (await statementsOf(au.registration)).length;
  t.is(await app.runtime.services.cmi5.abandonStale(new Date(Date.now() - 3600_000)), 0, 'not idle for an hour yet');
  t.true((await app.runtime.services.cmi5.abandonStale(new Date(Date.now() + 60_000))) >= 1);
  await app.runtime.services.cmi5.abandonStale(new Date(Date.now() + 60_000));
  const list = await statementsOf(au.registration);
  t.is(list.length, before + 1);
  t.is(list.at(-1).verb.id, VERBS.abandoned);
});

test('HR waives an AU with a reason: waived, then satisfied under the same new session id; employees may not', async (t) => {
  const { packageId } = await importCourse(app, [{ block: 'https://courses.example.com/w/b', children: [{ au: { id: 'https://courses.example.com/w/a' } }] }]);
  const au = await launch(packageId);
  const denied = await learner.request('POST', `/api/cmi5/registrations/${au.registration}/waive`, { auId: 'https://courses.example.com/w/a', reason: 'Administrative' });
  t.is(denied.status, 403);
  const bad = await hr.request('POST', `/api/cmi5/registrations/${au.registration}/waive`, { auId: 'https://courses.example.com/w/a', reason: 'Because' });
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'reason');
  const ok = await hr.request('POST', `/api/cmi5/registrations/${au.registration}/waive`, { auId: 'https://courses.example.com/w/a', reason: 'Tested Out' });
  t.is(ok.status, 201);
  const again = await hr.request('POST', `/api/cmi5/registrations/${au.registration}/waive`, { auId: 'https://courses.example.com/w/a', reason: 'Tested Out' });
  t.is(again.status, 409);
  const list = await statementsOf(au.registration);
  const waived = list.find((s) => s.verb.id === VERBS.waived);
  t.like(waived.result, { success: true, completion: true, extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/reason': 'Tested Out' } });
  t.deepEqual(waived.context.contextActivities.category.map((c: any) => c.id.split('/').pop()), ['cmi5', 'moveon']);
  t.is(waived.object.id, au.activityId);
  const satisfied = list.filter((s) => s.verb.id === VERBS.satisfied);
  t.is(satisfied.length, 2);
  for (const s of satisfied) t.is(s.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'], ok.body.sessionId);
  t.is(waived.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/sessionid'], ok.body.sessionId);
});

test('launch input is validated', async (t) => {
  const bad = await learner.request('POST', '/api/cmi5/launches', { packageId: 'nope' });
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'packageId');
  const missing = await learner.request('POST', '/api/cmi5/launches', { packageId: '0123456789abcdef01234567' });
  t.is(missing.status, 404);
  const anon = await new HttpClient(app.url).request('POST', '/api/cmi5/launches', { packageId: '0123456789abcdef01234567' });
  t.true(anon.status === 401 || anon.status === 403);
});

test('the launch service dispatches cmi5 packages here: POST /api/launches with itemId launches that AU', async (t) => {
  const { packageId } = await importCourse(app, [{ au: { id: 'https://courses.example.com/d/a1' } }, { au: { id: 'https://courses.example.com/d/a2' } }]);
  const res = await learner.request('POST', '/api/launches', { packageId, itemId: 'https://courses.example.com/d/a2' });
  t.is(res.status, 201);
  t.like(res.body, { kind: 'cmi5', launchMethod: 'iframe' });
  const au = new TestAu(res.body.url);
  t.is(au.registration, res.body.registration);
  await au.start();
  t.deepEqual(au.launchData.contextTemplate.contextActivities.grouping.map((a: any) => a.id), ['https://courses.example.com/d/a2']);
  t.is(au.launchData.returnURL, `${app.runtime.config.publicUrl}/cmi5/return`, 'the page that hands the learner back to the player');
});
