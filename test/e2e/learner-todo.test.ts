/**
 * A learner's day in Chromium, at 1366 and 390 px: Home lists a course a rule assigned,
 * a path and a policy, most urgent first, each saying why; Start opens the course, and
 * closing it lands back on Home, where the learner started (not on the course list).
 */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { loadSamples } from '../helpers/samples.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { PASSWORD } from './helpers/player.js';

test('Home lists a rule-assigned course, a path and a policy; Start opens the course and Close returns to Home', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr', 'author'] });
  await app.createUser({ email: 'leo@example.com', password: PASSWORD, name: 'Leo Learner', roles: ['employee'], department: 'Sales' });
  const samples = await loadSamples(app, { email: 'hr@example.com', password: PASSWORD });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  const policy = await hr.request('POST', '/api/policies', { title: 'Code of conduct', text: 'Be kind.' });
  const path = await hr.request('POST', '/api/paths', { title: 'Sales onboarding', steps: [{ id: 'intro', title: 'Introduction', type: 'package', ref: samples.scorm2004 }] });
  const { compliance } = app.runtime.services;
  const day = 86_400_000;
  await compliance.rules.create({ name: 'Annual safety', target: { type: 'package', id: samples.scorm12, title: 'Workplace safety' }, criteria: { departments: ['Sales'] }, due: { kind: 'absolute', date: new Date(Date.now() + 10 * day) }, active: true });
  await compliance.rules.create({ name: 'Sales onboarding', target: { type: 'path', id: path.body.id, title: 'Sales onboarding' }, criteria: { departments: ['Sales'] }, due: { kind: 'absolute', date: new Date(Date.now() + 40 * day) }, active: true });
  await compliance.rules.create({ name: 'Conduct', target: { type: 'policy', id: policy.body.id, title: 'Code of conduct' }, criteria: { everyone: true }, due: { kind: 'absolute', date: new Date(Date.now() - day) }, active: true });
  await compliance.evaluate();

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  for (const width of [1366, 390]) {
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);
    const errors = collectPageErrors(page);
    await page.goto(`${app.url}/`);
    await page.getByLabel('Email', { exact: true }).fill('leo@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const todo = page.getByTestId('todo-list');
    await todo.waitFor();
    const items = todo.locator('li');
    t.deepEqual(await items.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind'))), ['policy', 'course', 'path'], 'overdue first, then by due date');
    t.regex(await items.nth(0).innerText(), /Code of conduct[\s\S]*Overdue[\s\S]*Assigned by the rule “Conduct”/);
    t.regex(await items.nth(1).innerText(), /Workplace safety[\s\S]*Course[\s\S]*Not started[\s\S]*Assigned by the rule “Annual safety”/);
    t.true(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `no sideways scrolling at ${width} px`);
    await saveScreenshot(page, `learner-todo-${width}`).then((f) => t.log(f));

    await items.nth(1).getByRole('link', { name: /Start/ }).click();
    await page.waitForURL(new RegExp(`#/player/${samples.scorm12}$`));
    const close = page.getByRole('button', { name: 'Close course' });
    await close.waitFor();
    await close.click();
    await page.waitForURL(/#\/home$/);
    await todo.waitFor();
    t.deepEqual(errors, []);
    await page.context().close();
  }
});
