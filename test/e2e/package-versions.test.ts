/**
 * End to end: an author chooses which version of a package new learners get; an attempt
 * already started keeps its version, a new learner gets the chosen one. Also the Courses
 * view and the player at 200% zoom (a 640 px wide viewport): nothing scrolls sideways.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { loadSamples } from '../helpers/samples.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { PASSWORD, scoFrame, signInToCourses } from './helpers/player.js';
import { navigateTo } from './helpers/navigation.js';

const fitsWidth = () => document.documentElement.scrollWidth <= document.documentElement.clientWidth;

test('authors choose the version new learners get; started attempts keep theirs; works at 200% zoom', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'author@example.com', password: PASSWORD, name: 'Ava Author', roles: ['author'] });
  await app.createUser({ email: 'eve@example.com', password: PASSWORD, name: 'Eve Employee', roles: ['employee'] });
  await app.createUser({ email: 'nat@example.com', password: PASSWORD, name: 'Nat Newcomer', roles: ['employee'] });
  const samples = await loadSamples(app, { email: 'author@example.com', password: PASSWORD });

  const eve = new HttpClient(app.url);
  await eve.login('eve@example.com', PASSWORD);
  const started = (await eve.request('POST', '/api/launches', { packageId: samples.scorm12 })).body;
  t.is(started.version, 1);

  // Version 2 of the same course.
  const author = new HttpClient(app.url);
  await author.login('author@example.com', PASSWORD);
  const form = new FormData();
  form.append('packageId', samples.scorm12);
  form.append('file', new Blob([fs.readFileSync(path.resolve('packages-sample/dist/data-security-scorm12.zip'))], { type: 'application/zip' }), 'v2.zip');
  const upload = await author.upload('/api/packages', form);
  t.is(upload.status, 202);
  for (let i = 0; (await author.request('GET', `/api/jobs/${upload.body.jobId}`)).body.state !== 'completed'; i++) {
    if (i > 200) t.fail('the import did not finish');
    await new Promise((r) => setTimeout(r, 25));
  }

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = collectPageErrors(page);
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email').fill('author@example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await navigateTo(page, 'Content');
  await page.getByRole('heading', { name: 'Content packages' }).waitFor();
  const chooser = page.getByLabel('Version of “Data Security Essentials” for new learners');
  t.is(await chooser.inputValue(), '1');
  await chooser.selectOption('2');
  await page.getByRole('status').getByText('New learners of “Data Security Essentials” now get version 2.').waitFor();
  t.is(await chooser.inputValue(), '2');
  await saveScreenshot(page, 'packages-version-chooser').then((f) => t.log(f));
  t.is((await author.request('GET', `/api/packages/${samples.scorm12}`)).body.currentVersion, 2);

  const again = (await eve.request('POST', '/api/launches', { packageId: samples.scorm12 })).body;
  t.is(again.attemptId, started.attemptId);
  t.is(again.version, 1, 'a started attempt keeps its version');
  const nat = new HttpClient(app.url);
  await nat.login('nat@example.com', PASSWORD);
  t.is((await nat.request('POST', '/api/launches', { packageId: samples.scorm12 })).body.version, 2, 'a new learner gets the chosen version');

  // 200% zoom: half the width.
  const zoomed = await (await browser.newContext({ viewport: { width: 640, height: 900 } })).newPage();
  zoomed.setDefaultTimeout(15_000);
  const zoomErrors = collectPageErrors(zoomed);
  await signInToCourses(zoomed, app.url, 'nat@example.com');
  t.true(await zoomed.evaluate(fitsWidth), 'Courses fit at 200% zoom');
  await zoomed.locator(`li[data-package-id="${samples.scorm2004}"]`).getByRole('link', { name: 'Start' }).click();
  await scoFrame(zoomed).getByText(/^Welcome, Nat Newcomer\./).waitFor();
  t.true(await zoomed.evaluate(fitsWidth), 'the player fits at 200% zoom');
  // Keyboard: from "Close course", Tab reaches "Other ways out", then the table of contents, with a visible focus ring.
  await zoomed.getByRole('button', { name: 'Close course' }).focus();
  await zoomed.keyboard.press('Tab');
  t.true(await zoomed.getByText('Other ways out', { exact: true }).evaluate((el) => el.matches(':focus')), 'Tab moves to Other ways out');
  await zoomed.keyboard.press('Tab');
  const tocButton = zoomed.getByRole('navigation', { name: 'Course contents' }).getByRole('button').first();
  t.true(await tocButton.evaluate((el) => el.matches(':focus-visible')), 'Tab moves to the contents');
  t.not(await tocButton.evaluate((el) => getComputedStyle(el).outlineStyle), 'none');
  await saveScreenshot(zoomed, 'player-zoom-200').then((f) => t.log(f));
  t.deepEqual([...pageErrors, ...zoomErrors], []);
});
