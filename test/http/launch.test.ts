/**
 * The launch service over HTTP with the SCORM 1.2 sample: launch descriptors, CMI commits
 * (validation naming the element, idempotent repeats, nothing half-written), resume, the
 * new-attempt rule, the xAPI statements an attempt leaves in the LRS, and the content
 * origin's capability URLs and headers.
 */
import test from 'ava';
import { packageActivityId, scoActivityId, VERBS } from '../../server/learning-record/identity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { lrsReader, type LrsReader } from '../helpers/lrs-reader.js';
import { loadSamples, type LoadedSamples } from '../helpers/samples.js';

let app: TestApp;
let samples: LoadedSamples;
let lrs: LrsReader;
const password = 'a long enough passphrase';

test.before(async () => {
  app = await startTestApp();
  await app.createUser({ email: 'author@example.com', password, name: 'Ava Author', roles: ['author'] });
  await app.createUser({ email: 'eve@example.com', password, name: 'Eve Employee', roles: ['employee'] });
  await app.createUser({ email: 'sam@example.com', password, name: 'Sam Other', roles: ['employee'] });
  samples = await loadSamples(app, { email: 'author@example.com', password });
  lrs = await lrsReader(app);
});
test.after.always(() => app?.close());

async function signIn(email: string): Promise<HttpClient> {
  const c = new HttpClient(app.url);
  await c.login(email, password);
  return c;
}

const cmi12 = (core: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ core: { lesson_status: 'incomplete', ...core }, ...extra });

test.serial('a SCORM 1.2 attempt: launch, commits, resume, completion, a new attempt, and its statements', async (t) => {
  const eve = await signIn('eve@example.com');
  const courses = await eve.request('GET', '/api/courses');
  t.is(courses.status, 200);
  t.is(courses.body.items.find((c: any) => c.packageId === samples.scorm12).status, 'not_started');

  const launch = await eve.request('POST', '/api/launches', { packageId: samples.scorm12 });
  t.is(launch.status, 201, JSON.stringify(launch.body));
  const d = launch.body;
  t.is(d.kind, 'scorm12');
  t.is(d.attemptNumber, 1);
  t.is(d.launchMethod, 'iframe');
  t.is(d.scorm.standard, '1.2');
  t.is(d.scorm.session.entry, 'ab-initio');
  t.is(d.scorm.session.cmi.core.student_name, 'Employee, Eve');
  t.is(d.scorm.session.cmi.core.lesson_status, 'not attempted');
  t.is(d.scorm.session.cmi.student_data.mastery_score, '80');
  t.true(d.url.startsWith(`${app.contentUrl}/bridge/`), d.url);
  t.regex(d.registration, /^[0-9a-f-]{36}$/);
  const commitUrl = d.scorm.commitUrl as string;
  const sessionId = d.scorm.session.sessionId as string;

  // Bad data is refused naming the element, and nothing is stored.
  const badStatus = await eve.request('POST', commitUrl, { sessionId, seq: 1, cmi: cmi12({ lesson_status: 'done' }) });
  t.is(badStatus.status, 400);
  t.is(badStatus.body.error.field, 'cmi.core.lesson_status');
  const tooLong = await eve.request('POST', commitUrl, { sessionId, seq: 1, cmi: cmi12({}, { suspend_data: 'x'.repeat(4097) }) });
  t.is(tooLong.status, 400);
  t.is(tooLong.body.error.field, 'cmi.suspend_data');
  const badScore = await eve.request('POST', commitUrl, { sessionId, seq: 1, cmi: cmi12({ score: { raw: '120' } }) });
  t.is(badScore.body.error.field, 'cmi.core.score.raw');
  const unknown = await eve.request('POST', commitUrl, { sessionId, seq: 1, cmi: cmi12({ favourite_colour: 'blue' }) });
  t.is(unknown.status, 400);
  t.is(unknown.body.error.field, 'cmi.core');
  t.regex(unknown.body.error.message, /favourite_colour/);
  const badInteraction = await eve.request('POST', commitUrl, { sessionId, seq: 1, cmi: cmi12({}, { interactions: { 0: { id: 'q1', type: 'essay' } } }) });
  t.is(badInteraction.body.error.field, 'cmi.interactions.0.type');
  const noCsrf = await eve.request('POST', commitUrl, { sessionId, seq: 1, cmi: cmi12({}) }, { 'x-csrf-token': '' });
  t.is(noCsrf.status, 403);
  const untouched = await eve.request('GET', `/api/attempts/${d.attemptId}`);
  t.deepEqual(untouched.body.scos[0].cmi, {}, 'nothing half-written');

  // Progress, then the same commit again (a retry): applied once.
  const progress = { sessionId, seq: 1, cmi: cmi12({ lesson_location: 'page-3' }, { suspend_data: '{"p":3}' }) };
  t.is((await eve.request('POST', commitUrl, progress)).body.duplicate, false);
  t.is((await eve.request('POST', commitUrl, progress)).body.duplicate, true);
  const leave = await eve.request('POST', commitUrl, {
    sessionId,
    seq: 2,
    terminated: true,
    cmi: cmi12({ lesson_location: 'page-3', exit: 'suspend', session_time: '00:01:30' }, { suspend_data: '{"p":3}' }),
  });
  t.is(leave.status, 200, JSON.stringify(leave.body));

  const other = await signIn('sam@example.com');
  t.is((await other.request('GET', `/api/attempts/${d.attemptId}`)).status, 404, "someone else's attempt is not found");
  t.is((await other.request('POST', commitUrl, { sessionId, seq: 3, cmi: cmi12({}) })).status, 404);

  // Relaunch: the same attempt, resumed where the learner left.
  const again = (await eve.request('POST', '/api/launches', { packageId: samples.scorm12 })).body;
  t.is(again.attemptId, d.attemptId);
  t.is(again.scorm.session.entry, 'resume');
  t.is(again.scorm.session.cmi.core.lesson_location, 'page-3');
  t.is(again.scorm.session.cmi.suspend_data, '{"p":3}');
  t.is(again.scorm.session.cmi.core.total_time, '0000:01:30.00');
  t.is((await eve.request('GET', '/api/courses')).body.items.find((c: any) => c.packageId === samples.scorm12).status, 'in_progress');

  const interactions = Object.fromEntries(
    ['b', 'c', 'a', 'b', 'a'].map((given, i) => [
      String(i),
      { id: `data-security-q${i + 1}`, type: 'choice', student_response: given, result: i < 4 ? 'correct' : 'wrong', correct_responses: { 0: { pattern: i < 4 ? given : 'c' } } },
    ]),
  );
  const pass = await eve.request('POST', commitUrl.replace(d.attemptId, again.attemptId), {
    sessionId: again.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    cmi: cmi12({ lesson_status: 'passed', exit: '', session_time: '00:02:00', score: { raw: '80', min: '0', max: '100' } }, { interactions, suspend_data: '{"p":5}' }),
  });
  t.is(pass.status, 200, JSON.stringify(pass.body));
  t.is(pass.body.completion, 'completed');
  t.is(pass.body.success, 'passed');

  const attempt = (await eve.request('GET', `/api/attempts/${d.attemptId}`)).body;
  t.is(attempt.scos[0].totalSeconds, 210, 'session times add up');
  t.is(Object.keys(attempt.scos[0].cmi.interactions).length, 5);
  t.is(attempt.scos[0].cmi.core.score.raw, '80');
  t.is(attempt.pendingStatements, 0);
  const course = (await eve.request('GET', '/api/courses')).body.items.find((c: any) => c.packageId === samples.scorm12);
  t.is(course.status, 'passed');
  t.is(course.scoreScaled, 0.8);

  // The statements: all under the attempt's registration, the SCO's activity within the course.
  const homePage = app.runtime.config.publicUrl;
  const courseId = packageActivityId({ kind: 'scorm12', identity: 'scorm:com.example.hrlms.data-security' }, homePage);
  const scoId = scoActivityId(courseId, 'ITEM-DATA-SECURITY');
  const stmts = await lrs.statements({ registration: d.registration });
  const verbs = stmts.map((s) => `${s.verb.display['en-US']}${s.object.id === courseId ? '(course)' : ''}`);
  t.deepEqual(verbs, [
    'launched',
    'initialized',
    'progressed',
    'suspended',
    'terminated',
    'launched',
    'resumed',
    'answered',
    'answered',
    'answered',
    'answered',
    'answered',
    'completed',
    'passed',
    'terminated',
    'completed(course)',
    'passed(course)',
  ]);
  t.true(stmts.every((s) => s.actor.account.name === attempt.userId && s.actor.account.homePage === homePage));
  const passed = stmts.find((s) => s.verb.id === VERBS.passed && s.object.id === scoId);
  t.deepEqual(passed.result.score, { scaled: 0.8, raw: 80, min: 0, max: 100 });
  t.is(passed.context.contextActivities.parent[0].id, courseId);
  const wrong = stmts.filter((s) => s.verb.id === VERBS.answered)[4];
  t.is(wrong.result.success, false);
  t.deepEqual(wrong.object.definition.correctResponsesPattern, ['c']);
  const coursePassed = stmts.find((s) => s.verb.id === VERBS.passed && s.object.id === courseId);
  t.is(coursePassed.result.score.scaled, 0.8);

  // Done: the next launch starts attempt 2 from the beginning.
  const third = (await eve.request('POST', '/api/launches', { packageId: samples.scorm12 })).body;
  t.not(third.attemptId, d.attemptId);
  t.is(third.attemptNumber, 2);
  t.is(third.scorm.session.entry, 'ab-initio');
  t.is(third.scorm.session.cmi.suspend_data, undefined);
  t.not(third.registration, d.registration);
});

test.serial('cmi5 packages are launched by the cmi5 launcher (server/launch/cmi5); bad launch input is 400', async (t) => {
  const eve = await signIn('eve@example.com');
  const cmi5 = await eve.request('POST', '/api/launches', { packageId: samples.cmi5 });
  t.is(cmi5.status, 201);
  t.is(cmi5.body.kind, 'cmi5');
  t.truthy(new URL(cmi5.body.url).searchParams.get('fetch'), 'a cmi5 launch URL');
  const bad = await eve.request('POST', '/api/launches', { packageId: 'nope' });
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'packageId');
  const missing = await eve.request('POST', '/api/launches', { packageId: samples.scorm12, itemId: 'NO-SUCH-ITEM' });
  t.is(missing.status, 400);
  t.is(missing.body.error.field, 'itemId');
});

test.serial('content is served on its own origin by capability URL: headers, refusals, expiry', async (t) => {
  const eve = await signIn('eve@example.com');
  const d = (await eve.request('POST', '/api/launches', { packageId: samples.scorm12 })).body;
  const plain = new HttpClient('');
  const bridge = await plain.request('GET', d.url);
  t.is(bridge.status, 200);
  t.regex(bridge.headers.get('content-security-policy') ?? '', new RegExp(`frame-ancestors ${app.url.replace(/\./g, '\\.')}`));
  t.regex(String(bridge.body), /scorm-bridge\.js/);
  const token = new URL(d.url).pathname.split('/')[2]!;
  const sco = await plain.request('GET', `${app.contentUrl}/c/${token}/index.html`);
  t.is(sco.status, 200);
  t.regex(sco.headers.get('content-type') ?? '', /text\/html/);
  t.is(sco.headers.get('cross-origin-resource-policy'), 'same-origin');
  t.is(sco.headers.get('referrer-policy'), 'no-referrer');
  t.regex(sco.headers.get('content-security-policy') ?? '', /frame-ancestors 'self' http:\/\/127\.0\.0\.1:\d+/);
  t.is(sco.headers.get('x-content-type-options'), 'nosniff');
  t.is(sco.headers.get('set-cookie'), null);
  const ranged = await plain.request('GET', `${app.contentUrl}/c/${token}/sco.js`, undefined, { range: 'bytes=0-1' });
  t.is(ranged.status, 206);
  t.regex(ranged.headers.get('content-type') ?? '', /javascript/);

  const [payload, signature] = token.split('.');
  const forged = `${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
  t.is((await plain.request('GET', `${app.contentUrl}/c/${forged}/index.html`)).status, 404, 'a forged token finds nothing');
  t.is((await plain.request('GET', `${app.contentUrl}/c/garbage/index.html`)).status, 404);
  const grant = { packageId: samples.scorm12, version: 1, registration: d.registration };
  const expired = app.runtime.services.contentUrls.tokenFor(grant, -1000);
  const old = await plain.request('GET', `${app.contentUrl}/c/${expired}/index.html`);
  t.is(old.status, 403);
  t.is(old.body.error.code, 'content_url_expired');
  t.is((await plain.request('GET', `${app.contentUrl}/c/${token}/../../../etc/passwd`)).status, 404);
  t.is((await plain.request('POST', `${app.contentUrl}/c/${token}/index.html`)).status, 405);
  t.is((await plain.request('GET', `${d.url.split('?')[0]}?launch=..%2F..%2Fsecret`)).status, 400);
  // The LMS origin lets its pages frame only itself and the content origin.
  const page = await plain.request('GET', `${app.url}/`, undefined, { accept: 'text/html' });
  t.regex(page.headers.get('content-security-policy') ?? '', new RegExp(`frame-src 'self' ${app.contentUrl.replace(/\./g, '\\.')}`));
});
