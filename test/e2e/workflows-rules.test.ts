/**
 * HR builds an assignment rule in Chromium with pickers only (no ids typed), at 1366 and at
 * 390 px: the course chosen by its title, departments as chips from the managed list, a
 * manager by name, a due date. A reference refused by the server (the course was archived
 * after the form listed it) is shown beside the form, and no rule is made. The learner the
 * rule names may then launch the course; the one it does not name may not, and is told why
 * when a link opens the course for him.
 */
import test from 'ava';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { loadSamples } from '../helpers/samples.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';

async function signIn(browser: Browser, app: TestApp, email: string, width: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: width > 500 ? 900 : 844 } })).newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

test('HR builds a rule with pickers only at 1366 and 390 px; a refused reference is shown and makes nothing', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const { people, compliance } = app.runtime.services;
  await people.create({ email: 'hana@example.com', name: 'Hana HR', roles: ['hr', 'author'], password: PASSWORD });
  const boss = await people.create({ email: 'bea@example.com', name: 'Bea Boss', roles: ['manager', 'employee'], department: 'Sales', password: PASSWORD });
  const ella = await people.create({ email: 'ella@example.com', name: 'Ella Sales', roles: ['employee'], department: 'Sales', managerId: boss.id, password: PASSWORD });
  await people.create({ email: 'sam@example.com', name: 'Sam Support', roles: ['employee'], department: 'Support', password: PASSWORD });
  // Not in the catalogue: only a rule lets a learner launch them.
  const samples = await loadSamples(app, { email: 'hana@example.com', password: PASSWORD }, { catalogue: false });
  const titles = new Map((await app.runtime.store.db.collection('content_packages').find({}).toArray()).map((p) => [String(p._id), String(p.title)]));
  const hanaApi = new HttpClient(app.url);
  await hanaApi.login('hana@example.com', PASSWORD);

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const errors: string[] = [];

  for (const [width, packageId, archived] of [
    [1366, samples.scorm12, samples.xapi],
    [390, samples.scorm2004, samples.cmi5],
  ] as const) {
    const page = await signIn(browser, app, 'hana@example.com', width);
    errors.push(...collectPageErrors(page));
    await navigateTo(page, 'Rules');
    await page.getByRole('heading', { name: 'New rule' }).waitFor();
    const name = `Sales course ${width}`;
    await page.getByLabel('Rule name').fill(name);
    await page.getByLabel('Kind').selectOption({ label: 'Course' });
    await page.getByRole('combobox', { name: /^Course/ }).selectOption({ label: titles.get(packageId)! });
    t.is(await page.getByLabel('Title shown to people').inputValue(), titles.get(packageId)!, 'the title comes from the course chosen');
    const depts = page.getByLabel('Departments');
    await depts.fill('sales');
    await depts.press('Enter');
    await page.getByRole('button', { name: 'Remove Sales' }).waitFor();
    const manager = page.getByLabel('Reports of a manager');
    await manager.fill('Bea');
    await page.waitForTimeout(600);
    await manager.fill('Bea Boss (bea@example.com)');
    await page.getByRole('combobox', { name: /^Due/ }).selectOption({ label: 'On a date' });
    await page.getByRole('textbox', { name: 'Due date' }).fill('2031-06-30');
    await page.getByRole('button', { name: 'Preview who matches' }).click();
    await page.getByRole('status').getByText('1 people match these criteria.').waitFor();
    t.true(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `no sideways scrolling at ${width} px`);
    await saveScreenshot(page, `workflows-rule-pickers-${width}`).then((f) => t.log(f));
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('status').getByText(new RegExp(`Created “${name}”`)).waitFor();
    const rule = (await compliance.rules.list()).find((r) => r.name === name);
    t.like(rule, { target: { type: 'package', id: packageId }, criteria: { departments: ['Sales'], manager: { id: ella.managerId, scope: 'direct' } } });
    t.is(new Date((rule!.due as { date: Date }).date).toISOString().slice(0, 10), '2031-06-30');

    // A refused reference: the course chosen is archived before Create; the server's refusal shows, nothing is made.
    await page.getByLabel('Rule name').fill(`Archived ${width}`);
    await page.getByLabel('Kind').selectOption({ label: 'Course' });
    await page.getByRole('combobox', { name: /^Course/ }).selectOption({ label: titles.get(archived)! });
    await page.getByRole('checkbox', { name: 'Everyone' }).check();
    t.is((await hanaApi.request('PUT', `/api/packages/${archived}/archived`, { archived: true })).status, 200);
    const before = (await compliance.rules.list()).length;
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('alert').getByText(/archived/).waitFor();
    t.is((await compliance.rules.list()).length, before, 'no rule was made');
    await saveScreenshot(page, `workflows-rule-refused-${width}`).then((f) => t.log(f));
    await page.context().close();
  }

  // The rules decide who may launch: Ella (Sales, Bea's report) may, Sam may not.
  await compliance.evaluate();
  const ellaApi = new HttpClient(app.url);
  await ellaApi.login('ella@example.com', PASSWORD);
  const samApi = new HttpClient(app.url);
  await samApi.login('sam@example.com', PASSWORD);
  t.is((await ellaApi.request('POST', '/api/launches', { packageId: samples.scorm12 })).status, 201);
  t.is((await samApi.request('POST', '/api/launches', { packageId: samples.scorm12 })).status, 403);
  // Sam following a link to the course on his phone is told why it does not open.
  const sam = await signIn(browser, app, 'sam@example.com', 390);
  await sam.goto(`${app.url}/#/player/${samples.scorm12}`);
  await sam.getByText('This course is not assigned to you and not open to you in the catalogue; ask HR if you need it').waitFor();
  await saveScreenshot(sam, 'workflows-launch-refused-390').then((f) => t.log(f));
  t.deepEqual(errors, []);
});
