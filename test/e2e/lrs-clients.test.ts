/**
 * End to end in Chromium: an admin connects an outside tool (its secret shown once); the
 * tool sends a learner's completion of an external requirement, which the manager sees
 * did not count and why; HR allows the tool to certify that requirement (picked from the
 * suggestions; a bad address is refused next to its field, by the form and by the
 * server), and the manager then sees it complete with its source. The admin revokes it.
 */
import test from 'ava';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';
import { deepText } from './helpers/page-text.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const EXTERNAL = 'https://vendor.example/courses/fire-safety';

async function signedIn(browser: Browser, app: TestApp, email: string, width = 1280): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  const errors = collectPageErrors(page);
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { page, errors };
}


async function openMyTeam(page: Page): Promise<void> {
  await page.goto(`${page.url().split('#')[0]}#/home`);
  await navigateTo(page, 'My team');
  await page.getByRole('status').getByText(/people, \d+ requirements\./).waitFor();
}

test('LRS clients: secret once, May certify from suggestions, what counted shown on My team', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'admin@example.com', password: PASSWORD, name: 'Ada Admin', roles: ['admin'] });
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  const manager = await app.createUser({ email: 'max@example.com', password: PASSWORD, name: 'Max Manager', roles: ['manager'] });
  const learner = await app.createUser({ email: 'eve@example.com', password: PASSWORD, name: 'Eve Learner', roles: ['employee'], managerId: manager.id });
  const { compliance } = app.runtime.services;
  await compliance.rules.create({ name: 'Fire safety', target: { type: 'activity', id: EXTERNAL, title: 'Fire safety (vendor)' }, criteria: { everyone: true }, due: { kind: 'afterAssignment', days: 30 }, active: true });
  await compliance.evaluate();

  const browser = await launchBrowser();
  t.teardown(() => browser.close());

  // The admin connects the vendor's platform and is shown its secret, once.
  const admin = await signedIn(browser, app, 'admin@example.com');
  await navigateTo(admin.page, 'LRS clients');
  await admin.page.getByLabel('Name', { exact: true }).fill('Vendor LMS');
  t.true(await admin.page.getByRole('checkbox', { name: /Send learning records/ }).isChecked(), 'sending records is the usual choice');
  await admin.page.getByRole('button', { name: 'Create client' }).click();
  await admin.page.getByRole('heading', { name: 'Vendor LMS is connected: copy its secret now' }).waitFor();
  t.truthy(await admin.page.getByText('Copy it now, it will not be shown again.').count());
  const key = await admin.page.getByRole('textbox', { name: 'Key (user name)' }).inputValue();
  const secret = await admin.page.getByRole('textbox', { name: 'Secret (password)' }).inputValue();
  t.is(await admin.page.getByRole('textbox', { name: /xAPI endpoint/ }).inputValue(), `${app.url}/xapi/`);
  t.true(secret.length >= 20);
  t.regex(await admin.page.getByRole('article', { name: 'Vendor LMS' }).innerText(), new RegExp(key));
  await saveScreenshot(admin.page, 'lrs-clients-secret-once').then((f) => t.log(f));
  await admin.page.getByRole('button', { name: 'Done, I have copied it' }).click();
  await admin.page.getByRole('heading', { name: 'Connect a tool' }).waitFor();
  t.is(await admin.page.getByRole('textbox', { name: 'Secret (password)' }).count(), 0, 'the secret is gone once dismissed');
  await admin.page.reload();
  await admin.page.getByRole('article', { name: 'Vendor LMS' }).waitFor();
  const listedText = await deepText(admin.page, 'lms-lrs-clients');
  t.true(listedText.includes(key), 'the text walk sees the list');
  t.false(listedText.includes(secret), 'and never listed');

  // The vendor reports Eve's completion with those credentials: stored, but not counted yet.
  const sent = await fetch(`${app.url}/xapi/statements`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, 'content-type': 'application/json', 'x-experience-api-version': '1.0.3' },
    body: JSON.stringify({
      actor: { objectType: 'Agent', account: { homePage: app.runtime.config.publicUrl, name: learner.id } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
      object: { id: EXTERNAL },
      result: { completion: true },
    }),
  });
  t.is(sent.status, 200);
  await compliance.evaluate();

  const mgr = await signedIn(browser, app, 'max@example.com', 390);
  await openMyTeam(mgr.page);
  const row = mgr.page.getByRole('row', { name: /Eve Learner/ });
  t.regex(await row.innerText(), /Not started|In progress/);
  await row.getByText('1 completion did not count').click();
  t.regex(await row.locator('details').innerText(), /Vendor LMS" is not allowed to certify this activity/);
  await saveScreenshot(mgr.page, 'lrs-clients-my-team-not-counted-390').then((f) => t.log(f));

  // HR sees the client read-only but chooses what it may certify.
  const hr = await signedIn(browser, app, 'hr@example.com', 390);
  await navigateTo(hr.page, 'LRS clients');
  const card = hr.page.getByRole('article', { name: 'Vendor LMS' });
  await card.waitFor();
  t.is(await hr.page.getByRole('button', { name: 'Create client' }).count(), 0, 'HR does not create clients');
  t.is(await card.getByRole('button', { name: /Revoke/ }).count(), 0, 'nor revoke them');
  await card.getByText('None yet: nothing Vendor LMS sends counts toward a requirement.').waitFor();

  // A typed address that is not one is refused beside the field, without asking the server.
  let puts = 0;
  hr.page.on('request', (r) => void (r.method() === 'PUT' && r.url().includes('/certifies') && puts++));
  const address = card.getByLabel('Or an activity address (URL)');
  await address.fill('fire safety course');
  await card.getByRole('button', { name: 'Add address' }).click();
  t.is(await address.getAttribute('aria-invalid'), 'true');
  t.regex(await card.locator('#add-error').innerText(), /full address starting with its scheme/);
  t.regex((await address.getAttribute('aria-describedby')) ?? '', /add-error/);
  t.is(puts, 0);

  await card.getByLabel('Requirement to allow').selectOption({ label: 'Fire safety (vendor)' });
  await card.getByRole('button', { name: 'Add requirement' }).click();
  t.regex(await card.getByRole('list', { name: 'Activities Vendor LMS may certify' }).innerText(), /Fire safety \(vendor\)[\s\S]*vendor\.example\/courses\/fire-safety/);

  // The server has the last word: its 400 (forced here by rewriting the request, since
  // the form would not send such an address) is shown next to the entry it names.
  await hr.page.route('**/certifies', (route) => route.continue({ postData: JSON.stringify({ activityIds: ['vendor fire safety'] }) }), { times: 1 });
  await card.getByRole('button', { name: 'Save what Vendor LMS may certify' }).click();
  await card.getByRole('alert').getByText('Nothing was saved: one address was refused (see the list).').waitFor();
  t.regex(await card.locator('#entry-error-0').innerText(), /must be a full activity address \(URL\)/);
  t.false((await deepText(hr.page, 'lms-lrs-clients')).includes('IRI'), 'no specialist words');
  await saveScreenshot(hr.page, 'lrs-clients-hr-server-400-390').then((f) => t.log(f));

  await card.getByRole('button', { name: 'Save what Vendor LMS may certify' }).click();
  await card.getByRole('status').getByText('Saved: Vendor LMS may certify 1 activity.').waitFor();
  t.is(await card.locator('#entry-error-0').count(), 0);
  const hrApi = new HttpClient(app.url);
  await hrApi.login('hr@example.com', PASSWORD);
  const listed = (await hrApi.request('GET', '/api/lrs/clients')).body as { items: Array<{ key: string; certifies: string[] }> };
  t.deepEqual(listed.items.find((c) => c.key === key)?.certifies, [EXTERNAL]);
  await saveScreenshot(hr.page, 'lrs-clients-hr-may-certify-390').then((f) => t.log(f));

  // With the allowance, the same statement counts: complete, saying where it came from.
  await compliance.evaluate();
  await openMyTeam(mgr.page);
  const done = mgr.page.getByRole('row', { name: /Eve Learner/ });
  t.regex(await done.innerText(), /Complete/);
  t.regex(await done.locator('.source').first().innerText(), new RegExp(`From LRS client "Vendor LMS" \\(${key}\\)`));
  t.is(await done.getByText(/did not count/).count(), 0);
  await saveScreenshot(mgr.page, 'lrs-clients-my-team-complete-390').then((f) => t.log(f));
  await mgr.page.setViewportSize({ width: 1280, height: 900 });
  await saveScreenshot(mgr.page, 'lrs-clients-my-team-complete-desktop').then((f) => t.log(f));

  // Revoking asks first, then the credentials stop working.
  const adminCard = admin.page.getByRole('article', { name: 'Vendor LMS' });
  await adminCard.getByRole('button', { name: 'Revoke…' }).click();
  await adminCard.getByRole('button', { name: 'Cancel' }).click();
  await adminCard.getByRole('button', { name: 'Revoke…' }).click();
  await adminCard.getByRole('button', { name: 'Revoke Vendor LMS' }).click();
  await admin.page.getByRole('status').getByText('Revoked Vendor LMS.').waitFor();
  await adminCard.getByText('Revoked', { exact: true }).waitFor();
  t.is(await adminCard.getByRole('button', { name: /Revoke/ }).count(), 0, 'nothing left to revoke');
  await saveScreenshot(admin.page, 'lrs-clients-admin-desktop').then((f) => t.log(f));
  const after = await fetch(`${app.url}/xapi/statements?limit=1`, { headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, 'x-experience-api-version': '1.0.3' } });
  t.is(after.status, 401);

  t.deepEqual([...admin.errors, ...mgr.errors, ...hr.errors], []);
});
