/**
 * End to end: an author uploads a package in Chromium, watches the upload and import
 * progress, and sees it listed; a zip without a manifest is refused with the rule named.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import yazl from 'yazl';
import { startTestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/temp-dir.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';

test('an author uploads a package and sees it imported; a bad zip is refused by rule', async (t) => {
  execFileSync(process.execPath, ['scripts/build-samples.mjs'], { stdio: 'pipe' });
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'author@example.com', password: 'Correct-Horse-Battery-42', name: 'Ari Author', roles: ['author'] });

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = collectPageErrors(page);

  await page.goto(`${app.url}/`);
  await page.getByLabel('Email').fill('author@example.com');
  await page.getByLabel('Password').fill('Correct-Horse-Battery-42');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /Welcome/ }).waitFor();
  await page.goto(`${app.url}/#/content`);
  await page.getByRole('heading', { name: 'Content packages' }).waitFor();
  await page.getByText('No packages yet.').waitFor();
  t.true(await page.getByRole('button', { name: 'Load the sample packages' }).isVisible(), 'an empty LMS offers demo content');

  await page.getByLabel(/Package zip/).setInputFiles(path.resolve('packages-sample/dist/onboarding-cmi5.zip'));
  await page.getByRole('button', { name: 'Upload' }).click();
  const status = page.getByRole('status');
  await status.getByText(/Imported “.+” as version 1\./).waitFor();
  const row = page.locator('tbody tr');
  t.is(await row.count(), 1);
  t.regex(await row.first().innerText(), /cmi5/);
  await saveScreenshot(page, 'packages-imported').then((file) => t.log(file));

  const bad = path.join(tempDir('e2e-bad-'), 'no-manifest.zip');
  await new Promise<void>((resolve) => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('<p>hello</p>'), 'index.html');
    zip.outputStream.pipe(fs.createWriteStream(bad)).on('close', () => resolve());
    zip.end();
  });
  await page.getByLabel(/Package zip/).setInputFiles(bad);
  await page.getByRole('button', { name: 'Upload' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'rule: manifest_missing' });
  await alert.waitFor();
  t.is(await row.count(), 1, 'nothing was added');
  await saveScreenshot(page, 'packages-refused').then((file) => t.log(file));
  t.deepEqual(pageErrors.filter((e) => !/status of 422/.test(e)), []);
});
