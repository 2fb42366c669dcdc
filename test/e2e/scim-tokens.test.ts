/**
 * End to end in Chromium: an admin creates a SCIM token (shown once with the base URL),
 * an identity provider uses it (the list shows the last use), and the admin revokes it.
 */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { scimClient } from '../helpers/scim-client.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';

test('SCIM tokens: create (shown once), used by a provider, revoked', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'admin@example.com', password: PASSWORD, name: 'Ada Admin', roles: ['admin'] });
  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  const errors = collectPageErrors(page);
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email').fill('admin@example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await navigateTo(page, 'User provisioning (SCIM)');
  await page.getByText('No tokens yet').waitFor();

  await page.getByLabel('Name', { exact: true }).fill('Okta');
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.getByRole('heading', { name: 'Token for Okta: copy it now' }).waitFor();
  const token = await page.getByRole('textbox', { name: /Bearer token/ }).inputValue();
  t.regex(token, /^scim_/);
  t.is(await page.getByRole('textbox', { name: /SCIM base URL/ }).inputValue(), `${app.url}/scim/v2`);
  const row = page.getByRole('row', { name: /Okta/ });
  t.regex(await row.innerText(), /Never/);
  await saveScreenshot(page, 'scim-tokens-once').then((f) => t.log(f));
  await page.getByRole('button', { name: 'Done, I have copied it' }).click();
  t.is(await page.getByRole('textbox', { name: /Bearer token/ }).count(), 0, 'the token is not shown again');
  t.false((await page.locator('lms-scim-tokens').innerText()).includes(token));

  // The provider uses it; after a reload the list shows when.
  t.is((await scimClient(app.url, token)('GET', '/Users')).status, 200);
  await page.reload();
  await page.getByRole('row', { name: /Okta/ }).waitFor();
  t.notRegex(await page.getByRole('row', { name: /Okta/ }).innerText(), /Never/);

  await page.getByRole('button', { name: 'Revoke Okta…' }).click();
  await saveScreenshot(page, 'scim-tokens-revoke').then((f) => t.log(f));
  await page.getByRole('button', { name: 'Revoke Okta', exact: true }).click();
  await page.getByRole('status').getByText('Revoked Okta.').waitFor();
  await page.getByText('No tokens yet').waitFor();
  t.is((await scimClient(app.url, token)('GET', '/Users')).status, 401);
  t.deepEqual(errors, []);
});
