/**
 * End to end in Chromium with the SCORM 1.2 sample (Data Security Essentials): an employee
 * opens Courses, starts the course (it runs on the content origin, the SCORM API crossing
 * origins), reads to page 3, closes, resumes there, passes the quiz, exits; a relaunch
 * starts a new attempt. Then the stored CMI data and the xAPI statements are checked.
 */
import test from 'ava';
import { VERBS } from '../../server/learning-record/identity.js';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { lrsReader } from '../helpers/lrs-reader.js';
import { loadSamples } from '../helpers/samples.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { PASSWORD, scoFrame, signInToCourses, withDiagnostics } from './helpers/player.js';

const password = PASSWORD;

test('SCORM 1.2: start, suspend, resume, pass, relaunch as a new attempt; CMI and statements stored', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'author@example.com', password, name: 'Ava Author', roles: ['author'] });
  const eve = await app.createUser({ email: 'eve@example.com', password, name: 'Eve Employee', roles: ['employee'] });
  const samples = await loadSamples(app, { email: 'author@example.com', password });

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = collectPageErrors(page);

  const course = page.locator(`li[data-package-id="${samples.scorm12}"]`);
  const sco = scoFrame(page);
  await withDiagnostics(page, 'scorm12', async () => {
    await signInToCourses(page, app.url, 'eve@example.com');
    t.regex(await course.innerText(), /Not started/);
    await course.getByRole('link', { name: 'Start' }).click();

    await sco.getByText(/^Welcome, Eve Employee\. Your progress is saved as you go\.$/).waitFor();
    await sco.getByRole('button', { name: 'Next' }).click();
    await sco.getByRole('button', { name: 'Next' }).click();
    await sco.getByRole('heading', { name: '3. Passwords, phishing and reporting' }).waitFor();
    await page.getByText('All progress saved.').waitFor();
    await saveScreenshot(page, 'player-scorm12-page3').then((f) => t.log(f));
    await page.getByRole('button', { name: 'Close course' }).click();
    await page.getByRole('heading', { name: 'Courses' }).waitFor();
    await course.getByText('In progress').waitFor();

    // Resume: back on page 3.
    await course.getByRole('link', { name: 'Resume' }).click();
    await page.getByText('Welcome back: the course continues where you left off.').waitFor();
    await sco.getByText(/Welcome back, Eve Employee\..*You are back where you left off\./).waitFor();
    t.true(await sco.getByRole('heading', { name: '3. Passwords, phishing and reporting' }).isVisible(), 'resumed at the page left');
    await sco.getByRole('button', { name: 'Next' }).click();
    const answers: Record<string, string> = { 1: 'Restricted', 2: 'Treat it as the higher class and ask', 3: 'Do not click; check the sender and report it', 4: 'Lock the screen', 5: 'Report it to the security team straight away' };
    for (const [n, label] of Object.entries(answers)) {
      await sco.getByRole('group', { name: new RegExp(`^${n}\\. `) }).getByLabel(label).check();
    }
    await sco.getByRole('button', { name: 'Submit answers' }).click();
    await sco.getByText(/You scored 100% \(5 of 5\)\. You passed/).waitFor();
    await saveScreenshot(page, 'player-scorm12-passed').then((f) => t.log(f));
    await sco.getByRole('button', { name: 'Exit course' }).click();
    await page.getByText('This session has ended and your progress is saved.').waitFor();
    await page.getByRole('button', { name: 'Close course' }).click();
    await page.getByRole('heading', { name: 'Courses' }).waitFor();
    await course.getByText(/Passed · score 100%/).waitFor();
    await saveScreenshot(page, 'courses-after-pass').then((f) => t.log(f));

    // What the server holds.
  });

  const api = new HttpClient(app.url);
  await api.login('eve@example.com', password);
  const listed = (await api.request('GET', '/api/courses')).body.items.find((c: any) => c.packageId === samples.scorm12);
  const attempt = (await api.request('GET', `/api/attempts/${listed.attemptId}`)).body;
  t.is(attempt.userId, eve.id);
  t.is(attempt.completion, 'completed');
  t.is(attempt.success, 'passed');
  const cmi = attempt.scos[0].cmi;
  t.is(cmi.core.lesson_status, 'passed');
  t.is(cmi.core.score.raw, '100');
  t.is(cmi.core.exit, '');
  t.is(Object.keys(cmi.interactions).length, 5);
  t.is(cmi.interactions[1].student_response, 'c');
  t.is(attempt.sessions.length, 2);
  t.true(attempt.scos[0].totalSeconds > 0, 'session times were recorded');

  const lrs = await lrsReader(app);
  const stmts = await lrs.statements({ registration: attempt.registration });
  const verbs = stmts.map((s) => s.verb.id);
  for (const v of [VERBS.launched, VERBS.initialized, VERBS.progressed, VERBS.suspended, VERBS.resumed, VERBS.completed, VERBS.passed, VERBS.terminated]) {
    t.true(verbs.includes(v), `has ${v}`);
  }
  t.is(verbs.filter((v) => v === VERBS.answered).length, 5);
  const courseDone = stmts.filter((s) => !s.object.id.includes('/sco/') && [VERBS.completed, VERBS.passed].includes(s.verb.id));
  t.is(courseDone.length, 2, 'completed and passed on the course activity');
  t.is(courseDone.find((s) => s.verb.id === VERBS.passed).result.score.scaled, 1);

  // Done and exited normally: the next launch is a new attempt from the start.
  await course.getByRole('link', { name: 'Take again' }).click();
  await sco.getByText(/^Welcome, Eve Employee\./).waitFor();
  t.true(await sco.getByRole('heading', { name: '1. Why data security is everyone\'s job' }).isVisible());
  await page.getByRole('button', { name: 'Close course' }).click();
  await page.getByRole('heading', { name: 'Courses' }).waitFor();
  const second = (await api.request('GET', '/api/courses')).body.items.find((c: any) => c.packageId === samples.scorm12);
  t.is(second.attemptNumber, 2);
  t.is(second.status, 'passed', 'the earlier pass still counts');
  t.deepEqual(pageErrors, []);
});
