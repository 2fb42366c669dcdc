/**
 * "Real-world packages play": cases real content hits that the samples do not.
 * - A SCORM 2004 course whose activities all have objectiveMeasureWeight="0" has no
 *   rolled-up score: none on the attempt, the course statements or the Courses list.
 * - A finished attempt stays finished: the next launch starts a new attempt even when a
 *   SCO's last exit was `suspend`; a passed attempt is not turned into failed afterwards.
 * - Asset-only courses (no run-time API calls): opening an asset completes it, and the
 *   course completes when every asset has been opened (SCORM 1.2 and 2004).
 */
import test from 'ava';
import { packageActivityId, VERBS } from '../../server/learning-record/identity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { lrsReader } from '../helpers/lrs-reader.js';
import { loadSamples, type LoadedSamples } from '../helpers/samples.js';
import { uploadPackage } from '../helpers/package-upload.js';

let app: TestApp;
let samples: LoadedSamples;
const password = 'a long enough passphrase';

test.before(async () => {
  app = await startTestApp();
  await app.createUser({ email: 'author@example.com', password, name: 'Ava Author', roles: ['author'] });
  for (const who of ['wes', 'tia', 'ana', 'bo']) await app.createUser({ email: `${who}@example.com`, password, name: `${who} Learner`, roles: ['employee'] });
  samples = await loadSamples(app, { email: 'author@example.com', password });
});
test.after.always(() => app?.close());

async function signIn(email: string): Promise<HttpClient> {
  const c = new HttpClient(app.url);
  await c.login(email, password);
  return c;
}

async function uploadZip(files: Record<string, string>): Promise<string> {
  return uploadPackage(await signIn('author@example.com'), files);
}

const page = '<!doctype html><title>page</title><p>Read me.</p>';
const courseOf = async (c: HttpClient, packageId: string) => (await c.request('GET', '/api/courses')).body.items.find((i: any) => i.packageId === packageId);

const NO_WEIGHT = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.no-weight" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>No weight</title>
      <item identifier="A" identifierref="R-A"><title>Part A</title>
        <imsss:sequencing><imsss:rollupRules objectiveMeasureWeight="0"/></imsss:sequencing></item>
      <item identifier="B" identifierref="R-B"><title>Part B</title>
        <imsss:sequencing><imsss:rollupRules objectiveMeasureWeight="0"/></imsss:sequencing></item>
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/><imsss:rollupRules objectiveMeasureWeight="0"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R-A" type="webcontent" adlcp:scormType="sco" href="a.html"><file href="a.html"/></resource>
    <resource identifier="R-B" type="webcontent" adlcp:scormType="sco" href="b.html"><file href="b.html"/></resource>
  </resources>
</manifest>`;

test.serial('no objective measure weight anywhere: the course has no score (attempt, statements, Courses list)', async (t) => {
  const packageId = await uploadZip({ 'imsmanifest.xml': NO_WEIGHT, 'a.html': page, 'b.html': page });
  const wes = await signIn('wes@example.com');
  const d = (await wes.request('POST', '/api/launches', { packageId })).body;
  t.is(d.scorm.session.itemId, 'A');
  const a = await wes.request('POST', d.scorm.commitUrl, {
    sessionId: d.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    navRequest: 'continue',
    cmi: { completion_status: 'completed', success_status: 'passed', score: { scaled: '0.9' }, exit: 'normal', session_time: 'PT1M' },
  });
  t.deepEqual(a.body.next, { kind: 'deliver', itemId: 'B' });
  const b = (await wes.request('POST', `/api/attempts/${d.attemptId}/sessions`, {})).body;
  const done = await wes.request('POST', d.scorm.commitUrl, {
    sessionId: b.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    navRequest: 'exitAll',
    cmi: { completion_status: 'completed', success_status: 'passed', score: { scaled: '0.7' }, exit: 'normal', session_time: 'PT1M' },
  });
  t.is(done.body.completion, 'completed');
  t.is(done.body.success, 'passed');
  const attempt = (await wes.request('GET', `/api/attempts/${d.attemptId}`)).body;
  t.is(attempt.scoreScaled, undefined, 'no measure rolled up: no course score');
  const course = await courseOf(wes, packageId);
  t.is(course.status, 'passed');
  t.false('scoreScaled' in course, 'the Courses list shows no score');
  const courseId = packageActivityId({ kind: 'scorm2004', identity: 'scorm:com.example.no-weight' }, app.runtime.config.publicUrl);
  const stmts = (await lrsReader(app).then((r) => r.statements({ registration: attempt.registration }))).filter((s) => s.object.id === courseId);
  t.deepEqual(stmts.map((s) => s.verb.id), [VERBS.completed, VERBS.passed]);
  t.true(stmts.every((s) => s.result.score === undefined), 'course statements carry no score');
});

test.serial('take again after a pass whose SCO exited with suspend: a new attempt; the passed one stays passed', async (t) => {
  const tia = await signIn('tia@example.com');
  const d = (await tia.request('POST', '/api/launches', { packageId: samples.scorm2004 })).body;
  const sessions = `/api/attempts/${d.attemptId}/sessions`;
  const read = await tia.request('POST', d.scorm.commitUrl, {
    sessionId: d.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    navRequest: 'continue',
    cmi: { completion_status: 'completed', success_status: 'passed', exit: 'normal', session_time: 'PT1M' },
  });
  t.deepEqual(read.body.next, { kind: 'deliver', itemId: 'ITEM-QUIZ' });
  const quiz = (await tia.request('POST', sessions, {})).body;
  // Real content often sets exit=suspend on every unload, also when it is done.
  const pass = await tia.request('POST', d.scorm.commitUrl, {
    sessionId: quiz.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    cmi: { completion_status: 'completed', score: { scaled: '0.9' }, exit: 'suspend', session_time: 'PT2M' },
  });
  t.is(pass.body.success, 'passed');

  // Still inside the attempt (an open player tab): the quiz again, lower this time. The pass stands.
  const again = await tia.request('POST', sessions, { itemId: 'ITEM-QUIZ' });
  t.is(again.status, 201, JSON.stringify(again.body));
  const low = await tia.request('POST', d.scorm.commitUrl, {
    sessionId: again.body.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    cmi: { completion_status: 'completed', score: { scaled: '0.5' }, exit: 'suspend', session_time: 'PT2M' },
  });
  t.is(low.status, 200, JSON.stringify(low.body));
  t.is(low.body.success, 'passed', 'a passed attempt is not turned into failed');
  let first = (await tia.request('GET', `/api/attempts/${d.attemptId}`)).body;
  t.is(first.success, 'passed');
  t.is(first.scoreScaled, 0.9);
  t.is((await courseOf(tia, samples.scorm2004)).status, 'passed');

  // Take again: a fresh attempt from the start, whatever the last exit was.
  const next = (await tia.request('POST', '/api/launches', { packageId: samples.scorm2004 })).body;
  t.not(next.attemptId, d.attemptId);
  t.is(next.attemptNumber, 2);
  t.is(next.scorm.session.itemId, 'ITEM-READING');
  t.is(next.scorm.session.entry, 'ab-initio');

  // The finished attempt takes no more commits or sessions; its result is as it was.
  const late = await tia.request('POST', d.scorm.commitUrl, {
    sessionId: again.body.scorm.session.sessionId,
    seq: 2,
    terminated: true,
    cmi: { completion_status: 'completed', success_status: 'failed', score: { scaled: '0.1' }, exit: 'normal', session_time: 'PT2M' },
  });
  t.is(late.status, 409, JSON.stringify(late.body));
  t.is(late.body.error.code, 'attempt_closed');
  t.is((await tia.request('POST', sessions, { itemId: 'ITEM-QUIZ' })).status, 409);
  first = (await tia.request('GET', `/api/attempts/${d.attemptId}`)).body;
  t.is(first.success, 'passed');
  t.is(first.scoreScaled, 0.9);
});

test.serial('SCORM 1.2 take again after lesson_status passed with exit suspend starts attempt 2', async (t) => {
  const bo = await signIn('bo@example.com');
  const d = (await bo.request('POST', '/api/launches', { packageId: samples.scorm12 })).body;
  const pass = await bo.request('POST', d.scorm.commitUrl, {
    sessionId: d.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    cmi: { core: { lesson_status: 'passed', exit: 'suspend', session_time: '00:01:00', score: { raw: '90', min: '0', max: '100' } }, suspend_data: 'end' },
  });
  t.is(pass.body.success, 'passed');
  const next = (await bo.request('POST', '/api/launches', { packageId: samples.scorm12 })).body;
  t.is(next.attemptNumber, 2);
  t.is(next.scorm.session.entry, 'ab-initio');
  t.is(next.scorm.session.cmi.suspend_data, undefined);
  const course = await courseOf(bo, samples.scorm12);
  t.is(course.status, 'passed', 'the pass counts while attempt 2 has not got anywhere');
  t.is(course.scoreScaled, 0.9);
});

const assetManifest12 = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.assets12" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG"><title>Assets 1.2</title>
      <item identifier="P1" identifierref="R1"><title>Page one</title></item>
      <item identifier="P2" identifierref="R2"><title>Page two</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R1" type="webcontent" adlcp:scormtype="asset" href="one.html"><file href="one.html"/></resource>
    <resource identifier="R2" type="webcontent" adlcp:scormtype="asset" href="two.html"><file href="two.html"/></resource>
  </resources>
</manifest>`;

const assetManifest2004 = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.assets2004" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG"><title>Assets 2004</title>
      <item identifier="P1" identifierref="R1"><title>Page one</title></item>
      <item identifier="P2" identifierref="R2"><title>Page two</title></item>
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R1" type="webcontent" adlcp:scormType="asset" href="one.html"><file href="one.html"/></resource>
    <resource identifier="R2" type="webcontent" adlcp:scormType="asset" href="two.html"><file href="two.html"/></resource>
  </resources>
</manifest>`;

const statusOf = (toc: any[], id: string) => toc.find((i) => i.itemId === id).completion;

for (const [standard, manifest] of [
  ['1.2', assetManifest12],
  ['2004', assetManifest2004],
] as const) {
  test.serial(`SCORM ${standard} asset-only course: opening each asset completes it, and then the course`, async (t) => {
    const packageId = await uploadZip({ 'imsmanifest.xml': manifest, 'one.html': page, 'two.html': page });
    const ana = await signIn('ana@example.com');
    const d = await ana.request('POST', '/api/launches', { packageId });
    t.is(d.status, 201, JSON.stringify(d.body));
    t.is(d.body.scorm.session.itemId, 'P1');
    t.is(statusOf(d.body.toc, 'P1'), 'completed', 'delivered asset is completed');
    t.is(statusOf(d.body.toc, 'P2'), 'not attempted');
    t.is((await courseOf(ana, packageId)).status, 'in_progress');
    const two = await ana.request('POST', `/api/attempts/${d.body.attemptId}/sessions`, standard === '1.2' ? { itemId: 'P2' } : { request: 'continue' });
    t.is(two.status, 201, JSON.stringify(two.body));
    t.is(two.body.scorm.session.itemId, 'P2');
    t.is(statusOf(two.body.toc, 'P2'), 'completed');
    const attempt = (await ana.request('GET', `/api/attempts/${d.body.attemptId}`)).body;
    t.is(attempt.completion, 'completed');
    // 2004: the SN book's default objectiveSetByContent="false" has the LMS satisfy the activities too.
    t.is((await courseOf(ana, packageId)).status, standard === '1.2' ? 'completed' : 'passed');
    const courseId = packageActivityId({ kind: standard === '1.2' ? 'scorm12' : 'scorm2004', identity: `scorm:com.example.assets${standard.replace('.', '')}` }, app.runtime.config.publicUrl);
    const stmts = await lrsReader(app).then((r) => r.statements({ registration: attempt.registration }));
    t.true(stmts.some((s) => s.object.id === courseId && s.verb.id === VERBS.completed), 'course completed statement');
  });
}
