/**
 * End to end in Chromium: the manager has My team open and HR the compliance dashboard;
 * an employee passes an assigned course (the SCORM 1.2 sample, through the player). Within
 * 10 s, with no manual re-evaluation and no scan, both screens show it complete: the
 * statements of the SCORM commit re-evaluate the employee, and the screens reload while shown.
 */
import test from 'ava';
import type { Browser, Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { loadSamples } from '../helpers/samples.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { PASSWORD, scoFrame, signInToCourses, withDiagnostics } from './helpers/player.js';
import { navigateTo } from './helpers/navigation.js';

const LIVE_DEADLINE_MS = 10_000;

async function signedIn(browser: Browser, url: string, email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

test('an employee passes an assigned course; within 10 s My team and the dashboard show it complete', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'author@example.com', password: PASSWORD, name: 'Ava Author', roles: ['author'] });
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  const max = await app.createUser({ email: 'max@example.com', password: PASSWORD, name: 'Max Manager', roles: ['manager', 'employee'] });
  const eve = await app.createUser({ email: 'eve@example.com', password: PASSWORD, name: 'Eve Employee', roles: ['employee'], managerId: max.id });
  const samples = await loadSamples(app, { email: 'author@example.com', password: PASSWORD });
  const { compliance } = app.runtime.services;
  await compliance.rules.create({ name: 'Data security', target: { type: 'package', id: samples.scorm12, title: 'Data Security Essentials' }, criteria: { everyone: true }, due: { kind: 'afterAssignment', days: 30 }, active: true });
  // The rule's own evaluation job assigns everyone (4 people).
  for (let i = 0; i < 100 && (await compliance.statuses.countDocuments({})) < 4; i++) await new Promise((r) => setTimeout(r, 100));
  t.is((await compliance.statuses.findOne({ personId: eve.id }))?.status, 'not_started');

  const browser = await launchBrowser();
  t.teardown(() => browser.close());

  // The watchers open their screens before the course is passed, and keep them open.
  const manager = await signedIn(browser, app.url, 'max@example.com');
  const managerErrors = collectPageErrors(manager);
  await navigateTo(manager, 'My team');
  const eveRow = manager.getByRole('table', { name: 'My team' }).getByRole('row', { name: /Eve Employee/ });
  await eveRow.getByText('Not started').waitFor();

  const hr = await signedIn(browser, app.url, 'hr@example.com');
  const hrErrors = collectPageErrors(hr);
  await navigateTo(hr, 'Reports');
  const completion = hr.locator('[data-figure=completion]');
  await completion.getByText('0%', { exact: true }).waitFor();

  const learner = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  learner.setDefaultTimeout(20_000);
  const learnerErrors = collectPageErrors(learner);
  const sco = scoFrame(learner);
  await withDiagnostics(learner, 'compliance-live', async () => {
    await signInToCourses(learner, app.url, 'eve@example.com');
    await learner.locator(`li[data-package-id="${samples.scorm12}"]`).getByRole('link', { name: 'Start' }).click();
    await sco.getByText(/^Welcome, Eve Employee\./).waitFor();
    for (let i = 0; i < 3; i++) await sco.getByRole('button', { name: 'Next' }).click();
    const answers: Record<string, string> = { 1: 'Restricted', 2: 'Treat it as the higher class and ask', 3: 'Do not click; check the sender and report it', 4: 'Lock the screen', 5: 'Report it to the security team straight away' };
    for (const [n, label] of Object.entries(answers)) await sco.getByRole('group', { name: new RegExp(`^${n}\\. `) }).getByLabel(label).check();
    await sco.getByRole('button', { name: 'Submit answers' }).click();
    await sco.getByText(/You passed/).waitFor();
    await sco.getByRole('button', { name: 'Exit course' }).click();
    await learner.getByText('This session has ended and your progress is saved.').waitFor();
  });

  // Passed and saved: from here both screens have 10 s, untouched (they reload themselves).
  const deadline = Date.now() + LIVE_DEADLINE_MS;
  const left = () => Math.max(1, deadline - Date.now());
  await eveRow.getByText('Complete', { exact: true }).waitFor({ timeout: left() });
  await completion.getByText('25%', { exact: true }).waitFor({ timeout: left() });
  t.is((await compliance.statuses.findOne({ personId: eve.id }))?.status, 'complete');

  await saveScreenshot(manager, 'live-my-team-complete').then((f) => t.log(f));
  await saveScreenshot(hr, 'live-dashboard-complete').then((f) => t.log(f));
  t.deepEqual([...managerErrors, ...hrErrors, ...learnerErrors], []);
});
