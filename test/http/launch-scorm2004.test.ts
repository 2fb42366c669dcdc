/**
 * SCORM 2004 sequencing over HTTP with the Code of Conduct sample (a reading SCO whose
 * satisfied objective, written to a global objective, unlocks the quiz by a
 * precondition rule): the server's engine decides what is delivered, refuses a choice
 * the rules disable (409 naming the item, nothing written), ends SCO attempts from the
 * terminate commit, follows the SCO's navigation requests, resumes a suspended attempt,
 * and takes the course's status from the rolled-up root, as the statements show.
 */
import test from 'ava';
import { packageActivityId, VERBS } from '../../server/learning-record/identity.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { uploadPackage } from '../helpers/package-upload.js';
import { lrsReader } from '../helpers/lrs-reader.js';
import { loadSamples, type LoadedSamples } from '../helpers/samples.js';

let app: TestApp;
let samples: LoadedSamples;
const password = 'a long enough passphrase';

test.before(async () => {
  app = await startTestApp();
  await app.createUser({ email: 'author@example.com', password, name: 'Ava Author', roles: ['author'] });
  await app.createUser({ email: 'eve@example.com', password, name: 'Eve Employee', roles: ['employee'] });
  await app.createUser({ email: 'max@example.com', password, name: 'Max Closer', roles: ['employee'] });
  samples = await loadSamples(app, { email: 'author@example.com', password });
});
test.after.always(() => app?.close());

async function signIn(email: string): Promise<HttpClient> {
  const c = new HttpClient(app.url);
  await c.login(email, password);
  return c;
}

const available = (toc: any[], itemId: string) => toc.find((i) => i.itemId === itemId).available;

test.serial('the sequencing rules decide: the quiz stays locked until the reading is satisfied, then continue opens it', async (t) => {
  const eve = await signIn('eve@example.com');
  const launch = await eve.request('POST', '/api/launches', { packageId: samples.scorm2004 });
  t.is(launch.status, 201, JSON.stringify(launch.body));
  const d = launch.body;
  t.is(d.scorm.session.itemId, 'ITEM-READING', 'start delivers the first activity');
  t.true(available(d.toc, 'ITEM-READING'));
  t.false(available(d.toc, 'ITEM-QUIZ'), 'the precondition disables the quiz');
  // adl.nav.request_valid.jump too: a jump bypasses control modes, not the quiz's disabled precondition.
  t.deepEqual(d.navigation, { continue: true, previous: false, jump: { 'ITEM-READING': true, 'ITEM-QUIZ': false } });
  const commitUrl = d.scorm.commitUrl as string;
  const sessions = `/api/attempts/${d.attemptId}/sessions`;

  // Choosing the quiz now is refused, naming it, and nothing is opened.
  const refused = await eve.request('POST', sessions, { itemId: 'ITEM-QUIZ' });
  t.is(refused.status, 409, JSON.stringify(refused.body));
  t.is(refused.body.error.code, 'sequencing_refused');
  t.is(refused.body.error.field, 'itemId');
  t.regex(refused.body.error.message, /ITEM-QUIZ.*not available/);
  const unknownItem = await eve.request('POST', sessions, { itemId: 'ITEM-NOPE' });
  t.is(unknownItem.status, 400);
  t.is(unknownItem.body.error.field, 'itemId');
  const badRequest = await eve.request('POST', sessions, { request: 'sideways' });
  t.is(badRequest.status, 400);
  t.is(badRequest.body.error.field, 'request');

  // The reading SCO suspends itself (suspendAll): the sequencing session ends, resumable.
  const sessionId = d.scorm.session.sessionId;
  const suspend = await eve.request('POST', commitUrl, {
    sessionId,
    seq: 1,
    terminated: true,
    navRequest: 'suspendAll',
    cmi: { completion_status: 'incomplete', location: '2', suspend_data: '{"s":2}', exit: 'suspend', session_time: 'PT1M' },
  });
  t.is(suspend.status, 200, JSON.stringify(suspend.body));
  t.deepEqual(suspend.body.next, { kind: 'ended', reason: 'suspend_all' });
  let attempt = (await eve.request('GET', `/api/attempts/${d.attemptId}`)).body;
  t.is(attempt.sessions.length, 1, 'the refused choice opened no session');
  t.not(attempt.completion, 'completed');

  // Relaunch: resumeAll brings back the suspended reading SCO.
  const again = (await eve.request('POST', '/api/launches', { packageId: samples.scorm2004 })).body;
  t.is(again.attemptId, d.attemptId);
  t.is(again.scorm.session.itemId, 'ITEM-READING');
  t.is(again.scorm.session.entry, 'resume');
  t.is(again.scorm.session.cmi.location, '2');

  // The reading is satisfied and asks to continue: the engine delivers the quiz next.
  const read = await eve.request('POST', commitUrl, {
    sessionId: again.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    navRequest: 'continue',
    cmi: { completion_status: 'completed', success_status: 'passed', location: '3', exit: 'normal', session_time: 'PT2M' },
  });
  t.is(read.status, 200, JSON.stringify(read.body));
  t.deepEqual(read.body.next, { kind: 'deliver', itemId: 'ITEM-QUIZ' });
  t.true(available(read.body.toc, 'ITEM-QUIZ'), 'the global objective the reading wrote unlocks the quiz');

  const quiz = await eve.request('POST', sessions, {});
  t.is(quiz.status, 201, JSON.stringify(quiz.body));
  t.is(quiz.body.scorm.session.itemId, 'ITEM-QUIZ');
  t.deepEqual(quiz.body.navigation, { continue: true, previous: true, jump: { 'ITEM-READING': true, 'ITEM-QUIZ': true } });

  // Below the quiz's minimum normalized measure (0.8): complete, not passed; no next SCO requested.
  const low = await eve.request('POST', commitUrl, {
    sessionId: quiz.body.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    cmi: { completion_status: 'completed', score: { scaled: '0.5' }, exit: 'normal', session_time: 'PT3M' },
  });
  t.deepEqual(low.body.next, { kind: 'none' });
  t.is(low.body.completion, 'completed');
  t.is(low.body.success, 'failed');
  const nothingPending = await eve.request('POST', sessions, {});
  t.is(nothingPending.status, 200);
  t.is(nothingPending.body.ended, 'none');

  // The learner goes back (previous), then the reading chooses the quiz for a second try.
  const back = await eve.request('POST', sessions, { request: 'previous' });
  t.is(back.status, 201, JSON.stringify(back.body));
  t.is(back.body.scorm.session.itemId, 'ITEM-READING');
  const toQuiz = await eve.request('POST', commitUrl, {
    sessionId: back.body.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    navRequest: '{target=ITEM-QUIZ}choice',
    cmi: { completion_status: 'completed', success_status: 'passed', exit: 'normal', session_time: 'PT10S' },
  });
  t.deepEqual(toQuiz.body.next, { kind: 'deliver', itemId: 'ITEM-QUIZ' });
  const retry = (await eve.request('POST', sessions, {})).body;
  t.is(retry.scorm.session.itemId, 'ITEM-QUIZ');
  const pass = await eve.request('POST', commitUrl, {
    sessionId: retry.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    navRequest: 'exitAll',
    cmi: { completion_status: 'completed', score: { scaled: '0.9' }, exit: 'normal', session_time: 'PT2M' },
  });
  t.deepEqual(pass.body.next, { kind: 'ended', reason: 'exit_all' });
  t.is(pass.body.completion, 'completed');
  t.is(pass.body.success, 'passed');
  attempt = (await eve.request('GET', `/api/attempts/${d.attemptId}`)).body;
  t.is(attempt.scoreScaled, 0.9);

  const stmts = await lrsReader(app).then((r) => r.statements({ registration: attempt.registration }));
  const courseId = packageActivityId({ kind: 'scorm2004', identity: 'scorm:com.example.hrlms.code-of-conduct' }, app.runtime.config.publicUrl);
  t.deepEqual(
    stmts.filter((s) => s.object.id === courseId).map((s) => s.verb.id),
    [VERBS.completed, VERBS.failed, VERBS.passed],
    'the course statements follow the rolled-up root: completed and failed on the low score, passed on the retry',
  );
});

test.serial('a session that never ended (the browser closed) is ended as suspended when the learner comes back', async (t) => {
  const max = await signIn('max@example.com');
  const first = (await max.request('POST', '/api/launches', { packageId: samples.scorm2004 })).body;
  t.is(first.scorm.session.itemId, 'ITEM-READING');
  // Progress is committed, but no terminate ever arrives.
  const progress = await max.request('POST', first.scorm.commitUrl, {
    sessionId: first.scorm.session.sessionId,
    seq: 1,
    cmi: { completion_status: 'incomplete', location: '3', suspend_data: '{"s":3}', session_time: 'PT40S' },
  });
  t.is(progress.status, 200);
  t.deepEqual(progress.body.next, { kind: 'none' }, 'a commit without terminate moves nothing');

  const relaunch = await max.request('POST', '/api/launches', { packageId: samples.scorm2004 });
  t.is(relaunch.status, 201, JSON.stringify(relaunch.body));
  const back = relaunch.body;
  t.is(back.attemptId, first.attemptId);
  t.is(back.scorm.session.itemId, 'ITEM-READING');
  t.is(back.scorm.session.entry, 'resume');
  t.is(back.scorm.session.cmi.location, '3');
  const attempt = (await max.request('GET', `/api/attempts/${first.attemptId}`)).body;
  t.true(attempt.sessions[0].terminated, 'the stale session is closed');

  // A late terminate from the stale session changes nothing in the sequencing.
  const late = await max.request('POST', first.scorm.commitUrl, {
    sessionId: first.scorm.session.sessionId,
    seq: 2,
    terminated: true,
    navRequest: 'continue',
    cmi: { completion_status: 'completed', success_status: 'passed', exit: 'normal', session_time: 'PT50S' },
  });
  t.is(late.status, 200);
  t.deepEqual(late.body.next, { kind: 'none' });
  t.false(available(late.body.toc, 'ITEM-QUIZ'));
});

/** A 2004 package whose root does not flow (choice only), its second SCO hidden from choice until the first is completed. */
const CHOICE_ONLY = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.choice-only" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>Choice only</title>
      <item identifier="A" identifierref="R-A"><title>Part A</title></item>
      <item identifier="B" identifierref="R-B">
        <title>Part B</title>
        <imsss:sequencing>
          <imsss:sequencingRules>
            <imsss:preConditionRule>
              <imsss:ruleConditions conditionCombination="any">
                <imsss:ruleCondition referencedObjective="a-done" operator="not" condition="satisfied"/>
                <imsss:ruleCondition referencedObjective="a-done" operator="not" condition="objectiveStatusKnown"/>
              </imsss:ruleConditions>
              <imsss:ruleAction action="hiddenFromChoice"/>
            </imsss:preConditionRule>
          </imsss:sequencingRules>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="b"/>
            <imsss:objective objectiveID="a-done"><imsss:mapInfo targetObjectiveID="com.example.choice-only.a" readSatisfiedStatus="true"/></imsss:objective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
      <imsss:sequencing><imsss:controlMode choice="true" flow="false"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R-A" type="webcontent" adlcp:scormType="sco" href="a.html"><file href="a.html"/></resource>
    <resource identifier="R-B" type="webcontent" adlcp:scormType="sco" href="b.html"><file href="b.html"/></resource>
  </resources>
</manifest>`.replace('<item identifier="A" identifierref="R-A"><title>Part A</title></item>', `<item identifier="A" identifierref="R-A"><title>Part A</title>
        <imsss:sequencing><imsss:objectives><imsss:primaryObjective objectiveID="a">
          <imsss:mapInfo targetObjectiveID="com.example.choice-only.a" writeSatisfiedStatus="true"/></imsss:primaryObjective></imsss:objectives></imsss:sequencing></item>`);

const uploadZip = uploadPackage;

test.serial('a course that does not flow starts at the first activity a choice allows; continue is refused, choice is not', async (t) => {
  const authorClient = await signIn('author@example.com');
  const page = '<!doctype html><title>part</title>';
  const packageId = await uploadZip(authorClient, { 'imsmanifest.xml': CHOICE_ONLY, 'a.html': page, 'b.html': page });
  const eve = await signIn('eve@example.com');
  const launch = await eve.request('POST', '/api/launches', { packageId });
  t.is(launch.status, 201, JSON.stringify(launch.body));
  t.is(launch.body.scorm.session.itemId, 'A', 'start by flow is refused (flow="false"), so the first choosable part opens');
  t.deepEqual(launch.body.navigation, { continue: false, previous: false, jump: { A: true, B: true } }, 'a jump ignores flow off');
  const sessions = `/api/attempts/${launch.body.attemptId}/sessions`;
  const hidden = await eve.request('POST', sessions, { itemId: 'B' });
  t.is(hidden.status, 409, 'B is hidden from choice until A is satisfied');
  t.is(hidden.body.error.field, 'itemId');
  const ended = await eve.request('POST', launch.body.scorm.commitUrl, {
    sessionId: launch.body.scorm.session.sessionId,
    seq: 1,
    terminated: true,
    cmi: { completion_status: 'completed', success_status: 'passed', exit: 'normal', session_time: 'PT30S' },
  });
  t.true(available(ended.body.toc, 'B'), "A's objective reaches B through the global map");
  const cont = await eve.request('POST', sessions, { request: 'continue' });
  t.is(cont.status, 409, 'no flow: continue is refused');
  t.is(cont.body.error.field, 'request');
  const b = await eve.request('POST', sessions, { itemId: 'B' });
  t.is(b.status, 201, JSON.stringify(b.body));
  t.is(b.body.scorm.session.itemId, 'B');
});

test.serial('unload commits by sendBeacon: the CSRF token rides in the body; a missing or wrong one is refused and nothing is stored', async (t) => {
  const max = await signIn('max@example.com');
  const d = (await max.request('POST', '/api/launches', { packageId: samples.scorm2004 })).body;
  const beaconUrl = `${d.scorm.commitUrl}/beacon`;
  const commit = { sessionId: d.scorm.session.sessionId, seq: 10, cmi: { completion_status: 'incomplete', location: 'beacon-page', session_time: 'PT5S' } };
  // A beacon sends no headers: the client's CSRF header is blanked to be sure it is not what passes.
  const noToken = await max.request('POST', beaconUrl, commit, { 'x-csrf-token': '' });
  t.is(noToken.status, 403, JSON.stringify(noToken.body));
  const wrong = await max.request('POST', beaconUrl, { ...commit, csrfToken: 'x'.repeat(max.csrfToken!.length) }, { 'x-csrf-token': '' });
  t.is(wrong.status, 403);
  const sco = async () => (await max.request('GET', `/api/attempts/${d.attemptId}`)).body.scos.find((s: any) => s.itemId === d.scorm.session.itemId);
  t.not((await sco()).cmi.location, 'beacon-page', 'refused beacons store nothing');
  const ok = await max.request('POST', beaconUrl, { ...commit, csrfToken: max.csrfToken }, { 'x-csrf-token': '' });
  t.is(ok.status, 200, JSON.stringify(ok.body));
  t.is((await sco()).cmi.location, 'beacon-page');
  // Another session's token is not this session's.
  const other = await signIn('eve@example.com');
  const stolen = await max.request('POST', beaconUrl, { ...commit, seq: 11, csrfToken: other.csrfToken }, { 'x-csrf-token': '' });
  t.is(stolen.status, 403);
});

test.serial('adl.data over HTTP: a store written by one SCO reaches the next one’s launch; a store the SCO may not write is refused, naming it, nothing stored', async (t) => {
  const { sharedData } = await import('../fixtures/packages/sequencing.js');
  const author = await signIn('author@example.com');
  const packageId = await uploadPackage(author, sharedData.files);
  const max = await signIn('max@example.com');
  const d = (await max.request('POST', '/api/launches', { packageId })).body;
  t.deepEqual(d.scorm.session.sharedData, { maps: [{ targetID: 'com.example.notes', readSharedData: true, writeSharedData: true }], stores: {} });
  const base = { sessionId: d.scorm.session.sessionId, cmi: { completion_status: 'completed' } };
  const wrong = await max.request('POST', d.scorm.commitUrl, { ...base, seq: 1, adlData: { 'com.example.other': 'x' } });
  t.is(wrong.status, 400, JSON.stringify(wrong.body));
  t.is(wrong.body.error.field, 'adlData.com.example.other');
  t.is((await max.request('GET', `/api/attempts/${d.attemptId}`)).body.sharedData, undefined, 'nothing written');
  const ok = await max.request('POST', d.scorm.commitUrl, { ...base, seq: 2, terminated: true, navRequest: 'continue', adlData: { 'com.example.notes': 'chapter 2' } });
  t.is(ok.status, 200, JSON.stringify(ok.body));
  const next = (await max.request('POST', `/api/attempts/${d.attemptId}/sessions`, {})).body;
  t.is(next.scorm.session.itemId, 'REVIEW');
  t.deepEqual(next.scorm.session.sharedData.stores, { 'com.example.notes': 'chapter 2' });
  const readOnly = await max.request('POST', next.scorm.commitUrl, { sessionId: next.scorm.session.sessionId, seq: 1, cmi: {}, adlData: { 'com.example.notes': 'mine now' } });
  t.is(readOnly.status, 400, 'writeSharedData="false"');
  t.deepEqual((await max.request('GET', `/api/attempts/${d.attemptId}`)).body.sharedData, { 'com.example.notes': 'chapter 2' });
});

/** One attempt of the shared-data course: NOTES writes the store, REVIEW completes the course. */
async function sharedDataAttempt(c: HttpClient, packageId: string, note?: string) {
  const d = (await c.request('POST', '/api/launches', { packageId })).body;
  const first = d.scorm.session;
  const wrote = await c.request('POST', d.scorm.commitUrl, {
    sessionId: first.sessionId,
    seq: 1,
    terminated: true,
    navRequest: 'continue',
    cmi: { completion_status: 'completed' },
    ...(note ? { adlData: { 'com.example.notes': note } } : {}),
  });
  if (wrote.status !== 200) throw new Error(JSON.stringify(wrote.body));
  const review = (await c.request('POST', `/api/attempts/${d.attemptId}/sessions`, {})).body;
  const ended = await c.request('POST', review.scorm.commitUrl, { sessionId: review.scorm.session.sessionId, seq: 1, terminated: true, navRequest: 'exitAll', cmi: { completion_status: 'completed' } });
  if (ended.status !== 200) throw new Error(JSON.stringify(ended.body));
  return { attemptId: d.attemptId as string, firstStores: first.sharedData.stores as Record<string, string> };
}

test.serial('adl.data global to the system (the default): the next attempt of the learner finds the stores; sharedDataGlobalToSystem="false" starts each attempt empty; another learner never sees them', async (t) => {
  const { sharedData, sharedDataPerAttempt } = await import('../fixtures/packages/sequencing.js');
  const author = await signIn('author@example.com');
  const global = await uploadPackage(author, sharedData.files);
  const perAttempt = await uploadPackage(author, sharedDataPerAttempt.files);
  for (const [email, name] of [['ada@example.com', 'Ada Again'], ['kit@example.com', 'Kit Other']] as const) await app.createUser({ email, password, name, roles: ['employee'] });
  const ada = await signIn('ada@example.com');

  const one = await sharedDataAttempt(ada, global, 'kept for later');
  t.deepEqual(one.firstStores, {});
  t.is((await ada.request('GET', `/api/attempts/${one.attemptId}`)).body.completion, 'completed', 'the course is over: the next launch is a new attempt');
  const two = await sharedDataAttempt(ada, global);
  t.not(two.attemptId, one.attemptId);
  t.deepEqual(two.firstStores, { 'com.example.notes': 'kept for later' }, 'carried into the second attempt');
  const three = await sharedDataAttempt(ada, global, 'rewritten');
  t.deepEqual(three.firstStores, { 'com.example.notes': 'kept for later' }, 'still there after an attempt that wrote nothing');
  t.deepEqual((await sharedDataAttempt(ada, global)).firstStores, { 'com.example.notes': 'rewritten' }, 'the latest write wins');

  const scoped = await sharedDataAttempt(ada, perAttempt, 'this attempt only');
  t.deepEqual((await ada.request('GET', `/api/attempts/${scoped.attemptId}`)).body.sharedData, { 'com.example.notes': 'this attempt only' });
  const next = await sharedDataAttempt(ada, perAttempt);
  t.not(next.attemptId, scoped.attemptId);
  t.deepEqual(next.firstStores, {}, 'sharedDataGlobalToSystem="false": a new attempt starts without stores');

  t.deepEqual((await sharedDataAttempt(await signIn('kit@example.com'), global)).firstStores, {}, 'per learner');
});
