/**
 * End to end: HR builds a two-step path in the Paths editor (step 2 requires step 1; a
 * cycle is refused inline first), HR assigns it by job role from the editor (an hr-org
 * assignment rule), an employee with that role sees step 1 ready and step 2 locked (and
 * why), an external tool posts the step 1 completion to the LRS, and step 2 unlocks.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const WALK = 'https://tools.example.com/activities/safety-walk';
const FORKLIFT = 'https://tools.example.com/activities/forklift-basics';

async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('HR builds a gated path, it is assigned by role, and the employee unlocks step 2 by completing step 1', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const people = app.runtime.services.people;
  await people.create({ email: 'hana@example.com', name: 'Hana Haddad', roles: ['hr'], password: PASSWORD });
  const omar = await people.create({ email: 'omar@example.com', name: 'Omar Khan', roles: ['employee'], jobRole: 'Warehouse Associate', jobLevel: 'L1', password: PASSWORD });
  await people.create({ email: 'lena@example.com', name: 'Lena Weber', roles: ['employee'], jobRole: 'Accountant', password: PASSWORD });

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = collectPageErrors(page);

  // HR: the Paths editor.
  await signIn(page, app.url, 'hana@example.com');
  await navigateTo(page, 'Paths');
  await page.getByRole('heading', { name: 'New path' }).waitFor();
  await page.getByLabel('Title', { exact: true }).fill('Warehouse induction');
  const step1 = page.locator('fieldset[data-step="step-1"]');
  await step1.getByLabel('Step title').fill('Safety walk-through');
  await step1.getByLabel('Activity address (URL) the external tool records').fill(WALK);
  await page.getByRole('button', { name: 'Add step' }).click();
  const step2 = page.locator('fieldset[data-step="step-2"]');
  await step2.getByLabel('Step title').fill('Forklift basics');
  await step2.getByLabel('Activity address (URL) the external tool records').fill(FORKLIFT);
  await step2.getByRole('checkbox', { name: 'Safety walk-through' }).check();

  // A cycle (step 1 also requiring step 2) is refused, shown beside the steps concerned.
  await step1.getByRole('checkbox', { name: 'Forklift basics' }).check();
  await page.getByRole('button', { name: 'Check' }).click();
  await step1.getByText(/This step is part of the cycle/).waitFor();
  t.regex(await page.locator('#path-error').innerText(), /cycle: “(Safety walk-through|Forklift basics)”/);
  t.is(await step2.getAttribute('aria-invalid'), 'true');
  await saveScreenshot(page, 'paths-editor-cycle').then((f) => t.log(f));

  await step1.getByRole('checkbox', { name: 'Forklift basics' }).uncheck();
  await page.getByRole('button', { name: 'Create path' }).click();
  await page.getByRole('status').getByText('Saved “Warehouse induction” as version 1.').waitFor();
  await saveScreenshot(page, 'paths-editor-saved').then((f) => t.log(f));

  const [path] = (await app.runtime.services.learning.paths.list());
  t.deepEqual(path!.steps.map((s) => [s.title, s.prerequisites]), [['Safety walk-through', []], ['Forklift basics', ['step-1']]]);

  // Assign by job role, from the editor: it creates an hr-org assignment rule.
  await page.getByRole('combobox', { name: 'Job role' }).fill('Warehouse Associate');
  await page.getByLabel('Due after assignment (days, optional)').fill('30');
  await page.getByRole('button', { name: 'Assign by role' }).click();
  await page.getByRole('status').getByText('Assigned to everyone with the job role “Warehouse Associate”.').waitFor();
  await saveScreenshot(page, 'paths-assigned-by-role').then((f) => t.log(f));
  const [rule] = await app.runtime.services.compliance.rules.list();
  t.like(rule, { target: { type: 'path', id: path!.id }, criteria: { jobRoles: [{ jobRole: 'Warehouse Associate' }] } });
  // The rule's evaluation runs as a background job; evaluating now waits for it (one runs at a time).
  await app.runtime.services.compliance.evaluate();

  // The employee with that role.
  await page.getByRole('button', { name: 'Sign out' }).click().catch(() => {});
  await context.clearCookies();
  await signIn(page, app.url, 'omar@example.com');
  // Home lists what is waiting, why, and the way in.
  const todo = page.getByTestId('todo-list');
  await todo.waitFor();
  const item = todo.locator('li[data-kind="path"]');
  t.regex(await item.innerText(), /Warehouse induction[\s\S]*Not started[\s\S]*Assigned by the rule/);
  await item.getByRole('link', { name: /Start/ }).click();
  const card = page.locator('article[data-path-id]');
  await card.getByRole('heading', { name: 'Warehouse induction' }).waitFor();
  // The link opens My learning on that path, focused for keyboard and screen reader users.
  await page.waitForFunction(() => {
    const app = document.querySelector('lms-app');
    const ml = app?.shadowRoot?.querySelector('lms-my-learning');
    return ml?.shadowRoot?.activeElement?.textContent === 'Warehouse induction';
  });
  const state = (id: string) => card.locator(`li[data-step-id="${id}"] [data-state]`).getAttribute('data-state');
  t.is(await state('step-1'), 'unlocked');
  t.is(await state('step-2'), 'locked');
  t.regex(await card.locator('li[data-step-id="step-2"]').innerText(), /Complete “Safety walk-through” first/);
  t.regex(await card.innerText(), /Due /);
  await saveScreenshot(page, 'my-learning-locked').then((f) => t.log(f));

  // An external tool records the walk-through through the xAPI HTTP API with its own credentials.
  const { client, secret } = await app.runtime.lrs.credentials.create({ name: 'Safety tool', scopes: ['statements/write'] });
  // HR allows the tool to certify the walk-through (else its completion is stored but does not count).
  await app.runtime.services.certifications.set(client.key, [WALK], 'test');
  const posted = await fetch(`${app.url}/xapi/statements`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client.key}:${secret}`).toString('base64')}`, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' },
    body: JSON.stringify({
      actor: { objectType: 'Agent', account: { homePage: app.runtime.config.publicUrl, name: omar.id } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
      object: { id: WALK, definition: { name: { 'en-US': 'Safety walk-through' } } },
    }),
  });
  t.is(posted.status, 200);

  await page.reload();
  await card.getByRole('heading', { name: 'Warehouse induction' }).waitFor();
  t.is(await state('step-1'), 'complete');
  t.is(await state('step-2'), 'unlocked');
  t.regex(await card.locator('li[data-step-id="step-2"]').innerText(), /Open the activity “Forklift basics”/);
  await saveScreenshot(page, 'my-learning-unlocked').then((f) => t.log(f));

  // HR sees who is on the path and how far.
  await context.clearCookies();
  await signIn(page, app.url, 'hana@example.com');
  await navigateTo(page, 'Paths');
  await page.getByRole('button', { name: 'Warehouse induction' }).click();
  await page.getByRole('heading', { name: 'People on this path (1)' }).waitFor();
  t.regex(await page.getByRole('table', { name: /People on this path/ }).innerText(), /Omar Khan[\s\S]*1\s+1 of 2\s+In progress/);
  await saveScreenshot(page, 'paths-people').then((f) => t.log(f));

  // Lena (another role) was not assigned the path.
  t.deepEqual((await app.runtime.services.learning.myLearning.forPerson((await people.list({ q: 'lena', limit: 1, offset: 0 })).items[0]!)).paths, []);
  t.deepEqual(pageErrors, []);
});
