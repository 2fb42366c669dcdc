/**
 * The packaging and authoring-tool corpus (test/fixtures/packages/tools.ts) played in
 * Chromium, one browser for the file: launch URLs built from xml:base, subfolders, query
 * strings and parameters; Storyline's suspend-heavy single SCO that reports only on unload;
 * Rise (SCORM 1.2) that never reports a session time; Captivate's interactions and
 * objectives; iSpring looking up its manifest objectives; a Lectora / Elucidat multi-SCO
 * flow; and SCORM 1.2 prerequisites, mastery score, time limit and launch data.
 */
import test from 'ava';
import type { Browser, Page } from 'playwright-core';
import * as F from '../fixtures/packages/tools.js';
import type { Fixture } from '../fixtures/packages/manifest.js';
import type { ScoCall } from '../fixtures/packages/sco-page.js';
import type { TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { loadSamples } from '../helpers/samples.js';
import { saveScreenshot } from './helpers/browser.js';
import { activityTree, latestAttempt, openCorpusSession, playCourse, type CorpusSession, type Plan } from './helpers/corpus.js';
import { PASSWORD, withDiagnostics } from './helpers/player.js';

let app: TestApp;
let browser: Browser;
let page: Page;
let learner: HttpClient;
let pageErrors: string[];
let ids: Map<Fixture, string>;

let session: CorpusSession;
test.before(async () => {
  session = await openCorpusSession(Object.values(F));
  ({ app, browser, page, learner, pageErrors, ids } = session);
});
test.after.always(() => session?.close());

const get = (el: string): ScoCall => ['GetValue', el];
const set = (el: string, v: string): ScoCall => ['SetValue', el, v];
const get12 = (el: string): ScoCall => ['LMSGetValue', el];
const set12 = (el: string, v: string): ScoCall => ['LMSSetValue', el, v];
/** The learner stays a while before acting (so a session has a measurable length). */
const stay = (ms: number) => async (p: Page) => p.waitForTimeout(ms);

async function play(f: Fixture, plan: Plan) {
  let played!: Awaited<ReturnType<typeof playCourse>>;
  await withDiagnostics(page, f.name, async () => {
    played = await playCourse(page, f, ids.get(f)!, plan, app.url);
  });
  return { played, attempt: await latestAttempt(learner, ids.get(f)!) };
}

test.serial('packaging: xml:base and subfolders, href query plus parameters, the default of two organizations, a metadata file', async (t) => {
  const { played, attempt } = await play(F.packaging, {
    F1: [{ calls: [['Initialize'], set('cmi.completion_status', 'completed'), set('adl.nav.request', 'continue'), ['Terminate']] }],
    F2: [{ calls: [['Initialize'], set('cmi.completion_status', 'completed'), set('adl.nav.request', 'continue'), ['Terminate']] }],
  });
  t.deepEqual(played.delivered, ['F1', 'F2'], 'the default organization (the second) is the course');
  t.deepEqual(played.where, ['/content/module1/lessons/start.html?lang=en&page=2', '/content/module2/index.html#intro']);
  t.like(attempt, { completion: 'completed' });
});

test.serial('sub-manifest: the referencing item becomes a cluster of the sub-manifest’s items (flowing by its organization’s control mode), launched under its xml:base', async (t) => {
  const next: ScoCall[] = [['Initialize'], set('cmi.completion_status', 'completed'), set('adl.nav.request', 'continue'), ['Terminate']];
  const { played, attempt } = await play(F.subManifest, { INTRO: [{ calls: next }], 'SUB-A': [{ calls: next }], 'SUB-B': [{ calls: next }] });
  t.deepEqual(played.delivered, ['INTRO', 'SUB-A', 'SUB-B']);
  t.deepEqual(played.where, ['/intro.html', '/module/a.html', '/module/b.html']);
  t.like(await activityTree(F.subManifest, attempt.sequencing), { MODULE: 'completed/passed', ORG: 'completed/passed' });
  t.like(attempt, { completion: 'completed' });
});

test.serial('Storyline: suspend data and session time reported only on unload arrive when the learner closes; resume restores them', async (t) => {
  const suspendData = JSON.stringify({ v: 3, d: 'x'.repeat(6000) });
  const first = await play(F.storyline, {
    SL: [{ calls: [['Initialize'], get('cmi.entry'), set('cmi.location', 'slide-5'), set('cmi.suspend_data', suspendData), ['Commit']], check: stay(1500), then: 'close' }],
  });
  t.is(first.played.end, 'closed');
  t.is(first.played.answers[0]!.results[1], 'ab-initio');
  const second = await play(F.storyline, {
    SL: [{ calls: [['Initialize'], get('cmi.entry'), get('cmi.location'), get('cmi.suspend_data'), set('cmi.completion_status', 'completed'), set('cmi.success_status', 'passed'), set('cmi.score.scaled', '0.9'), set('cmi.exit', 'normal'), ['Terminate']] }],
  });
  // slide-6: the location the SCO set in its unload handler, so those calls reached the LMS.
  t.deepEqual(second.played.answers[0]!.results.slice(1, 4), ['resume', 'slide-6', suspendData]);
  const a = second.attempt;
  t.like(a, { completion: 'completed', success: 'passed', scoreScaled: 0.9 });
  t.true(a.sessions[0].seconds >= 1.4, `the first session's time came from the SCO's unload (${a.sessions[0].seconds} s)`);
  t.is(a.scos[0].cmi.exit, 'normal');
});

test.serial('Rise (SCORM 1.2): a SCO that never reports session time gets the time it was open; resume at its location', async (t) => {
  const first = await play(F.rise, {
    RISE: [{ calls: [['LMSInitialize'], set12('cmi.core.lesson_status', 'incomplete'), set12('cmi.core.lesson_location', 'lesson-2'), ['LMSCommit']], check: stay(1500), then: 'close' }],
  });
  t.is(first.played.end, 'closed');
  const second = await play(F.rise, {
    RISE: [{ calls: [['LMSInitialize'], get12('cmi.core.entry'), get12('cmi.core.lesson_location')], check: stay(800), more: [set12('cmi.core.lesson_status', 'completed'), ['LMSFinish']] }],
  });
  t.deepEqual(second.played.where, ['/scormcontent/index.html']);
  t.deepEqual(second.played.answers[0]!.results.slice(1, 3), ['resume', 'lesson-2']);
  const a = second.attempt;
  t.like(a, { completion: 'completed' });
  t.true(a.sessions[0].seconds >= 1.4, `measured by the LMS: ${a.sessions[0].seconds} s`);
  t.true(a.sessions[1].seconds >= 0.7, `the SCO ended its session itself, without a time: ${a.sessions[1].seconds} s`);
});

test.serial('Evolve (Adapt, SCORM 1.2): incomplete at start, passed with its raw score at the end', async (t) => {
  const { attempt } = await play(F.evolve, {
    EV: [
      {
        calls: [['LMSInitialize'], get12('cmi.core.lesson_status'), set12('cmi.core.lesson_status', 'incomplete'), set12('cmi.suspend_data', '{"_isCourseComplete":false}'), ['LMSCommit']],
        more: [set12('cmi.core.score.raw', '90'), set12('cmi.core.score.min', '0'), set12('cmi.core.score.max', '100'), set12('cmi.core.lesson_status', 'passed'), set12('cmi.core.exit', ''), ['LMSFinish']],
      },
    ],
  });
  // The LMSFinish commit is sent as the SCO closes: under load it may land after the course ends on screen.
  let final = attempt;
  for (let i = 0; i < 100 && final.completion !== 'completed'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    final = await latestAttempt(learner, ids.get(F.evolve)!);
  }
  t.like(final, { completion: 'completed', success: 'passed', scoreScaled: 0.9 });
  t.is(final.scos[0].cmi.suspend_data, '{"_isCourseComplete":false}');
});

test.serial('Captivate: interactions, an objective and the score of a one-SCO quiz', async (t) => {
  const { attempt } = await play(F.captivate, {
    CP: [
      {
        calls: [
          ['Initialize'],
          set('cmi.interactions.0.id', 'Slide8_Q1'), set('cmi.interactions.0.type', 'choice'), set('cmi.interactions.0.learner_response', 'b'), set('cmi.interactions.0.result', 'correct'),
          set('cmi.interactions.1.id', 'Slide9_Q2'), set('cmi.interactions.1.type', 'true-false'), set('cmi.interactions.1.learner_response', 'false'), set('cmi.interactions.1.result', 'incorrect'),
          set('cmi.objectives.0.id', 'Quiz_1'), set('cmi.objectives.0.score.scaled', '0.8'), set('cmi.objectives.0.success_status', 'passed'),
          set('cmi.score.raw', '80'), set('cmi.score.min', '0'), set('cmi.score.max', '100'), set('cmi.score.scaled', '0.8'),
          set('cmi.success_status', 'passed'), set('cmi.completion_status', 'completed'), set('cmi.exit', 'normal'),
          ['Terminate'],
        ],
      },
    ],
  });
  t.like(attempt, { completion: 'completed', success: 'passed', scoreScaled: 0.8 });
  t.is(Object.keys(attempt.scos[0].cmi.interactions).length, 2);
  t.is(attempt.scos[0].cmi.objectives[0].id, 'Quiz_1');
  t.like(await activityTree(F.captivate, attempt.sequencing), { CP: 'completed/passed@0.8', ORG: 'completed/passed@0.8' });
});

test.serial('iSpring: the SCO finds the objectives its manifest declares, and what it may do next', async (t) => {
  const { played, attempt } = await play(F.ispring, {
    IS: [
      {
        calls: [
          ['Initialize'],
          get('cmi.objectives._count'), get('cmi.objectives.0.id'), get('cmi.objectives.1.id'), get('cmi.objectives.2.id'),
          get('adl.nav.request_valid.continue'), get('adl.nav.request_valid.previous'), // no controlMode: flow is false (the book's default)
          set('cmi.objectives.1.success_status', 'passed'), set('cmi.objectives.1.score.scaled', '0.75'),
          set('cmi.completion_status', 'completed'), set('cmi.success_status', 'passed'),
          ['Terminate'],
        ],
      },
    ],
  });
  t.deepEqual(played.answers[0]!.results.slice(1, 7), ['3', 'ispring.primary', 'ispring.quiz1', 'ispring.quiz2', 'false', 'false']);
  t.like(attempt.scos[0].cmi.objectives[1], { id: 'ispring.quiz1', success_status: 'passed' });
  t.like(attempt, { completion: 'completed', success: 'passed' });
});

test.serial('Lectora / Elucidat: SCOs in chapter folders flow by their own requests; the last exits all', async (t) => {
  const chapter = (nav: string): ScoCall[] => [['Initialize'], set('cmi.completion_status', 'completed'), set('adl.nav.request', nav), ['Terminate']];
  const { played, attempt } = await play(F.multiSco, {
    CH1: [{ calls: chapter('continue') }],
    CH2: [{ calls: chapter('continue') }],
    CH3: [{ calls: chapter('exitAll') }],
  });
  t.deepEqual(played.delivered, ['CH1', 'CH2', 'CH3']);
  t.deepEqual(played.where, ['/ch1/a001index.html', '/ch2/a001index.html', '/ch3/a001index.html']);
  t.is(played.end, 'closed');
  t.like(attempt, { completion: 'completed' });
});

test.serial('SCORM 1.2: prerequisites lock lessons until met; mastery score decides a pass; time limit and launch data reach the SCO', async (t) => {
  const toc = (p: Page) => p.getByRole('navigation', { name: 'Course contents' });
  const { played, attempt } = await play(F.scorm12Extensions, {
    L1: [
      {
        calls: [['LMSInitialize'], set12('cmi.core.lesson_status', 'completed'), ['LMSFinish']],
        check: async (p) => {
          t.true(await toc(p).getByRole('button', { name: /^Lesson 3/ }).isDisabled(), 'Lesson 3 needs Lesson 1 and 2');
        },
        then: { choice: 'L2' },
      },
    ],
    L2: [{ calls: [['LMSInitialize'], get12('cmi.student_data.mastery_score'), set12('cmi.core.score.raw', '85'), ['LMSFinish']], then: { choice: 'L3' } }],
    L3: [
      {
        calls: [['LMSInitialize'], get12('cmi.launch_data'), get12('cmi.student_data.max_time_allowed'), get12('cmi.student_data.time_limit_action'), set12('cmi.core.lesson_status', 'completed'), ['LMSFinish']],
      },
    ],
  });
  await saveScreenshot(page, 'corpus-scorm12-ended');
  t.deepEqual(played.delivered, ['L1', 'L2', 'L3']);
  t.is(played.answers[1]!.results[1], '80');
  t.deepEqual(played.answers[2]!.results.slice(1, 4), ['chapter=3;mode=review', '00:30:00', 'exit,message']);
  t.like(attempt.scos.find((s: any) => s.itemId === 'L2'), { success: 'passed', completion: 'completed' });
  t.like(attempt, { completion: 'completed', success: 'passed' });
});

test.serial('SCORM 1.2: a locked lesson cannot be opened by asking the server directly', async (t) => {
  const fresh = new HttpClient(app.url);
  await app.createUser({ email: 'kim@example.com', password: PASSWORD, name: 'Kim Learner', roles: ['employee'] });
  await fresh.login('kim@example.com', PASSWORD);
  const res = await fresh.request('POST', '/api/launches', { packageId: ids.get(F.scorm12Extensions), itemId: 'L3' });
  t.is(res.status, 409);
  t.like(res.body.error, { code: 'sequencing_refused', field: 'itemId' });
  t.regex(JSON.stringify(res.body), /prerequisites/);
});

test.serial('cmi5 with two AUs: the player lists the parts and the learner picks one', async (t) => {
  const samples = await loadSamples(app, { email: 'author@example.com', password: PASSWORD });
  await page.goto(`${app.url}/#/courses`);
  await page.reload(); // the list as it is now, with the samples
  await page.locator(`li[data-package-id="${samples.cmi5}"]`).getByRole('link', { name: /^(Start|Resume|Take again)$/ }).click();
  const parts = page.getByRole('navigation', { name: 'Course parts' });
  await parts.waitFor();
  const buttons = parts.getByRole('button');
  t.is(await buttons.count(), 2);
  t.is(await buttons.nth(0).getAttribute('aria-current'), 'true', 'the first AU not yet satisfied is on screen');
  const [relaunch] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/launches') && r.request().method() === 'POST'), buttons.nth(1).click()]);
  const d = await relaunch.json();
  t.is(relaunch.status(), 201);
  t.is(d.itemId, d.parts[1].itemId, 'the chosen AU is launched');
  await page.frameLocator('iframe[title^="Course content"]').getByText('Connected. Your result is recorded.').waitFor();
  t.is(await buttons.nth(1).getAttribute('aria-current'), 'true');
  await saveScreenshot(page, 'corpus-cmi5-parts');
});

test.after('no page errors', () => {
  if (pageErrors.length) console.warn(pageErrors.join('\n'));
});
