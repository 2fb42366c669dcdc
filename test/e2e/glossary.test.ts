/**
 * Every page, rendered with real data, speaks to people in their words: an admin who is
 * also HR, author and manager opens every view the navigation offers (and the person page,
 * every report tab, a learner's pages), and no page shows an internal word: standards'
 * jargon (IRI), field keys (typedName, targetId), storage words (ord, ObjectId) or a
 * rendering slip (undefined, NaN, [object Object]).
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { loadSamples } from '../helpers/samples.js';
import { seedOrganisation } from '../fixtures/seed-organisation.js';
import { collectPageErrors, launchBrowser } from './helpers/browser.js';
import { deepText } from './helpers/page-text.js';

const PASSWORD = 'Correct-Horse-Battery-42';

/** Words people must never read, each with why. */
const GLOSSARY: ReadonlyArray<[RegExp, string]> = [
  [/\bIRIs?\b/, 'a standard’s jargon: say address'],
  [/\bhr-paths\b|\bhr-org\b|\bshared contract\b/, 'the project’s internal module names'],
  [/\btypedName\b|\btargetId\b|\btargetType\b|\bpersonId\b|\bactivityId\b|\bstatementId\b/, 'an API field key instead of its label'],
  [/\bord\b|\bObjectId\b|\b_id\b/, 'a storage word'],
  [/\bundefined\b|\bNaN\b|\[object Object\]|\bnull\b/, 'a rendering slip'],
  [/\bstep-\d+\b/, 'an internal step id'],
];

function internalWords(text: string): string[] {
  return GLOSSARY.flatMap(([re, why]) => {
    const m = re.exec(text);
    return m ? [`“${m[0]}” (${why}) in …${text.slice(Math.max(0, m.index - 60), m.index + 60).replace(/\s+/g, ' ')}…`] : [];
  });
}

async function visit(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.locator('lms-app').waitFor();
  // Let the view load its data: wait until nothing says it is loading.
  await page.waitForFunction(() => !/Loading…|Loading\.\.\./.test(document.querySelector('lms-app')?.shadowRoot?.textContent ?? ''), undefined, { timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(300);
  return deepText(page, 'lms-app');
}

test('no page shows an internal word, for an all-roles admin and for a learner', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const org = await seedOrganisation({ db: app.runtime.store.db, people: 30, departments: 3, seed: 11 });
  await app.createUser({ email: 'ada@example.com', password: PASSWORD, name: 'Ada Admin', roles: ['admin', 'hr', 'author', 'manager'] });
  const learner = org.people.find((p) => p.roles.length === 1 && p.roles[0] === 'employee' && p.managerId)!;
  await app.runtime.services.people.setPassword(learner.id, PASSWORD);
  const samples = await loadSamples(app, { email: 'ada@example.com', password: PASSWORD });

  // Real data on every screen: a path, a policy, rules of each kind, an LRS client, evaluations.
  const hr = new HttpClient(app.url);
  await hr.login('ada@example.com', PASSWORD);
  const policy = await hr.request('POST', '/api/policies', { title: 'Code of conduct', text: 'Be kind to each other.' });
  const path = await hr.request('POST', '/api/paths', {
    title: 'Onboarding',
    steps: [
      { id: 'step-1', title: 'Welcome course', type: 'package', ref: samples.scorm12 },
      { id: 'step-2', title: 'Sign the code', type: 'policy', ref: policy.body.id, prerequisites: ['step-1'] },
    ],
  });
  t.is(path.status, 201);
  const { compliance } = app.runtime.services;
  await compliance.rules.create({ name: 'Onboarding for everyone', target: { type: 'path', id: path.body.id, title: 'Onboarding' }, criteria: { everyone: true }, due: { kind: 'afterHire', days: 30 }, active: true });
  await compliance.rules.create({ name: 'Data protection yearly', target: { type: 'package', id: samples.scorm2004, title: 'Data protection' }, criteria: { everyone: true }, due: { kind: 'afterAssignment', days: 14 }, recurrence: { validForMonths: 12, windowDays: 30 }, active: true });
  await compliance.rules.create({ name: 'Fire safety (vendor)', target: { type: 'activity', id: 'https://vendor.example/fire', title: 'Fire safety' }, criteria: { everyone: true }, due: { kind: 'none' }, active: true });
  await app.runtime.lrs.credentials.create({ name: 'Vendor LMS', scopes: ['statements/write'] });
  await compliance.evaluate();

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  const errors = collectPageErrors(page);
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email', { exact: true }).fill('ada@example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();

  // Every link the navigation holds (menus included), the person page and every report tab.
  const navHrefs = await page.locator('lms-app').evaluate((el) => [...el.shadowRoot!.querySelectorAll('nav a')].map((a) => a.getAttribute('href')!));
  const hashes = [...new Set([...navHrefs, `#/person/${learner.id}`, `#/package/${samples.scorm2004}`, `#/package/${samples.cmi5}`, ...['compliance', 'onboarding', 'learning', 'evidence', 'performance'].map((tab) => `#/reports/${tab}`)])];
  t.true(hashes.length >= 20, `visited ${hashes.length} pages`);
  const found: string[] = [];
  for (const hash of hashes) for (const w of internalWords(await visit(page, `${app.url}/${hash}`))) found.push(`${hash}: ${w}`);

  // A learner's own pages.
  const learnerPage = await (await browser.newContext({ viewport: { width: 390, height: 900 } })).newPage();
  await learnerPage.goto(`${app.url}/`);
  await learnerPage.getByLabel('Email', { exact: true }).fill(learner.email);
  await learnerPage.getByLabel('Password').fill(PASSWORD);
  await learnerPage.getByRole('button', { name: 'Sign in' }).click();
  await learnerPage.getByRole('button', { name: 'Sign out' }).waitFor();
  for (const hash of ['#/home', '#/my-learning', '#/courses', '#/notifications', '#/reports/compliance']) {
    for (const w of internalWords(await visit(learnerPage, `${app.url}/${hash}`))) found.push(`learner ${hash}: ${w}`);
  }
  t.deepEqual(found, []);
  t.deepEqual(errors, []);
});
