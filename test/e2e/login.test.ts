/**
 * End to end: a person signs in to the portal in Chromium, sees who they are, and signs out.
 * Needs the portal bundle (`npm test` builds it first) and /usr/bin/chromium.
 * Screenshots land in test-output/screenshots/.
 */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';

const dana = {
  email: 'dana.whitfield@example.com',
  password: 'Correct-Horse-Battery-42',
  name: 'Dana Whitfield',
  roles: ['hr', 'manager'],
};

/** True when the page does not scroll sideways, the WCAG reflow check for zoomed pages. */
const fitsWidth = () => document.documentElement.scrollWidth <= document.documentElement.clientWidth;

test('a person signs in with the right password only, sees who they are, and signs out', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser(dana);

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors = collectPageErrors(page);

  const email = page.getByLabel('Email');
  const password = page.getByLabel('Password');
  const signInHeading = page.getByRole('heading', { name: 'Sign in' });
  const whoami = page.getByTestId('whoami');

  // The page shell, with its security headers.
  const response = await page.goto(`${app.url}/`);
  t.is(response?.status(), 200, `GET / answered ${response?.status()}: has \`npm run build\` run?`);
  t.regex(response?.headers()['content-security-policy'] ?? '', /script-src 'self'(;|$)/);
  t.is(response?.headers()['x-content-type-options'], 'nosniff');

  // Signed out: the form, with the email field focused so a keyboard user can start typing.
  await signInHeading.waitFor();
  t.is(await page.title(), 'Sign in · Learning Hub');
  await page.getByRole('banner').getByText('Learning Hub').waitFor();
  await saveScreenshot(page, 'login').then((file) => t.log(file));

  // Wrong password, entirely by keyboard: the server's message is shown in the alert region.
  await page.keyboard.type(dana.email);
  t.is(await email.inputValue(), dana.email, 'the email field should have focus on load');
  await page.keyboard.press('Tab');
  await page.keyboard.type('not-the-password');
  const [rejected] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${app.url}/api/session` && r.request().method() === 'POST'),
    page.keyboard.press('Enter'),
  ]);
  t.is(rejected.status(), 401);
  const { error } = (await rejected.json()) as { error: { code: string; message: string } };
  t.is(error.code, 'invalid_credentials');
  const alert = page.getByRole('alert').filter({ hasText: error.message });
  await alert.waitFor();
  t.is((await alert.textContent())?.trim(), error.message);
  t.is(await password.inputValue(), '', 'the wrong password should be cleared for another try');
  t.is(await whoami.count(), 0);
  await saveScreenshot(page, 'login-error').then((file) => t.log(file));

  // Right password: home says who is signed in and with which roles.
  await password.fill(dana.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await whoami.waitFor();
  const identity = (await whoami.innerText()).replace(/\s+/g, ' ');
  t.true(identity.includes(dana.name), identity);
  t.true(identity.includes(dana.email), identity);
  t.true(identity.includes('HR'), identity);
  t.true(identity.includes('Manager'), identity);
  t.is(await page.getByRole('heading', { level: 1 }).innerText(), `Welcome, ${dana.name}`);
  t.is(await page.title(), 'Home · Learning Hub');
  t.is(await page.getByRole('alert').filter({ hasText: error.message }).count(), 0);
  await saveScreenshot(page, 'home').then((file) => t.log(file));

  // The session lives on the server: a reload stays signed in.
  await page.reload();
  await whoami.waitFor();

  // At 200% zoom (half the CSS width, twice the pixels) the page still fits without sideways scrolling.
  const zoomed = await browser.newContext({
    viewport: { width: 640, height: 400 },
    deviceScaleFactor: 2,
    storageState: await context.storageState(),
  });
  const zoomedPage = await zoomed.newPage();
  zoomedPage.setDefaultTimeout(10_000);
  await zoomedPage.goto(`${app.url}/`);
  await zoomedPage.getByTestId('whoami').waitFor();
  t.true(await zoomedPage.evaluate(fitsWidth), 'home should fit at 200% zoom');
  await saveScreenshot(zoomedPage, 'home-zoom-200').then((file) => t.log(file));

  // Sign out sends the CSRF token, ends the session and returns to the form.
  const [signOutRequest] = await Promise.all([
    page.waitForRequest((r) => r.url() === `${app.url}/api/session` && r.method() === 'DELETE'),
    page.getByRole('button', { name: 'Sign out' }).click(),
  ]);
  t.truthy(signOutRequest.headers()['x-csrf-token'], 'DELETE /api/session should carry X-CSRF-Token');
  t.true((await signOutRequest.response())?.ok());
  await signInHeading.waitFor();
  t.is(await whoami.count(), 0);
  await page.reload();
  await signInHeading.waitFor();

  // The other tab is signed out too once it reloads, and the form fits at 200% zoom.
  await zoomedPage.reload();
  await zoomedPage.getByRole('heading', { name: 'Sign in' }).waitFor();
  t.true(await zoomedPage.evaluate(fitsWidth), 'sign-in should fit at 200% zoom');
  await saveScreenshot(zoomedPage, 'login-zoom-200').then((file) => t.log(file));

  t.deepEqual(pageErrors, [], 'no script errors or CSP violations in the console');
});
