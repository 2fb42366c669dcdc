/**
 * End to end, the authors' package page at 1366 px and 390 px (one browser): open it from
 * Content, preview a SCORM 2004 course as a learner through to its end with nothing
 * recorded (no attempt, no statement in the LRS), the structure tree with launch paths,
 * versions with what changed and learners on each, choosing the version for new learners,
 * archive and restore, and delete refused while the package is in use.
 */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { uploadPackage, writeZip } from '../helpers/package-upload.js';
import { loadSamples } from '../helpers/samples.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { PASSWORD } from './helpers/player.js';
import type { Page } from 'playwright-core';
import { navigateTo } from './helpers/navigation.js';

const fitsWidth = () => document.documentElement.scrollWidth <= document.documentElement.clientWidth;

/** A SCORM 1.2 course of these items (identifier -> [title, launch file]). */
function course(items: Record<string, [string, string]>): Record<string, string> {
  const entries = Object.entries(items);
  const files: Record<string, string> = {
    'imsmanifest.xml': `<?xml version="1.0"?><manifest identifier="page-course" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>Fire safety</title>
${entries.map(([id, [title]]) => `<item identifier="${id}" identifierref="r-${id}"><title>${title}</title></item>`).join('')}
</organization></organizations><resources>
${entries.map(([id, [, href]]) => `<resource identifier="r-${id}" type="webcontent" adlcp:scormtype="sco" href="${href}"><file href="${href}"/></resource>`).join('')}
</resources></manifest>`,
  };
  for (const [, [, href]] of entries) files[href] = '<!doctype html><title>part</title><p>part</p>';
  return files;
}

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Email').fill('author@example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await navigateTo(page, 'Content');
  await page.getByRole('heading', { name: 'Content packages' }).waitFor();
}

test('the package page: preview with nothing recorded, structure, versions, archive; at 1366 px and 390 px', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'author@example.com', password: PASSWORD, name: 'Ava Author', roles: ['author'] });
  await app.createUser({ email: 'eve@example.com', password: PASSWORD, name: 'Eve Employee', roles: ['employee'] });
  const samples = await loadSamples(app, { email: 'author@example.com', password: PASSWORD });
  const author = new HttpClient(app.url);
  await author.login('author@example.com', PASSWORD);
  // Two versions of a course: "Exits" renamed, "Drill" added; a learner on version 1.
  const fire = await uploadPackage(author, course({ intro: ['Introduction', 'intro.html'], exits: ['Exits', 'exits.html'] }));
  await uploadPackage(author, course({ intro: ['Introduction', 'intro.html'], exits: ['Emergency exits', 'exits.html'], drill: ['Drill', 'drill/index.html'] }));
  const eve = new HttpClient(app.url);
  await eve.login('eve@example.com', PASSWORD);
  t.is((await eve.request('POST', '/api/launches', { packageId: fire, itemId: 'intro' })).status, 201);

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  const errors = collectPageErrors(page);
  await signIn(page, app.url);
  t.true(await page.getByText(/same course identifier .* becomes a new version/).isVisible(), 'the upload form says how versions are made');
  t.true(await page.getByRole('button', { name: 'Load the sample packages' }).isVisible(), 'samples can be loaded with packages present');

  // An upload that can still play is imported with its warnings shown.
  const warned = course({ only: ['Only part', 'only.html'] });
  warned['imsmanifest.xml'] = warned['imsmanifest.xml']!.replace('identifier="page-course"', 'identifier="warned-course"').replace('<title>Fire safety</title>', '<title>Warned course</title>').replace('<file href="only.html"/>', '<file href="only.html"/><file href="media/intro.mp4"/>');
  await page.getByLabel(/Package zip/).setInputFiles(await writeZip(warned));
  await page.getByRole('button', { name: 'Upload' }).click();
  const warnings = page.getByRole('list', { name: 'Import warnings' });
  await warnings.waitFor();
  t.regex(await warnings.innerText(), /media\/intro\.mp4.*not in the zip/);
  await saveScreenshot(page, 'package-upload-warnings-1366').then((f) => t.log(f));

  // Preview the SCORM 2004 sample through to the end of its first part.
  const statementsBefore = (await app.runtime.lrs.records.find({ limit: 10_000 })).statements.length;
  await page.getByRole('link', { name: 'Code of Conduct' }).click();
  await page.getByRole('heading', { name: 'Preview as a learner' }).waitFor();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const sco = page.frameLocator('iframe[title^="Preview:"]').frameLocator('iframe[title="Course content"]');
  await sco.getByText(/^Welcome/).waitFor();
  await saveScreenshot(page, 'package-page-preview-1366').then((f) => t.log(f));
  await sco.getByRole('button', { name: 'Next' }).click();
  await sco.getByRole('button', { name: 'Next' }).click();
  await sco.getByRole('button', { name: /I have read the Code/ }).click();
  await page.getByText('The part has ended.').waitFor();
  const cmi = await page.locator('lms-package-preview').evaluate((el: any) => el.cmi);
  t.is(cmi.completion_status, 'completed', 'the SCO ran against the preview API');
  t.is(await app.runtime.store.db.collection('launch_attempts').countDocuments({ packageId: samples.scorm2004 }), 0, 'no attempt');
  t.is((await app.runtime.lrs.records.find({ limit: 10_000 })).statements.length, statementsBefore, 'the LRS holds nothing from the preview');

  // Structure, versions, learners, choosing the version for new learners.
  await page.getByRole('link', { name: '← Content' }).click();
  await page.getByRole('link', { name: 'Fire safety' }).click();
  const tree = page.getByRole('list', { name: 'Structure of version 1' });
  await tree.waitFor();
  t.true(await tree.getByText('exits.html').isVisible(), 'launch paths are shown');
  const v2 = page.locator('tr[data-version="2"]');
  t.regex(await v2.innerText(), /1 added, 1 changed/);
  t.regex(await v2.innerText(), /Added: Drill/);
  t.regex(await page.locator('tr[data-version="1"]').innerText(), /First version\s+1\s+Current/);
  await v2.getByRole('button', { name: 'Use for new learners' }).click();
  await page.getByText('New learners now get version 2.').waitFor();
  t.is((await author.request('GET', `/api/packages/${fire}`)).body.currentVersion, 2);
  t.regex(await page.getByRole('region', { name: 'Where it is used' }).innerText(), /Attempts by learners: 1/);
  await saveScreenshot(page, 'package-page-1366').then((f) => t.log(f));

  // Delete refused while used; archive, shown on the page and in Content; restore.
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('alert').getByText(/in use and cannot be deleted.*1 attempt/).waitFor();
  await page.getByRole('button', { name: 'Archive' }).click();
  await page.getByText('Archived: no one new is offered this package.').waitFor();
  t.true(await page.locator('.badge.archived').isVisible());
  await page.getByRole('link', { name: '← Content' }).click();
  t.regex(await page.locator(`tr[data-package-id="${fire}"] td`).first().innerText(), /Fire safety\s+Archived/);

  // 390 px: the same page fits, and restores.
  const narrow = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
  narrow.setDefaultTimeout(15_000);
  const narrowErrors = collectPageErrors(narrow);
  await signIn(narrow, app.url);
  t.true(await narrow.evaluate(fitsWidth), 'Content fits 390 px');
  await narrow.goto(`${app.url}/#/package/${fire}`);
  await narrow.getByRole('heading', { name: 'Versions' }).waitFor();
  t.true(await narrow.evaluate(fitsWidth), 'the package page fits 390 px');
  await narrow.getByRole('button', { name: 'Preview “Drill”' }).click();
  await narrow.frameLocator('iframe[title^="Preview:"]').frameLocator('iframe[title="Course content"]').getByText('part').waitFor();
  t.true(await narrow.evaluate(fitsWidth), 'the preview fits 390 px');
  await saveScreenshot(narrow, 'package-page-390').then((f) => t.log(f));
  await narrow.getByRole('button', { name: 'Restore' }).click();
  await narrow.getByText('Restored: the package is offered again.').waitFor();
  t.is((await author.request('GET', `/api/packages/${fire}`)).body.archivedAt, null);
  t.deepEqual([...errors, ...narrowErrors], []);
});
