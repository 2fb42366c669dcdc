/**
 * Everyday workflows in Chromium: HR keeps the organisation's lists (add, rename that
 * carries through, delete refused while used) and builds a rule from them with chips;
 * an author opens a course for self-enrolment and HR restricts it on the Catalogue page;
 * a learner enrols from the catalogue at 1366 and 390 px and finds it on their to-do list;
 * HR waives a cmi5 unit from the course's own page.
 */
import test from 'ava';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { loadSamples } from '../helpers/samples.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';

async function signIn(browser: Browser, app: TestApp, email: string, width: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: width > 500 ? 900 : 844 } })).newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).or(page.getByRole('button', { name: 'Menu' })).first().waitFor();
  return page;
}

test('organisation lists, a rule from chips, the catalogue (1366 and 390 px) and waivers on the course page', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const { people } = app.runtime.services;
  await people.create({ email: 'ada@example.com', name: 'Ada Admin', roles: ['admin', 'hr', 'author'], password: PASSWORD });
  const ella = await people.create({ email: 'ella@example.com', name: 'Ella Sales', roles: ['employee'], department: 'Sales', location: 'Lisbon', password: PASSWORD });
  await people.create({ email: 'sam@example.com', name: 'Sam Support', roles: ['employee'], department: 'Support', password: PASSWORD });
  const samples = await loadSamples(app, { email: 'ada@example.com', password: PASSWORD }, { catalogue: false });
  const titles = new Map((await app.runtime.store.db.collection('content_packages').find({}).toArray()).map((p) => [String(p._id), String(p.title)]));
  const course = titles.get(samples.scorm12)!;
  const teamCourse = titles.get(samples.scorm2004)!;

  const browser = await launchBrowser();
  t.teardown(() => browser.close());

  // HR: the Organisation view under People.
  const hr = await signIn(browser, app, 'ada@example.com', 1366);
  const hrErrors = collectPageErrors(hr);
  await navigateTo(hr, 'Organisation');
  const departments = hr.getByRole('table', { name: 'Departments' });
  await departments.getByRole('row', { name: /Sales/ }).waitFor();
  await hr.getByLabel('New department').fill('Field Sales');
  await hr.getByRole('button', { name: 'Add department' }).click();
  await hr.getByRole('status').getByText('Added the department “Field Sales”.').waitFor();
  await hr.getByRole('button', { name: 'Rename department Support' }).click();
  await hr.getByLabel('New name for Support').fill('Customer Care');
  await hr.getByRole('button', { name: 'Save' }).click();
  await hr.getByRole('status').getByText('Renamed “Support” to “Customer Care”: 1 person and 0 rules updated.').waitFor();
  hr.once('dialog', (d) => void d.accept());
  await hr.getByRole('button', { name: 'Delete department Sales' }).click();
  await hr.getByRole('alert').getByText(/used by 1 person/).waitFor();
  await saveScreenshot(hr, 'workflows-organisation').then((f) => t.log(f));
  t.like(await people.get(ella.id), { department: 'Sales' }, 'a refused delete changes nobody');

  // The Rules screen: departments as chips from the list; a value not on it is not taken.
  await navigateTo(hr, 'Rules');
  await hr.getByLabel('Rule name').fill('Sales safety');
  await hr.getByLabel('Kind').selectOption('External activity');
  await hr.getByLabel(/Activity address \(URL\)/).fill('https://lms.example.com/activities/sales-safety');
  await hr.getByLabel('Title shown to people').fill('Sales safety');
  const depts = hr.getByLabel('Departments');
  await depts.fill('Atlantis');
  await depts.press('Enter');
  await hr.getByRole('alert').getByText('“Atlantis” is not on the list.', { exact: false }).waitFor();
  await depts.fill('Customer Care');
  await depts.press('Enter');
  await depts.fill('sales');
  await depts.press('Enter');
  await hr.getByRole('button', { name: 'Remove Customer Care' }).click();
  await hr.getByRole('button', { name: 'Remove Sales' }).waitFor();
  await hr.getByRole('button', { name: 'Preview who matches' }).click();
  await hr.getByRole('status').getByText('1 people match these criteria.').waitFor();
  await saveScreenshot(hr, 'workflows-rule-chips').then((f) => t.log(f));
  await hr.getByRole('button', { name: 'Create rule' }).click();
  await hr.getByRole('status').getByText(/Created “Sales safety”/).waitFor();
  const [rule] = await app.runtime.services.compliance.rules.list();
  t.deepEqual(rule!.criteria.departments, ['Sales']);

  // The author opens two courses on their package pages; HR restricts one to Sales on the Catalogue page.
  for (const id of [samples.scorm12, samples.scorm2004]) {
    await hr.goto(`${app.url}/#/package/${id}`);
    await hr.getByRole('checkbox', { name: 'Open for self-enrolment' }).check();
    await hr.getByRole('status').getByText('Open for self-enrolment.').waitFor();
  }
  await navigateTo(hr, 'Catalogue');
  const offer = hr.getByRole('group', { name: `Who may enrol for ${teamCourse} (empty: everyone)` });
  await offer.getByLabel('Departments').fill('Sales');
  await offer.getByLabel('Departments').press('Enter');
  await offer.getByRole('button', { name: `Save who may enrol for ${teamCourse}` }).click();
  await hr.getByRole('status').getByText('Saved. Only people with department Sales may enrol.').waitFor();
  await saveScreenshot(hr, 'workflows-catalogue-hr').then((f) => t.log(f));

  // Ella (Sales) at 1366 px: both courses; Enrol opens the course; it is on her to-do list.
  const wide = await signIn(browser, app, 'ella@example.com', 1366);
  const wideErrors = collectPageErrors(wide);
  await navigateTo(wide, 'Catalogue');
  const list = wide.getByRole('list', { name: 'Catalogue' });
  await list.getByRole('heading', { name: course }).waitFor();
  await list.getByRole('heading', { name: teamCourse }).waitFor();
  await saveScreenshot(wide, 'workflows-catalogue-1366').then((f) => t.log(f));
  await list.getByRole('listitem').filter({ hasText: course }).getByRole('button', { name: 'Enrol' }).click();
  await wide.waitForURL(new RegExp(`#/player/${samples.scorm12}$`));
  await navigateTo(wide, 'Home');
  await wide.getByText('You enrolled from the catalogue').first().waitFor();
  await saveScreenshot(wide, 'workflows-todo-enrolled').then((f) => t.log(f));

  // Sam (renamed to Customer Care) at 390 px: only the open-to-all course, enrolled into straight from the phone.
  const phone = await signIn(browser, app, 'sam@example.com', 390);
  const phoneErrors = collectPageErrors(phone);
  await navigateTo(phone, 'Catalogue');
  const phoneList = phone.getByRole('list', { name: 'Catalogue' });
  await phoneList.getByRole('heading', { name: course }).waitFor();
  t.is(await phoneList.getByRole('listitem').count(), 1, 'the Sales-only course is not offered to Sam');
  t.true(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing overflows at 390 px');
  await saveScreenshot(phone, 'workflows-catalogue-390').then((f) => t.log(f));
  await phoneList.getByRole('button', { name: 'Enrol' }).click();
  await phone.waitForURL(new RegExp(`#/player/${samples.scorm12}$`));

  // Waivers on the cmi5 course's page, for a person picked there.
  const launched = await app.runtime.services.cmi5.launchPackage({ packageId: samples.cmi5, user: { id: ella.id, name: 'Ella Sales' } });
  t.truthy(launched.registration);
  await hr.goto(`${app.url}/#/package/${samples.cmi5}`);
  await hr.getByRole('heading', { name: 'Course unit waivers' }).waitFor();
  const picker = hr.getByLabel('Person whose units to waive');
  await picker.fill('Ella');
  await hr.waitForTimeout(600);
  await picker.fill('Ella Sales (ella@example.com)');
  const firstWaive = hr.getByRole('button', { name: /^Waive / }).first();
  await firstWaive.waitFor();
  const unit = (await firstWaive.getAttribute('aria-label'))!.replace(/^Waive /, '');
  await firstWaive.click();
  await hr.getByRole('status').getByText(`Waived “${unit}” for Ella Sales`).waitFor();
  await saveScreenshot(hr, 'workflows-package-waivers').then((f) => t.log(f));

  t.deepEqual([...hrErrors, ...wideErrors, ...phoneErrors], []);
});
