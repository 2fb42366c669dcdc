/**
 * End to end: HR invites a person (through the API); the person opens the link from the
 * outbox in Chromium, sets a password, signs in and sees My learning; the used link is then
 * refused with a clear message; "Forgot your password?" on the sign-in form works end to end.
 * Needs the portal bundle (`npm run build`) and /usr/bin/chromium. Screenshots in test-output/screenshots/.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';

const hrUser = { email: 'hana.hr@example.com', password: 'Correct-Horse-Battery-42', name: 'Hana Reyes', roles: ['hr'] };

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

test('an invited person sets a password from the emailed link, signs in to My learning; the used link is refused; forgot password works', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser(hrUser);
  const hr = new HttpClient(app.url);
  await hr.login(hrUser.email, hrUser.password);
  const person = await hr.request('POST', '/api/users', { email: 'noor.haddad@example.com', name: 'Noor Haddad' });
  t.is((await hr.request('POST', `/api/users/${person.body.id}/invitation`)).status, 201);
  const link = await linkFromOutbox(app, 'noor.haddad@example.com', 1);

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors = collectPageErrors(page);

  // The link opens the set-password page; the token leaves the address bar at once.
  await page.goto(link);
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  t.false(page.url().includes('token='), page.url());
  t.is(await page.title(), 'Set your password · Learning Hub');
  await page.getByText('noor.haddad@example.com').waitFor();
  await saveScreenshot(page, 'access-set-password').then((f) => t.log(f));

  // A common password is refused with the server's reason; the link still works after.
  await setPassword(page, 'password1234');
  await page.getByRole('alert').filter({ hasText: 'commonly used password' }).waitFor();
  await saveScreenshot(page, 'access-set-password-refused').then((f) => t.log(f));
  await setPassword(page, 'lantern maple orbit 7');

  // Then sign in with it and land on My learning.
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByTestId('sign-in-notice').waitFor();
  t.is(await page.getByLabel('Email').inputValue(), 'noor.haddad@example.com');
  await saveScreenshot(page, 'access-sign-in-after-set').then((f) => t.log(f));
  await page.getByLabel('Password').fill('lantern maple orbit 7');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My learning', level: 1 }).waitFor();
  await saveScreenshot(page, 'access-my-learning').then((f) => t.log(f));
  t.is((await hr.request('GET', `/api/users/${person.body.id}`)).body.invitation, 'accepted');

  // The same link again, in a fresh tab: refused, saying why and what to do.
  const again = await browser.newPage();
  await again.goto(link);
  const refused = again.getByTestId('link-refused');
  await refused.waitFor();
  t.regex((await refused.innerText()) ?? '', /no longer works: it has been used, it has expired, or a newer one was sent/);
  await again.getByRole('heading', { name: 'This link does not work' }).waitFor();
  await saveScreenshot(again, 'access-link-used').then((f) => t.log(f));

  // Forgot password, from the sign-in form, signed out in a new context.
  const fresh = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const phone = await fresh.newPage();
  phone.setDefaultTimeout(10_000);
  const phoneErrors = collectPageErrors(phone);
  await phone.goto(`${app.url}/`);
  await phone.getByRole('link', { name: 'Forgot your password?' }).click();
  await phone.getByRole('heading', { name: 'Reset your password' }).waitFor();
  await phone.getByLabel('Email').fill('noor.haddad@example.com');
  await phone.getByRole('button', { name: 'Email me a link' }).click();
  await phone.getByTestId('forgot-sent').waitFor();
  await saveScreenshot(phone, 'access-forgot-sent').then((f) => t.log(f));
  const resetLink = await linkFromOutbox(app, 'noor.haddad@example.com', 2);
  await phone.goto(resetLink);
  await phone.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await setPassword(phone, 'copper heron fjord 9');
  await phone.getByRole('heading', { name: 'Sign in' }).waitFor();
  await phone.getByLabel('Password').fill('copper heron fjord 9');
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await phone.getByRole('heading', { name: 'My learning', level: 1 }).waitFor();
  await saveScreenshot(phone, 'access-my-learning-after-reset').then((f) => t.log(f));

  // The reset ended the first browser's session.
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();

  t.deepEqual([...pageErrors, ...phoneErrors], [], 'no script errors or CSP violations in the console');
});
