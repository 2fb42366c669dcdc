/**
 * The main navigation in Chromium, for each role, at 1366 and 390 px: grouped by what the
 * person is doing and holding only what their roles may open; a workspace's menu opens,
 * leads to its page, and closes with Escape (focus back on its button); at 390 px one Menu
 * button keeps the header short. Screenshots for a look.
 */
import test from 'ava';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';

async function signIn(browser: Browser, app: TestApp, email: string, width: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** What the main navigation shows at its top level: group buttons and plain links, in order. */
async function topLevel(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  return nav.locator(':scope > ul > li > a, :scope > ul > li > button').allInnerTexts().then((xs) => xs.map((x) => x.trim()));
}

test('each role sees its own workspaces; menus open, lead to the page and close; 390 px has one Menu button', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const boss = await app.createUser({ email: 'mia@example.com', password: PASSWORD, name: 'Mia Manager', roles: ['manager'] });
  const { id: eveId } = await app.createUser({ email: 'eve@example.com', password: PASSWORD, name: 'Eve Employee', roles: ['employee'], managerId: boss.id });
  await app.createUser({ email: 'hana@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  await app.createUser({ email: 'ada@example.com', password: PASSWORD, name: 'Ada Admin', roles: ['admin'] });
  const browser = await launchBrowser();
  t.teardown(() => browser.close());

  // An employee: a handful of links, one flat row as before; the bell counts what is unread.
  const eve = await signIn(browser, app, 'eve@example.com', 1366);
  t.deepEqual(await topLevel(eve), ['Home', 'Courses', 'Catalogue', 'My learning', 'Tasks & sessions', 'Notifications', 'Reports']);
  t.is(await eve.getByTestId('bell').getAttribute('aria-label'), 'Notifications: none unread');
  await app.runtime.services.notifications.notify({ personId: eveId, kind: 'assigned', title: 'Assigned to you: Fire safety', body: 'Due soon.', link: '#/my-learning' });
  await navigateTo(eve, 'Courses');
  await eve.waitForFunction(() => document.querySelector('lms-app')?.shadowRoot?.querySelector('[data-testid=bell]')?.getAttribute('aria-label') === 'Notifications: 1 unread');
  await eve.getByTestId('bell').click();
  await eve.getByText('Assigned to you: Fire safety').waitFor();

  // A manager: Learn, their team, reports.
  const mia = await signIn(browser, app, 'mia@example.com', 1366);
  t.deepEqual(await topLevel(mia), ['Learn', 'My team', 'Reports']);

  // HR: every workspace but Settings; nothing that only admins may open.
  const hana = await signIn(browser, app, 'hana@example.com', 1366);
  const errors = collectPageErrors(hana);
  t.deepEqual(await topLevel(hana), ['Learn', 'My team', 'Manage learning', 'People', 'Compliance', 'Reports', 'Settings']);
  const compliance = hana.getByRole('button', { name: 'Compliance' });
  t.is(await compliance.getAttribute('aria-expanded'), 'false');
  await compliance.click();
  t.is(await compliance.getAttribute('aria-expanded'), 'true');
  const menu = hana.getByRole('list', { name: 'Compliance' });
  t.deepEqual((await menu.getByRole('link').allInnerTexts()).map((x) => x.trim()), ['Dashboard', 'Calendar', 'Evidence packs']);
  await saveScreenshot(hana, 'navigation-hr-compliance-menu').then((f) => t.log(f));
  await hana.keyboard.press('Escape');
  t.is(await compliance.getAttribute('aria-expanded'), 'false');
  t.true(await compliance.evaluate((el) => el.matches(':focus')), 'focus returns to the menu button');
  await compliance.click();
  await menu.getByRole('link', { name: 'Dashboard' }).click();
  await hana.waitForURL(/#\/reports\/compliance$/);
  t.false(await menu.isVisible(), 'following a link closes the menu');
  t.true(await compliance.evaluate((el) => el.classList.contains('current')), 'the workspace of the page shown is marked');
  await hana.getByRole('button', { name: 'Settings' }).click();
  t.deepEqual((await hana.getByRole('list', { name: 'Settings' }).getByRole('link').allInnerTexts()).map((x) => x.trim()), ['LRS clients', 'Email templates']);

  // HR words the reminders: a placeholder the email does not fill is refused beside the field.
  await hana.getByRole('list', { name: 'Settings' }).getByRole('link', { name: 'Email templates' }).click();
  const dueCard = hana.locator('lms-email-templates article[data-kind="due"]');
  await dueCard.getByLabel('Text').fill('Hello {firstName}, see {link}');
  await dueCard.getByRole('button', { name: 'Save' }).click();
  await dueCard.getByRole('alert').getByText(/\{firstName\} is not filled in/).waitFor();
  t.is(await dueCard.getByLabel('Text').getAttribute('aria-invalid'), 'true');
  await dueCard.getByLabel('Text').fill('Hello {name}: "{title}" is due on {date}. {link}');
  await dueCard.getByRole('button', { name: 'Save' }).click();
  await hana.getByRole('status').getByText('Saved. The next emails of this kind use it.').waitFor();
  await dueCard.getByRole('button', { name: 'Use the default' }).waitFor();
  await saveScreenshot(hana, 'email-templates').then((f) => t.log(f));
  t.deepEqual(errors, []);

  // An admin has the admin-only settings too.
  const ada = await signIn(browser, app, 'ada@example.com', 1366);
  await ada.getByRole('button', { name: 'Settings' }).click();
  t.true((await ada.getByRole('list', { name: 'Settings' }).getByRole('link').allInnerTexts()).map((x) => x.trim()).includes('Sign-in emails'));
  const adminTop = await topLevel(ada);

  // 390 px, for the employee, the manager and the admin: the same workspaces behind one Menu button, nothing sideways.
  for (const [email, who, expected] of [
    ['eve@example.com', 'employee', ['Home', 'Courses', 'Catalogue', 'My learning', 'Tasks & sessions', 'Notifications', 'Reports']],
    ['mia@example.com', 'manager', ['Learn', 'My team', 'Reports']],
    ['ada@example.com', 'admin', adminTop],
  ] as const) {
    const phone = await signIn(browser, app, email, 390);
    const menu = phone.getByRole('button', { name: 'Menu' });
    t.false(await phone.getByRole('navigation', { name: 'Main' }).isVisible(), `${who}: closed at first`);
    await menu.click();
    t.deepEqual(await topLevel(phone), [...expected], `${who} at 390 px`);
    t.true(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `${who}: no sideways scrolling at 390 px`);
    await saveScreenshot(phone, `navigation-${who}-390-open`).then((f) => t.log(f));
    await phone.context().close();
  }

  // 390 px: the header stays short behind one Menu button, which lists every workspace.
  const narrow = await signIn(browser, app, 'hana@example.com', 390);
  const headerHeight = await narrow.locator('lms-app').evaluate((el) => el.shadowRoot!.querySelector('header')!.getBoundingClientRect().height);
  t.true(headerHeight < 80, `header is ${headerHeight}px tall at 390 px`);
  await saveScreenshot(narrow, 'navigation-hr-390-closed').then((f) => t.log(f));
  await narrow.getByRole('button', { name: 'Menu' }).click();
  const people = narrow.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import people' });
  t.true(await people.isVisible(), 'opened, the menu shows every workspace link');
  await saveScreenshot(narrow, 'navigation-hr-390-open').then((f) => t.log(f));
  await people.click();
  await narrow.getByRole('heading', { name: /Import people/ }).waitFor();
  t.false(await people.isVisible(), 'the menu closes on navigation');
  t.true(await narrow.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), 'no sideways scrolling at 390 px');
  t.is(await narrow.getByTestId('wrong-address').count(), 0, 'no warning at the address the LMS is set up for');

  // Opened at another name for the same machine (localhost for 127.0.0.1): the page says which address to use.
  const elsewhere = await (await browser.newContext()).newPage();
  await elsewhere.goto(app.url.replace('127.0.0.1', 'localhost') + '/#/courses');
  const warning = elsewhere.getByTestId('wrong-address');
  await warning.waitFor();
  t.regex(await warning.innerText(), new RegExp(`set up for ${app.url.replace(/[.]/g, '\\.')}`));
  t.is(await warning.getByRole('link', { name: /continue at/ }).getAttribute('href'), `${app.url}/#/courses`);
  await saveScreenshot(elsewhere, 'wrong-address').then((f) => t.log(f));
});
