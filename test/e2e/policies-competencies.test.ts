/**
 * End to end: HR publishes a policy with a comprehension quiz and a competency framework
 * with a role matrix in the portal; the employee signs the policy (refused on a failed quiz
 * and on a name that is not theirs); HR sees who signed; the manager rates the employee,
 * and the employee sees the level against what the role needs. Also checks the pages fit a
 * narrow window (what 200% zoom gives) without sideways scrolling.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const fitsWidth = () => document.documentElement.scrollWidth <= document.documentElement.clientWidth;

async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

test('policy with a quiz signed by typed name; framework and matrix; a manager rating shows in My learning', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const people = app.runtime.services.people;
  await people.create({ email: 'hana@example.com', name: 'Hana Haddad', roles: ['hr'], password: PASSWORD });
  const bea = await people.create({ email: 'bea@example.com', name: 'Bea Boss', roles: ['manager', 'employee'], password: PASSWORD });
  const omar = await people.create({ email: 'omar@example.com', name: 'Omar Khan', roles: ['employee'], jobRole: 'Support Agent', managerId: bea.id, password: PASSWORD });

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = collectPageErrors(page);

  // HR publishes a policy with a one-question quiz.
  await signIn(page, app.url, 'hana@example.com');
  await navigateTo(page, 'Policies');
  await page.getByLabel('Title').fill('Data protection');
  await page.getByLabel('Policy text').fill('Report a suspected breach to the security team within one hour.');
  await page.getByRole('button', { name: 'Add question' }).click();
  await page.getByLabel('Question 1').fill('Within how long do you report a breach?');
  await page.getByLabel('Choices, one per line').fill('One hour\nOne week');
  await page.getByLabel('Right answer').selectOption({ label: 'One hour' });
  await page.getByLabel('Pass mark %').fill('100');
  await page.getByRole('button', { name: 'Publish policy' }).click();
  await page.getByRole('status').getByText('Published “Data protection” version 1.').waitFor();
  const [policy] = await app.runtime.services.learning.policies.list(true);
  t.is((policy!.quiz!.questions[0] as { correct?: number }).correct, 0);
  await app.runtime.services.learning.enrolments.enrol({ personIds: [omar.id], targetType: 'policy', targetId: policy!.id, dueAt: '2030-03-01' }, 'hr', async () => true);

  // HR builds a framework with a role requirement.
  await navigateTo(page, 'Competencies');
  await page.getByLabel('Name', { exact: true }).first().fill('Customer care');
  const comp = page.locator('fieldset').first();
  await comp.getByLabel('Id').fill('empathy');
  await comp.getByLabel('Name').fill('Empathy');
  await comp.getByLabel('At Proficient: what it looks like').fill('Names the customer’s feeling before solving');
  await page.getByRole('button', { name: 'Add requirement' }).click();
  await page.getByLabel('Job role').fill('Support Agent');
  await page.getByLabel('Required level').selectOption({ label: 'Proficient' });
  await page.getByRole('button', { name: 'Create framework' }).click();
  await page.getByRole('status').getByText('Saved “Customer care”.').waitFor();
  t.regex(await page.getByRole('table', { name: 'Competency matrix' }).innerText(), /Empathy\s+Proficient/);
  await saveScreenshot(page, 'competencies-framework').then((f) => t.log(f));

  // The employee signs: a failed quiz and a wrong name are refused, with the reason.
  await signIn(page, app.url, 'omar@example.com');
  await navigateTo(page, 'My learning');
  const card = page.locator(`article[data-policy-id="${policy!.id}"]`);
  await card.getByRole('heading', { name: /Data protection/ }).waitFor();
  await card.getByLabel('One week').check();
  await card.getByLabel(/Type your full name to sign/).fill('Omar Khan');
  await card.getByRole('button', { name: 'Sign version 1' }).click();
  await card.getByRole('alert').getByText(/needs 100% to pass; you scored 0%/).waitFor();
  await card.getByLabel('One hour').check();
  await card.getByLabel(/Type your full name to sign/).fill('O. Khan');
  await card.getByRole('button', { name: 'Sign version 1' }).click();
  await card.getByRole('alert').getByText(/exactly as “Omar Khan”/).waitFor();
  t.is(await card.getByLabel(/Type your full name to sign/).getAttribute('aria-invalid'), 'true');
  await saveScreenshot(page, 'my-learning-policy-refused').then((f) => t.log(f));
  await card.getByLabel(/Type your full name to sign/).fill('omar  khan');
  await card.getByRole('button', { name: 'Sign version 1' }).click();
  await page.getByRole('status').getByText('Signed. Thank you.').waitFor();
  await page.getByText('Nothing to sign.').waitFor();
  t.regex(await page.getByTestId('completions').innerText(), /Data protection · Policy · version 1\s+Completed/);
  t.regex(await page.getByRole('table', { name: 'My competencies' }).innerText(), /Empathy[\s\S]*No evidence[\s\S]*Proficient/);
  await page.setViewportSize({ width: 640, height: 900 });
  t.true(await page.evaluate(fitsWidth), 'My learning fits a narrow window');
  await saveScreenshot(page, 'my-learning-narrow').then((f) => t.log(f));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('link', { name: 'Certificate for Data protection' }).click();
  await page.getByRole('heading', { name: 'Certificate of acknowledgement' }).waitFor();
  t.regex(await page.locator('section.certificate').innerText(), /Omar Khan[\s\S]*Data protection \(version 1\)[\s\S]*statement [0-9a-f-]{36}/);
  await saveScreenshot(page, 'certificate').then((f) => t.log(f));

  // HR sees the signature with the typed name.
  await signIn(page, app.url, 'hana@example.com');
  await navigateTo(page, 'Policies');
  await page.getByRole('button', { name: 'Data protection' }).click();
  await page.getByRole('heading', { name: 'Signed (1)' }).waitFor();
  t.regex(await page.locator('table').nth(1).innerText(), /Omar Khan\s+omar\s+khan/);
  await page.getByRole('heading', { name: 'Still to sign (0)' }).waitFor();
  await saveScreenshot(page, 'policies-signatures').then((f) => t.log(f));
  await navigateTo(page, 'Paths');
  await page.getByRole('heading', { name: 'New path' }).waitFor();
  await page.setViewportSize({ width: 640, height: 900 });
  t.true(await page.evaluate(fitsWidth), 'the Paths editor fits a narrow window');
  await page.setViewportSize({ width: 1280, height: 900 });

  // The manager rates their report.
  await signIn(page, app.url, 'bea@example.com');
  await navigateTo(page, 'Team competencies');
  await page.getByLabel('Person').selectOption({ label: 'Omar Khan · Support Agent' });
  await page.getByLabel('Level for Empathy').selectOption({ label: 'Proficient' });
  await page.getByLabel('Note').fill('Calm with angry callers');
  await page.getByRole('button', { name: 'Save rating' }).click();
  await page.getByRole('status').getByText('Rating saved.').waitFor();
  t.regex(await page.locator('tbody tr').first().innerText(), /Empathy\s+Proficient\s+Proficient[\s\S]*Rated by Bea Boss: Calm with angry callers/);
  await saveScreenshot(page, 'team-competencies-rated').then((f) => t.log(f));

  const omarView = await app.runtime.services.learning.competencies.forPerson(omar.id);
  t.like(omarView.competencies[0], { competencyId: 'empathy', levelName: 'Proficient', gap: 0 });
  t.deepEqual(pageErrors.filter((e) => !/status of (400|422)/.test(e)), []);
});
