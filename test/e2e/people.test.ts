/**
 * End to end in Chromium: HR finds a person in the directory by search and filter, opens
 * their page, edits a field and adds a new person (a taken email is refused, naming the
 * field); deactivates someone who is signed in elsewhere, whose next step lands on the
 * sign-in page; and sets the manager of a selection in bulk. Screenshots at desktop and
 * 390 px for a look.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { seedOrganisation } from '../fixtures/seed-organisation.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';

test('HR: directory search and filters, person page, edit, add, deactivate (signs them out), bulk set manager', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const org = await seedOrganisation({ db: app.runtime.store.db, people: 80, departments: 3, seed: 5 });
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  const people = app.runtime.services.people;
  const dept = org.departments[1]!;
  const inDept = org.people.filter((p) => p.department === dept && p.managerId && p.id !== org.heads.get(dept)!.id);
  const found = inDept[3]!;
  const leaver = inDept[5]!;
  // The last people of a department manage no one (a heap-shaped tree), so moving them cannot cycle.
  const [movedA, movedB] = [inDept.at(-1)!, inDept.at(-2)!];
  const newBoss = inDept[1]!;
  await people.setPassword(leaver.id, PASSWORD);

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const signIn = async (page: Page, email: string) => {
    await page.goto(`${app.url}/`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };

  // The leaver is signed in in their own browser.
  const leaverPage = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  leaverPage.setDefaultTimeout(20_000);
  await signIn(leaverPage, leaver.email);

  const hrContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await hrContext.newPage();
  page.setDefaultTimeout(20_000);
  page.on('dialog', (d) => void d.accept());
  const pageErrors = collectPageErrors(page);
  await signIn(page, 'hr@example.com');

  // Find a person by search and department filter.
  await navigateTo(page, 'People');
  await page.getByRole('heading', { name: 'People', exact: true }).waitFor();
  const directory = page.locator('lms-people');
  await directory.locator('select[name=department]').selectOption(dept);
  await directory.getByText(new RegExp(`of ${org.people.filter((p) => p.department === dept).length} people`)).waitFor();
  await directory.getByLabel('Search', { exact: true }).fill(found.email);
  await directory.getByText('Showing 1–1 of 1 people').waitFor();
  await saveScreenshot(page, 'people-directory-desktop').then((f) => t.log(f));
  await directory.getByRole('link', { name: found.name }).click();

  // Their page: org fields, reporting line; edit a field.
  const person = page.locator('lms-person');
  await person.getByRole('heading', { name: found.name }).waitFor();
  t.regex(await person.getByRole('list', { name: 'Managers, nearest first' }).innerText(), new RegExp(org.heads.get(dept)!.name));
  await person.getByRole('button', { name: 'Edit' }).click();
  // Department, location and job role are searched over the managed lists; a new value joins its list on save.
  const location = person.getByLabel('Location', { exact: true });
  await location.click();
  const suggestions = person.locator(`datalist#${await location.getAttribute('list')} option`);
  await suggestions.first().waitFor({ state: 'attached' });
  t.deepEqual(
    (await person.locator(`datalist#${await person.getByLabel('Department', { exact: true }).getAttribute('list')} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).sort(),
    [...org.departments].sort(),
    'the department picker offers the organisation’s departments',
  );
  t.false((await suggestions.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).includes('Lisbon'));
  await location.fill('Lisbon');
  await person.getByText('Not on the list yet: saving adds “Lisbon” to it.').waitFor();
  t.regex((await location.getAttribute('aria-describedby')) ?? '', /new-location/);
  await saveScreenshot(page, 'people-person-edit-desktop').then((f) => t.log(f));
  await person.getByRole('button', { name: 'Save changes' }).click();
  await person.getByText('Changes saved.').waitFor();
  t.regex(await person.locator('dl.facts').innerText(), /Lisbon/);
  t.is((await people.get(found.id))!.location, 'Lisbon');
  t.like((await app.runtime.services.org.lists()).locations.find((l) => l.name === 'Lisbon'), { managed: true, people: 1 }, 'Lisbon joined the locations list');
  await saveScreenshot(page, 'people-person-desktop').then((f) => t.log(f));

  // Add a person: a taken email is refused naming the field, then a new one is created.
  await page.goto(`${app.url}/#/person/new`);
  await person.getByRole('heading', { name: 'Add a person' }).waitFor();
  await person.getByLabel('Name', { exact: true }).fill('Nora New');
  await person.getByLabel('Email', { exact: true }).fill(found.email);
  await person.getByLabel('Department', { exact: true }).fill(dept);
  await person.getByRole('button', { name: 'Add person' }).click();
  t.regex(await person.getByRole('alert').innerText(), /email/i);
  t.is(await person.getByLabel('Email', { exact: true }).getAttribute('aria-invalid'), 'true');
  await saveScreenshot(page, 'people-add-error-desktop').then((f) => t.log(f));
  await person.getByLabel('Email', { exact: true }).fill('nora.new@example.com');
  await person.getByRole('button', { name: 'Add person' }).click();
  await person.getByRole('heading', { name: 'Nora New' }).waitFor();
  const nora = (await people.list({ q: 'nora.new@example.com', limit: 1, offset: 0 })).items[0]!;
  t.is(nora.department, dept);
  t.true(nora.isPerson);

  // Deactivate the leaver from their page: their open browser is signed out at once.
  await page.goto(`${app.url}/#/person/${leaver.id}`);
  await person.getByRole('heading', { name: leaver.name }).waitFor();
  await person.getByRole('button', { name: 'Deactivate' }).click();
  await person.getByText(`${leaver.name} is deactivated and signed out.`).waitFor();
  t.is((await leaverPage.request.get(`${app.url}/api/session`)).status(), 401);
  await navigateTo(leaverPage, 'My learning');
  await leaverPage.getByRole('button', { name: 'Sign in' }).waitFor();

  // Bulk: two people of the department now report to someone else.
  await page.goto(`${app.url}/#/people`);
  await directory.locator('select[name=department]').selectOption(dept);
  await directory.getByLabel('Search', { exact: true }).fill('');
  for (const p of [movedA, movedB]) {
    await directory.getByLabel('Search', { exact: true }).fill(p.email);
    await directory.getByText('Showing 1–1 of 1 people').waitFor();
    await directory.getByLabel(`Select ${p.name}`).check();
  }
  await directory.getByRole('region', { name: 'Selected people' }).getByText('2 selected').waitFor();
  await directory.getByLabel('New manager', { exact: true }).fill(`${newBoss.name} (${newBoss.email})`);
  const setManager = directory.getByRole('button', { name: 'Set manager' });
  await directory.locator('button:has-text("Set manager"):enabled').waitFor();
  await saveScreenshot(page, 'people-bulk-desktop').then((f) => t.log(f));
  await setManager.click();
  await directory.getByText(`2 people now report to ${newBoss.name}.`).waitFor();
  for (const p of [movedA, movedB]) t.is((await people.get(p.id))!.managerId, newBoss.id);
  // The new manager gets the manager view from the org.
  t.true((await people.get(newBoss.id))!.roles.includes('manager'));

  // Phone width: the directory and a person page.
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: await hrContext.storageState() })).newPage();
  phone.setDefaultTimeout(20_000);
  const phoneErrors = collectPageErrors(phone);
  await phone.goto(`${app.url}/#/people`);
  await phone.locator('lms-people').getByText(/Showing 1–50 of \d+ people/).waitFor();
  await phone.locator('lms-people input[type=checkbox]').nth(1).check();
  await saveScreenshot(phone, 'people-directory-390').then((f) => t.log(f));
  t.true(await phone.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling at 390 px');
  await phone.goto(`${app.url}/#/person/${found.id}`);
  await phone.locator('lms-person').getByRole('heading', { name: found.name }).waitFor();
  await saveScreenshot(phone, 'people-person-390').then((f) => t.log(f));
  t.true(await phone.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling at 390 px');
  // The edit form's list pickers at 390 px: a new job role is flagged before saving.
  await phone.locator('lms-person').getByRole('button', { name: 'Edit' }).click();
  await phone.locator('lms-person').getByLabel('Job role', { exact: true }).fill('Harbour Pilot');
  await phone.locator('lms-person').getByText('Not on the list yet: saving adds “Harbour Pilot” to it.').waitFor();
  await saveScreenshot(phone, 'people-person-edit-390').then((f) => t.log(f));
  t.true(await phone.evaluate(() => document.documentElement.scrollWidth <= 390), 'the form fits at 390 px');

  t.deepEqual(pageErrors, []);
  t.deepEqual(phoneErrors, []);
});
