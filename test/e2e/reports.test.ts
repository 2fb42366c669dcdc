/**
 * End to end: HR opens the Reports dashboard in Chromium over a seeded organisation
 * whose compliance status comes from the real pipeline (assignment rules -> statements
 * in the LRS -> hr-org's evaluation). The charts must be drawn from that data, with
 * their text alternatives; the performance page shows a scatter with its trend line.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { seedOrganisation, seedStatements } from '../fixtures/seed-organisation.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const DAY = 86_400_000;
const FIRE = 'https://courses.example.com/fire-safety';
const PRIVACY = 'https://courses.example.com/data-protection';

/** Non-transparent pixels on a chart's canvas: proof something was painted. */
async function paintedPixels(page: Page, nth: number): Promise<number> {
  return page.locator('lms-chart canvas').nth(nth).evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
}

test('HR sees the compliance dashboard drawn from real data, with text alternatives', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const { runtime } = app;
  const now = new Date();
  const org = await seedOrganisation({ db: runtime.store.db, people: 80, departments: 4, seed: 5, now, hireYears: 3 });
  await runtime.services.people.create({ email: 'hr@example.com', name: 'Hedda HR', password: PASSWORD, roles: ['hr'] });
  const { compliance } = runtime.services;
  await compliance.rules.create({ name: 'Fire safety', target: { type: 'activity', id: FIRE, title: 'Fire safety' }, criteria: { everyone: true }, due: { kind: 'afterAssignment', days: 30 }, recurrence: { validForMonths: 12, windowDays: 90 }, active: true });
  await compliance.rules.create({ name: 'Data protection', target: { type: 'activity', id: PRIVACY, title: 'Data protection' }, criteria: { everyone: true }, due: { kind: 'absolute', date: new Date(now.getTime() - 20 * DAY) }, active: true });
  await seedStatements({ lrs: runtime.lrs, homePage: runtime.config.publicUrl, people: org.people, activityIds: [FIRE, PRIVACY], completionRate: 0.75, from: new Date(now.getTime() - 340 * DAY), to: new Date(now.getTime() - DAY), seed: 3 });
  await compliance.evaluate();
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  const dash = (await hr.request('GET', '/api/reports/compliance')).body;
  t.is(dash.totals.requirements, 162, '81 people (with HR) x 2 requirements, from the evaluation');
  const csv = ['person,period,metric,value', ...org.people.map((p, i) => `${p.employeeId},2026-H2,rating,${1 + ((i * 7) % 5)}`), 'hr@example.com,2026-H2,rating,4'].join('\n');
  t.is((await hr.request('POST', '/api/performance/imports', csv, { 'content-type': 'text/csv' })).status, 200);

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  const errors = collectPageErrors(page);
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email').fill('hr@example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await navigateTo(page, 'Reports');
  await page.getByRole('heading', { name: 'Reports' }).waitFor();
  const tabs = page.getByRole('navigation', { name: 'Reports' });
  await page.getByText('On-time onboarding completion').waitFor();

  // The completion tile shows the API's figure; the KPI tiles show targets.
  t.is(await page.locator('[data-figure=completion]').innerText(), `${dash.totals.completionPct}%`);
  t.regex(await page.locator('[data-kpi=past_due]').innerText(), /Target under 5%/);
  t.regex(await page.locator('[data-kpi=review_participation]').innerText(), /100%/, 'everyone has a rating in the latest period');

  // Charts: chart.js holds the data points and has painted the canvas.
  const charts = page.locator('lms-chart');
  t.is(await charts.count(), 2);
  const trendPoints = await charts.nth(0).evaluate((el) => (el as unknown as { drawnPoints: number }).drawnPoints);
  t.true(trendPoints >= 2, `trend points: ${trendPoints}`);
  const barPoints = await charts.nth(1).evaluate((el) => (el as unknown as { drawnPoints: number }).drawnPoints);
  t.is(barPoints, dash.groups.department.filter((g: { completionPct?: number }) => g.completionPct !== undefined).length * 2);
  t.true((await paintedPixels(page, 0)) > 1000);
  t.true((await paintedPixels(page, 1)) > 1000);
  // Text alternatives: a named image and a data table with the same figures.
  t.regex((await page.locator('lms-chart canvas').nth(1).getAttribute('aria-label')) ?? '', /Completion and past due by department\./);
  await page.getByText('Data table: Completion and past due by department').click();
  const firstDept = dash.groups.department[0];
  await page.locator('lms-chart').nth(1).getByRole('cell', { name: firstDept.label, exact: true }).waitFor();
  await saveScreenshot(page, 'reports-dashboard').then((f) => t.log(f));

  // Drill down to the people behind "overdue or expired".
  await page.getByRole('button', { name: 'Show people' }).first().click();
  await page.getByRole('heading', { name: /Overdue or expired: \d+ lines?/ }).waitFor();

  // Sorting a table by keyboard.
  const header = page.locator('lms-data-table').filter({ hasText: 'By department' }).getByRole('button', { name: /Complete/ });
  await header.focus();
  await page.keyboard.press('Enter');
  t.is(await page.locator('lms-data-table').filter({ hasText: 'By department' }).locator('th[aria-sort=ascending]').count(), 1);

  // Performance: the scatter with its least-squares line, and the reading.
  await tabs.getByRole('link', { name: 'Performance', exact: true }).click();
  await page.getByRole('button', { name: 'Compute' }).click();
  await page.locator('[data-reading]').waitFor();
  t.regex(await page.locator('[data-reading]').innerText(), /Correlation is not causation; n=81\./);
  const scatter = page.locator('lms-chart').first();
  t.is(await scatter.evaluate((el) => (el as unknown as { drawnPoints: number }).drawnPoints), 81 + 2, '81 people and the two ends of the line');
  t.true((await paintedPixels(page, 0)) > 1000);
  await saveScreenshot(page, 'reports-performance').then((f) => t.log(f));

  // Evidence pack: build with progress, then a download link.
  await tabs.getByRole('link', { name: 'Evidence packs', exact: true }).click();
  await page.getByLabel('Requirement').selectOption({ label: 'Fire safety (activity)' });
  await page.getByLabel('Department').fill(org.departments[0]!);
  await page.getByRole('button', { name: 'Build pack' }).click();
  const ready = page.getByRole('status').getByText(/Ready: \d+ completions, \d+ statements/);
  await ready.waitFor();
  const href = await page.getByRole('link', { name: 'Download the evidence pack' }).getAttribute('href');
  t.regex(href ?? '', /^\/api\/reports\/evidence-packs\/[0-9a-f]{24}\/download$/);
  t.regex(await page.getByRole('link', { name: 'Download the completions as CSV now' }).getAttribute('href') ?? '', /targetType=activity&targetId=https%3A%2F%2Fcourses.example.com%2Ffire-safety&department=/);
  await saveScreenshot(page, 'reports-evidence').then((f) => t.log(f));

  await tabs.getByRole('link', { name: 'Learning', exact: true }).click();
  await page.getByText('Learning activity per week').first().waitFor();
  await page.getByRole('cell', { name: FIRE }).first().waitFor();
  await saveScreenshot(page, 'reports-learning').then((f) => t.log(f));

  // 200% zoom of a 1280-pixel window: the page reflows instead of scrolling sideways.
  await page.setViewportSize({ width: 640, height: 900 });
  await tabs.getByRole('link', { name: 'Compliance', exact: true }).click();
  await page.getByText('On-time onboarding completion').waitFor();
  await saveScreenshot(page, 'reports-dashboard-narrow').then((f) => t.log(f));
  t.true(await page.evaluate(() => document.documentElement.scrollWidth <= 640), 'no horizontal scrolling at 640 CSS pixels');
  t.deepEqual(errors, []);
});
