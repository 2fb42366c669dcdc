/**
 * End to end in Chromium with the SCORM 2004 sample (Code of Conduct: a reading SCO and a
 * quiz SCO): the table of contents with the quiz locked by the course's precondition rule
 * until the reading is satisfied, suspendAll and resume inside the reading SCO, the SCO's
 * `continue` request opening the quiz, the player's Previous part and a choice from the
 * table of contents, passing the quiz, exitAll; then the CMI of both SCOs and the
 * course-level statements.
 */
import test from 'ava';
import { VERBS, packageActivityId } from '../../server/learning-record/identity.js';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { lrsReader } from '../helpers/lrs-reader.js';
import { loadSamples } from '../helpers/samples.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { PASSWORD, scoFrame, signInToCourses, withDiagnostics } from './helpers/player.js';

const password = PASSWORD;

test('SCORM 2004: table of contents, suspend and resume, continue to the quiz, pass, course statements', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'author@example.com', password, name: 'Ava Author', roles: ['author'] });
  await app.createUser({ email: 'eve@example.com', password, name: 'Eve Employee', roles: ['employee'] });
  const samples = await loadSamples(app, { email: 'author@example.com', password });

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = collectPageErrors(page);

  await withDiagnostics(page, 'scorm2004', async () => {
    await signInToCourses(page, app.url, 'eve@example.com');
    const course = page.locator(`li[data-package-id="${samples.scorm2004}"]`);
    await course.getByRole('link', { name: 'Start' }).click();

    const toc = page.getByRole('navigation', { name: 'Course contents' });
    await toc.waitFor();
    t.deepEqual(await toc.getByRole('button').allInnerTexts().then((l) => l.map((s) => s.split('\n')[0]!.trim())), ['Read the Code of Conduct', 'Acknowledgement quiz']);
    t.is(await toc.getByRole('button', { name: /Read the Code of Conduct/ }).getAttribute('aria-current'), 'true');
    const quizEntry = toc.getByRole('button', { name: /Acknowledgement quiz/ });
    t.true(await quizEntry.isDisabled(), 'the sequencing rules lock the quiz until the reading is satisfied');
    t.regex(await quizEntry.innerText(), /locked/);
    t.true(await page.getByRole('button', { name: 'Previous part' }).isDisabled(), 'nothing before the first part');

    const sco = scoFrame(page);
    await sco.getByText(/^Welcome, Eve Employee\. Read all three sections/).waitFor();
    await sco.getByRole('button', { name: 'Next' }).click();
    await sco.getByText('Section 2 of 3').waitFor();
    await saveScreenshot(page, 'player-scorm2004-reading').then((f) => t.log(f));
    // The SCO's own "Save and exit": cmi.exit=suspend with adl.nav.request=suspendAll closes the player.
    await saveScreenshot(page, 'player-scorm2004-quiz-locked').then((f) => t.log(f));
    // The SCO can ask what the sequencing allows (adl.nav.request_valid): the server's answer at its launch.
    // The cross-frame API answers from its cache, filled by the first (asynchronous) read.
    const bridge = page.frames().find((f) => f.url().includes('/bridge/'))!;
    const askValid = () =>
      bridge.evaluate(() => {
        const api = (window as unknown as { API_1484_11: { GetValue(e: string): string } }).API_1484_11;
        return [api.GetValue('adl.nav.request_valid.continue'), api.GetValue('adl.nav.request_valid.choice.{target=ITEM-QUIZ}')];
      });
    let valid = await askValid();
    for (let i = 0; i < 50 && valid.includes(''); i++) valid = await page.waitForTimeout(50).then(askValid);
    t.deepEqual(valid, ['true', 'false'], 'continue allowed; a choice of the locked quiz not');
    await sco.getByRole('button', { name: 'Save and exit' }).click();
    await page.getByRole('heading', { name: 'Courses' }).waitFor();
    await course.getByText('In progress').waitFor();

    await course.getByRole('link', { name: 'Resume' }).click();
    await sco.getByText(/^Welcome back, Eve Employee\./).waitFor();
    t.is(await sco.getByText(/Section \d of 3/).innerText(), 'Section 2 of 3', 'resumed at the section left');
    await sco.getByRole('button', { name: 'Next' }).click();
    await sco.getByRole('button', { name: /I have read the Code/ }).click();

    // adl.nav.request=continue: the player opens the next SCO.
    await sco.getByRole('heading', { name: 'Acknowledgement quiz', level: 1 }).waitFor();
    t.is(await toc.getByRole('button', { name: /Acknowledgement quiz/ }).getAttribute('aria-current'), 'true');
    await toc.getByRole('button', { name: /Read the Code of Conduct.*passed/ }).waitFor();
    t.false(await quizEntry.isDisabled(), 'the satisfied reading unlocked the quiz');
    // The player's Previous part goes back to the reading SCO; a choice in the contents returns to the quiz.
    await page.getByRole('button', { name: 'Previous part' }).click();
    await sco.getByRole('heading', { name: 'Read the Code of Conduct', level: 1 }).waitFor();
    await quizEntry.click();
    await sco.getByRole('heading', { name: 'Acknowledgement quiz', level: 1 }).waitFor();
    const answers: Record<string, string> = {
      '1': 'Speak up or raise it with a manager or HR',
      '2': 'Declare the conflict and stay out of the decision',
      '3': 'Decline or declare it; gifts during a tender are not allowed',
      '4': 'Yes',
      '5': 'Retaliation, a serious breach of the Code',
    };
    for (const [n, label] of Object.entries(answers)) {
      await sco.getByRole('group', { name: new RegExp(`^${n}\\. `) }).getByLabel(label).check();
    }
    await sco.getByLabel(/I have read the Code of Conduct 2026 and I will follow it/).check();
    await sco.getByRole('button', { name: 'Submit' }).click();
    await sco.getByText(/You answered 5 of 5 correctly \(100%\)\. You passed/).waitFor();
    await toc.getByRole('button', { name: /Acknowledgement quiz.*passed/ }).waitFor();
    await saveScreenshot(page, 'player-scorm2004-quiz-passed').then((f) => t.log(f));
    // Finish: adl.nav.request=exitAll closes the player.
    await sco.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('heading', { name: 'Courses' }).waitFor();
    await course.getByText(/Passed/).waitFor();
  });

  const api = new HttpClient(app.url);
  await api.login('eve@example.com', password);
  const listed = (await api.request('GET', '/api/courses')).body.items.find((c: any) => c.packageId === samples.scorm2004);
  const attempt = (await api.request('GET', `/api/attempts/${listed.attemptId}`)).body;
  const reading = attempt.scos.find((s: any) => s.itemId === 'ITEM-READING');
  const quiz = attempt.scos.find((s: any) => s.itemId === 'ITEM-QUIZ');
  t.is(reading.cmi.completion_status, 'completed');
  t.is(reading.cmi.success_status, 'passed');
  t.is(quiz.completion, 'completed');
  t.is(quiz.success, 'passed');
  t.is(quiz.scoreScaled, 1);
  t.is(Object.keys(quiz.cmi.interactions).length, 6);
  t.is(quiz.cmi.interactions[5].id, 'code-of-conduct-acknowledgement');
  t.is(attempt.completion, 'completed');
  t.is(attempt.success, 'passed');

  const stmts = await lrsReader(app).then((r) => r.statements({ registration: attempt.registration }));
  const courseId = packageActivityId({ kind: 'scorm2004', identity: 'scorm:com.example.hrlms.code-of-conduct' }, app.runtime.config.publicUrl);
  const onCourse = stmts.filter((s) => s.object.id === courseId).map((s) => s.verb.id);
  t.deepEqual(onCourse, [VERBS.completed, VERBS.passed]);
  t.is(stmts.filter((s) => s.verb.id === VERBS.answered).length, 6);
  t.true(stmts.some((s) => s.verb.id === VERBS.suspended), 'the suspend is recorded');
  t.true(stmts.some((s) => s.verb.id === VERBS.resumed), 'and the resume');
  t.deepEqual(pageErrors, []);
});
