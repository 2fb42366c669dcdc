/**
 * End to end in Chromium: an employee signs in, launches the sample cmi5 course's two
 * AUs (the safety check passed against its masteryScore) and the sample xAPI (TinCan)
 * package, completes them, and the LRS holds the learner's statements and the LMS's
 * `satisfied` on the course activity (packageActivityId).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import test from 'ava';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { packageActivityId, VERBS } from '../../server/learning-record/identity.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const password = 'Correct-Horse-Battery-42';
let app: TestApp;
let lrsAuth: string;
const packages: Record<string, { id: string; kind: string; identity: string }> = {};

test.before(async () => {
  execFileSync(process.execPath, ['scripts/build-samples.mjs'], { stdio: 'pipe' });
  app = await startTestApp();
  const emp = await app.createUser({ email: 'emp@example.com', password, name: 'Emma Employee', roles: ['employee'] });
  const { compliance } = app.runtime.services;
  for (const name of ['onboarding-cmi5', 'expense-policy-xapi']) {
    const r = await app.runtime.services.content.importZip({ zipPath: path.resolve(`packages-sample/dist/${name}.zip`), uploadedBy: 'test' });
    const pkg = (await app.runtime.contentModels.packages.findById(r.packageId).lean().exec())!;
    packages[name] = { id: r.packageId, kind: pkg.kind, identity: pkg.identity };
    // Assigned to Emma by a rule: learners launch what is assigned (or offered) to them.
    await compliance.rules.create({ name, target: { type: 'package', id: r.packageId, title: name }, criteria: { people: [emp.id] }, due: { kind: 'none' }, active: true });
  }
  await compliance.evaluate();
  const { client, secret } = await app.runtime.lrs.credentials.create({ name: 'e2e reader', scopes: ['all/read'] });
  lrsAuth = 'Basic ' + Buffer.from(`${client.key}:${secret}`).toString('base64');
});
test.after.always(() => app?.close());

async function signIn(page: Page): Promise<void> {
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email').fill('emp@example.com');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('whoami').waitFor();
}

async function statements(query: string): Promise<any[]> {
  const res = await fetch(`${app.url}/xapi/statements?${query}&ascending=true&limit=200`, { headers: { authorization: lrsAuth, 'x-experience-api-version': '1.0.3' } });
  return (await res.json()).statements;
}

test('an employee takes the cmi5 onboarding course in the player: both AUs, the safety check passed; the LMS states the course satisfied', async (t) => {
  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 1000 } })).newPage();
  page.setDefaultTimeout(15_000);
  const errors = collectPageErrors(page);
  await signIn(page);
  const pkgId = packages['onboarding-cmi5']!.id;
  const openCourse = async () => {
    await page.goto(`${app.url}/#/courses`);
    const [launch] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${app.url}/api/launches` && r.request().method() === 'POST'),
      page.locator(`li[data-package-id="${pkgId}"] a.launch`).click(),
    ]);
    t.is(launch.status(), 201);
    return (await launch.json()) as { registration: string; url: string; kind: string };
  };
  const content = page.frameLocator('iframe[title^="Course content"]');

  // The first AU not yet satisfied: the welcome page, in the player's frame on the content origin.
  const welcome = await openCourse();
  t.is(welcome.kind, 'cmi5');
  t.is(new URL(welcome.url).origin, app.contentUrl);
  await content.getByText('Connected. Your progress is recorded.').waitFor();
  await content.getByLabel(/I have read/).check();
  await content.getByText('Marked as completed.').waitFor();
  await saveScreenshot(page, 'cmi5-welcome-completed');
  await content.getByRole('button', { name: 'Finish and return' }).click();
  // terminated, then returnURL: the return page tells the player the unit is done.
  await page.getByText('You have finished this part of the course.').waitFor();
  await page.getByRole('link', { name: 'Back to the courses' }).waitFor();
  await saveScreenshot(page, 'cmi5-welcome-returned');

  // Next launch: the safety check (masteryScore 0.8), same registration.
  const safety = await openCourse();
  t.is(safety.registration, welcome.registration, 'one registration for the course');
  await content.getByText('Connected. Your result is recorded.').waitFor();
  t.is(await content.locator('#pass-mark').innerText(), '80', 'the pass mark comes from masteryScore in LMS.LaunchData');
  for (const [name, value] of [['alarm', 'exit'], ['firstaid', 'green'], ['defib', 'reception'], ['cable', 'report'], ['accident', 'all']]) {
    await content.locator(`input[name="${name}"][value="${value}"]`).check();
  }
  await content.getByRole('button', { name: 'Submit answers' }).click();
  await content.getByText('Result recorded.').waitFor();
  await saveScreenshot(page, 'cmi5-safety-passed');
  await content.getByRole('button', { name: 'Finish and return' }).click();
  await page.getByText('You have finished this part of the course.').waitFor();
  await page.goto(`${app.url}/#/courses`);
  const status = page.locator(`li[data-package-id="${pkgId}"] .status`);
  await status.getByText('Completed').waitFor();
  await saveScreenshot(page, 'courses-after-cmi5');

  const list = await statements(`registration=${welcome.registration}`);
  const verbs = list.map((s) => s.verb.id.split('/').pop());
  t.deepEqual(verbs, ['launched', 'initialized', 'completed', 'terminated', 'launched', 'initialized', 'passed', 'completed', 'satisfied', 'satisfied', 'terminated']);
  const passed = list.find((s) => s.verb.id === VERBS.passed);
  t.is(passed.result.score.scaled, 1);
  t.is(passed.context.extensions['https://w3id.org/xapi/cmi5/context/extensions/masteryscore'], 0.8);
  const courseId = packageActivityId(packages['onboarding-cmi5']!, app.runtime.config.publicUrl);
  const course = list.filter((s) => s.verb.id === VERBS.satisfied).find((s) => s.object.id === courseId);
  t.truthy(course, 'satisfied on the course activity that compliance reads');
  t.is(course.object.definition.type, 'https://w3id.org/xapi/cmi5/activitytype/course');
  t.is(course.actor.account.homePage, app.runtime.config.publicUrl);
  t.deepEqual(errors, []);
});

test('an employee takes the xAPI (TinCan) expense course; its completed lands on the package activity', async (t) => {
  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  const errors = collectPageErrors(page);
  await signIn(page);

  const pkgId = packages['expense-policy-xapi']!.id;
  await page.goto(`${app.url}/#/courses`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${app.url}/api/launches` && r.request().method() === 'POST'),
    page.locator(`li[data-package-id="${pkgId}"] a.launch`).click(),
  ]);
  const launch = (await response.json()) as { url: string; registration: string };
  const params = new URL(launch.url).searchParams;
  t.regex(params.get('auth')!, /^Basic /);
  t.is(params.get('activity_id'), 'https://samples.hr-lms.example/xapi/expense-policy');
  const content = page.frameLocator('iframe[title^="Course content"]');
  await content.getByText('Connected. Your progress is recorded.').waitFor();
  for (let i = 0; i < 3; i++) await content.getByRole('button', { name: 'Next' }).click();
  const fieldsets = content.locator('fieldset[data-question]');
  for (let i = 0; i < (await fieldsets.count()); i++) {
    const fs = fieldsets.nth(i);
    const right = await fs.getAttribute('data-correct');
    await fs.locator(`input[value="${right}"]`).check();
  }
  await content.getByRole('button', { name: 'Check my answers' }).click();
  await content.getByText('Completion recorded.').waitFor();
  await saveScreenshot(page, 'tincan-expense-completed');
  await page.goto(`${app.url}/#/courses`);
  await page.locator(`li[data-package-id="${pkgId}"] .status`).getByText('Completed').waitFor();

  const courseId = packageActivityId(packages['expense-policy-xapi']!, app.runtime.config.publicUrl);
  const list = await statements(`registration=${launch.registration}`);
  const completed = list.filter((s) => s.verb.id === VERBS.completed);
  t.is(completed.length, 1);
  t.is(completed[0].object.id, courseId, 'compliance finds it on packageActivityId');
  t.is(completed[0].result.success, true);
  t.true(list.filter((s) => s.verb.id === 'http://adlnet.gov/expapi/verbs/experienced').length >= 4);
  t.is(completed[0].authority.name, 'Learning Hub xAPI launch', 'stored with the launch token, not user credentials');
  t.deepEqual(errors, []);
});

test('HR opens a person and waives a cmi5 unit with a reason on their page; the course becomes satisfied', async (t) => {
  const wes = await app.createUser({ email: 'wes@example.com', password, name: 'Wes Waived', roles: ['employee'] });
  await app.createUser({ email: 'hr@example.com', password, name: 'Harper HR', roles: ['hr'] });
  const pkg = packages['onboarding-cmi5']!;
  const launched = await app.runtime.services.cmi5.launchPackage({ packageId: pkg.id, user: { id: wes.id, name: 'Wes Waived' } });

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
  page.setDefaultTimeout(15_000);
  const errors = collectPageErrors(page);
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email').fill('hr@example.com');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The waiver action lives on the person's page (People › the person).
  await navigateTo(page, 'People');
  await page.getByRole('link', { name: 'Wes Waived' }).click();
  await page.getByRole('heading', { name: 'Course unit waivers (cmi5)' }).waitFor();
  await page.getByRole('heading', { name: /Onboarding: your first week/ }).waitFor();
  await saveScreenshot(page, 'cmi5-waivers-before');
  for (const unit of ['Welcome to the company', 'Workplace safety check']) {
    const row = page.getByRole('row', { name: new RegExp(unit) });
    await row.getByLabel('Reason').selectOption('Equivalent Outside Activity');
    await row.getByRole('button', { name: `Waive ${unit}` }).click();
    await page.getByRole('status').getByText(`Waived “${unit}”`).waitFor();
  }
  await page.getByText(/course met/).waitFor();
  await saveScreenshot(page, 'cmi5-waivers');

  const list = await statements(`registration=${launched.registration}`);
  t.is(list.filter((s) => s.verb.id === VERBS.waived).length, 2);
  const courseId = packageActivityId(pkg, app.runtime.config.publicUrl);
  t.truthy(list.find((s) => s.verb.id === VERBS.satisfied && s.object.id === courseId));
  t.deepEqual(errors, []);
});
