/**
 * End to end in Chromium, the whole "people and access" story through the UI: HR adds a
 * person on the People page and invites them from their page; the employee, in a second
 * browser, opens the link from the outbox, sets a password, signs in and sees My learning;
 * the used link is refused; "Forgot your password?" gets them a new one; then HR, still on
 * the person page, deactivates them, and the employee's open session ends at once: their
 * next click lands on the sign-in page and GET /api/session answers 401.
 * Needs the portal bundle (`npm run build`) and /usr/bin/chromium. Screenshots in test-output/screenshots/.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const HR = { email: 'hana.hr@example.com', password: 'Correct-Horse-Battery-42', name: 'Hana Reyes', roles: ['hr'] };
const NEWCOMER = { name: 'Omar Lindqvist', email: 'omar.lindqvist@example.com', department: 'Finance' };

/** The set-password link of the newest email to `to`, once `count` emails have arrived. */
async function linkFromOutbox(app: TestApp, to: string, count: number): Promise<string> {
  const outbox = app.runtime.store.db.collection<{ to: string; text: string; createdAt: Date }>('outbox');
  for (let i = 0; i < 200; i++) {
    const mails = (await outbox.find({ to }).toArray()).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    if (mails.length >= count) return /https?:\/\/\S+set-password\?token=[A-Za-z0-9_-]+/.exec(mails.at(-1)!.text)![0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no email #${count} to ${to}`);
}

async function setPassword(page: Page, password: string): Promise<void> {
  await page.getByLabel('New password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('people and access: HR adds and invites a person, who sets a password and signs in; used link refused; forgot password; deactivation ends their session', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser(HR);

  const browser = await launchBrowser();
  t.teardown(() => browser.close());

  // HR, in their own browser context.
  const hrContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const hr = await hrContext.newPage();
  hr.setDefaultTimeout(20_000);
  hr.on('dialog', (d) => void d.accept()); // the "Deactivate …?" confirmation
  const hrErrors = collectPageErrors(hr);
  await hr.goto(`${app.url}/`);
  await signIn(hr, HR.email, HR.password);
  await hr.getByRole('button', { name: 'Sign out' }).waitFor();

  // People → Add a person → the form.
  await navigateTo(hr, 'People');
  await hr.getByRole('heading', { name: 'People', exact: true }).waitFor();
  await hr.getByRole('link', { name: 'Add a person' }).click();
  const person = hr.locator('lms-person');
  await person.getByRole('heading', { name: 'Add a person' }).waitFor();
  const form = person.getByRole('form', { name: 'New person' });
  await form.getByLabel('Name', { exact: true }).fill(NEWCOMER.name);
  await form.getByLabel('Email', { exact: true }).fill(NEWCOMER.email);
  await form.getByLabel('Department', { exact: true }).fill(NEWCOMER.department);
  await saveScreenshot(hr, 'journey-hr-add-person').then((f) => t.log(f));
  await form.getByRole('button', { name: 'Add person' }).click();

  // Their page: created, not yet able to sign in.
  await person.getByRole('heading', { name: NEWCOMER.name }).waitFor();
  const created = (await app.runtime.services.people.list({ q: NEWCOMER.email, limit: 1, offset: 0 })).items[0]!;
  t.is(created.email, NEWCOMER.email);
  t.is(created.department, NEWCOMER.department);
  t.is(await person.getByRole('definition').filter({ hasText: /signed in/ }).innerText(), 'Never signed in');

  // Invite: the server emails a set-password link.
  await person.getByRole('button', { name: 'Invite' }).click();
  await person.getByRole('status').getByText(`Invitation sent to ${NEWCOMER.email}.`).waitFor();
  // The page reloads the profile after the notice shows: wait for the new sign-in state.
  await person.getByRole('definition').filter({ hasText: /^Invited .+, not signed in yet$/ }).waitFor();
  await saveScreenshot(hr, 'journey-hr-invited').then((f) => t.log(f));
  const link = await linkFromOutbox(app, NEWCOMER.email, 1);
  t.true(link.startsWith(`${app.url}/set-password?token=`), link);

  // The employee, in a second browser context, opens the link and sets a password.
  const employeeContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const employee = await employeeContext.newPage();
  employee.setDefaultTimeout(20_000);
  const employeeErrors = collectPageErrors(employee);
  await employee.goto(link);
  await employee.getByRole('heading', { name: 'Choose your password' }).waitFor();
  t.false(employee.url().includes('token='), employee.url());
  await employee.getByText(NEWCOMER.email).waitFor();
  await saveScreenshot(employee, 'journey-employee-set-password').then((f) => t.log(f));
  await setPassword(employee, 'walnut glacier tuba 31');

  // Sign in with it and land on My learning.
  await employee.getByRole('heading', { name: 'Sign in' }).waitFor();
  t.is(await employee.getByLabel('Email', { exact: true }).inputValue(), NEWCOMER.email);
  await signIn(employee, NEWCOMER.email, 'walnut glacier tuba 31');
  await employee.getByRole('heading', { name: 'My learning', level: 1 }).waitFor();
  await saveScreenshot(employee, 'journey-employee-my-learning').then((f) => t.log(f));

  // The same link again, in another tab of the employee's browser: refused, saying why.
  const again = await employeeContext.newPage();
  again.setDefaultTimeout(20_000);
  const againErrors = collectPageErrors(again);
  await again.goto(link);
  await again.getByRole('heading', { name: 'This link does not work' }).waitFor();
  t.regex(await again.getByTestId('link-refused').innerText(), /no longer works: it has been used, it has expired, or a newer one was sent/);
  t.is(await again.getByLabel('New password', { exact: true }).count(), 0, 'no password form on a used link');
  await saveScreenshot(again, 'journey-employee-link-used').then((f) => t.log(f));
  await again.close();

  // Forgot password: signed out, from the sign-in form, a new link by email; the new
  // password works and the old one no longer does.
  await navigateTo(employee, 'Home');
  await employee.getByRole('button', { name: 'Sign out' }).click();
  await employee.getByRole('heading', { name: 'Sign in' }).waitFor();
  await employee.getByRole('link', { name: 'Forgot your password?' }).click();
  await employee.getByRole('heading', { name: 'Reset your password' }).waitFor();
  await employee.getByLabel('Email', { exact: true }).fill(NEWCOMER.email);
  await employee.getByRole('button', { name: 'Email me a link' }).click();
  await employee.getByTestId('forgot-sent').waitFor();
  const resetLink = await linkFromOutbox(app, NEWCOMER.email, 2);
  t.not(resetLink, link);
  await employee.goto(resetLink);
  await employee.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await setPassword(employee, 'pebble saffron kite 58');
  await employee.getByRole('heading', { name: 'Sign in' }).waitFor();
  await signIn(employee, NEWCOMER.email, 'walnut glacier tuba 31');
  await employee.getByRole('alert').getByText('Email or password is incorrect').waitFor();
  await signIn(employee, NEWCOMER.email, 'pebble saffron kite 58');
  await employee.getByRole('heading', { name: 'My learning', level: 1 }).waitFor();
  t.is((await employee.request.get(`${app.url}/api/session`)).status(), 200);

  // HR, still on the person page, deactivates them.
  await person.getByRole('button', { name: 'Deactivate' }).click();
  await person.getByRole('status').getByText(`${NEWCOMER.name} is deactivated and signed out.`).waitFor();
  await person.getByRole('button', { name: 'Reactivate' }).waitFor();
  t.is(await person.getByRole('button', { name: 'Invite' }).count(), 0);
  t.regex(await person.getByRole('definition').filter({ hasText: /^Deactivated/ }).innerText(), /^Deactivated on /);
  await saveScreenshot(hr, 'journey-hr-deactivated').then((f) => t.log(f));

  // The employee's open session has ended: their next click lands on sign-in, and the API says so.
  // (They are on My learning; a link to the page already shown changes nothing, so the next click goes Home.)
  await navigateTo(employee, 'Home');
  await employee.getByRole('heading', { name: 'Sign in' }).waitFor();
  t.is(await employee.getByRole('navigation', { name: 'Main' }).count(), 0, 'no signed-in navigation left');
  t.is((await employee.request.get(`${app.url}/api/session`)).status(), 401);
  await saveScreenshot(employee, 'journey-employee-signed-out').then((f) => t.log(f));
  // And they cannot sign back in while deactivated (the same words as a wrong password: nothing about the account is disclosed).
  await signIn(employee, NEWCOMER.email, 'pebble saffron kite 58');
  await employee.getByRole('alert').getByText('Email or password is incorrect').waitFor();
  t.is((await employee.request.get(`${app.url}/api/session`)).status(), 401);
  await saveScreenshot(employee, 'journey-employee-refused-deactivated').then((f) => t.log(f));

  t.deepEqual([...hrErrors, ...employeeErrors, ...againErrors], [], 'no script errors or CSP violations in the console');
});
