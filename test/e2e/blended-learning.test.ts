/**
 * End to end, blended learning: HR adds a checklist task, an observation form and a live
 * event, builds a path of the three and enrols a learner; the learner signs up for the
 * session; the manager approves it, ticks the task and records the observation on a 390 px phone; the
 * trainer takes attendance; the path completes, and each step's statement is in the LRS.
 * Screenshots of each new screen.
 */
import test from 'ava';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { lrsReader } from '../helpers/lrs-reader.js';
import { launchBrowser, saveScreenshot } from './helpers/browser.js';
import { addBuildingBlocks, signInAt } from './helpers/blended.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';

const signIn = (browser: Browser, app: TestApp, email: string, width: number) => signInAt(browser, app, email, PASSWORD, width);

test('HR builds a blended path; the manager ticks and observes at 390 px, the trainer takes attendance; the path completes', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const people = app.runtime.services.people;
  await people.create({ email: 'hana@example.com', name: 'Hana Haddad', roles: ['hr'], password: PASSWORD });
  const mia = await people.create({ email: 'mia@example.com', name: 'Mia Manager', roles: ['employee'], password: PASSWORD });
  const omar = await people.create({ email: 'omar@example.com', name: 'Omar Khan', roles: ['employee'], managerId: mia.id, hireDate: '2026-11-30', password: PASSWORD });
  const tom = await people.create({ email: 'tom@example.com', name: 'Tom Trainer', roles: ['employee'], password: PASSWORD });
  const browser = await launchBrowser();
  t.teardown(() => browser.close());

  // HR: the three building blocks.
  const hr = await signIn(browser, app, 'hana@example.com', 1280);
  await navigateTo(hr.page, 'Blended learning');
  await addBuildingBlocks(hr.page, {
    task: { title: 'Team lunch', doneBy: 'manager', dueDaysAfterHire: 5 },
    observation: { title: 'Supervised discovery call', criteria: ['Opens with an agenda', 'Asks about needs before pitching'] },
    event: { title: 'Customer care workshop', trainer: 'Tom Trainer', location: 'Room 4', seats: 8, approval: true },
  });
  await saveScreenshot(hr.page, 'blended-setup').then((f) => t.log(f));

  // HR: a path of the three, then Omar enrolled.
  await navigateTo(hr.page, 'Paths');
  await hr.page.getByRole('heading', { name: 'New path' }).waitFor();
  await hr.page.getByLabel('Title', { exact: true }).fill('Sales onboarding');
  const steps = [
    { type: 'Checklist task', target: 'Checklist task', choice: 'Team lunch' },
    { type: 'Observation', target: 'Observation form', choice: 'Supervised discovery call' },
    { type: 'Live session (event)', target: 'Live event', choice: 'Customer care workshop' },
  ];
  for (const [i, s] of steps.entries()) {
    if (i > 0) await hr.page.getByRole('button', { name: 'Add step' }).click();
    const step = hr.page.locator(`fieldset[data-step="step-${i + 1}"]`);
    await step.getByLabel('Step title').fill(s.choice);
    await step.getByLabel('Type').selectOption({ label: s.type });
    await step.getByLabel(new RegExp(`^${s.target}`)).selectOption({ label: s.choice });
  }
  await hr.page.getByRole('button', { name: 'Create path' }).click();
  await hr.page.getByRole('status').getByText('Saved “Sales onboarding” as version 1.').waitFor();
  await saveScreenshot(hr.page, 'blended-path-editor').then((f) => t.log(f));
  await hr.page.locator('form[aria-labelledby="enrol-h"] select[name=people]').selectOption({ label: 'Omar Khan' });
  await hr.page.getByRole('button', { name: 'Enrol' }).click();
  await hr.page.locator('table[aria-labelledby="on-path-h"]').getByText('Omar Khan').waitFor();
  const [path] = await app.runtime.services.learning.paths.list();
  t.deepEqual(path!.steps.map((s) => s.type), ['task', 'observation', 'session']);

  // The learner signs up for the session.
  const learner = await signIn(browser, app, 'omar@example.com', 1280);
  await navigateTo(learner.page, 'Tasks & sessions');
  await learner.page.getByRole('button', { name: 'Sign up' }).click();
  await learner.page.getByRole('status').getByText('Signed up for Customer care workshop.').waitFor();
  await learner.page.getByText('Waiting for approval').waitFor();
  await saveScreenshot(learner.page, 'blended-learner-sessions').then((f) => t.log(f));

  // The manager, on a phone: approves the sign-up, ticks the task, records the observation.
  const manager = await signIn(browser, app, 'mia@example.com', 390);
  await navigateTo(manager.page, 'Tasks & sessions');
  await manager.page.getByRole('button', { name: 'Approve Omar Khan for Customer care workshop' }).click();
  await manager.page.getByRole('status').getByText('Approved Omar Khan for Customer care workshop.').waitFor();
  t.regex(await manager.page.locator('[data-key^="task:"]').innerText(), /Team lunch[\s\S]*Omar Khan · Sales onboarding · due/);
  await manager.page.getByLabel('Evidence note: Team lunch for Omar Khan').fill('Lunch at the canteen with the team');
  await saveScreenshot(manager.page, 'blended-manager-todo-390').then((f) => t.log(f));
  await manager.page.getByRole('button', { name: 'Mark done: Team lunch for Omar Khan' }).click();
  await manager.page.getByRole('status').getByText('Done: Team lunch for Omar Khan.').waitFor();
  await manager.page.getByRole('link', { name: 'Record observation' }).click();
  await manager.page.getByRole('heading', { name: 'Supervised discovery call' }).waitFor();
  // Saving with a criterion unanswered says which one.
  await manager.page.getByRole('group', { name: 'Opens with an agenda' }).getByLabel('Pass').check();
  await manager.page.getByRole('button', { name: 'Save observation' }).click();
  await manager.page.getByRole('alert').getByText('Choose Pass or Not yet for “Asks about needs before pitching”.').waitFor();
  await manager.page.getByRole('group', { name: 'Asks about needs before pitching' }).getByLabel('Pass').check();
  await manager.page.getByLabel('Comment on Asks about needs before pitching').fill('Three open questions first');
  await manager.page.getByLabel('Rating (optional)').selectOption('4');
  const overflow = await manager.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  t.false(overflow, 'the observation form fits 390 px without sideways scrolling');
  await saveScreenshot(manager.page, 'blended-observation-390').then((f) => t.log(f));
  await manager.page.getByRole('button', { name: 'Save observation' }).click();
  await manager.page.getByRole('status').getByText('Omar Khan: passed. It is in their learning record.').waitFor();

  // The trainer takes attendance.
  const trainer = await signIn(browser, app, 'tom@example.com', 1280);
  await navigateTo(trainer.page, 'Tasks & sessions');
  await trainer.page.getByRole('link', { name: 'Take attendance' }).click();
  await trainer.page.getByRole('group', { name: 'Omar Khan' }).getByLabel('Attended').check();
  await saveScreenshot(trainer.page, 'blended-attendance').then((f) => t.log(f));
  await trainer.page.getByRole('button', { name: 'Save attendance' }).click();
  await trainer.page.getByRole('status').getByText('Attendance saved for 1 person.').waitFor();

  // The learner's path is complete; every step has its statement in the LRS.
  await navigateTo(learner.page, 'My learning');
  const card = learner.page.locator('article[data-path-id]');
  await card.getByRole('heading', { name: 'Sales onboarding' }).waitFor();
  t.deepEqual(await card.locator('li[data-step-id] [data-state]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), ['complete', 'complete', 'complete']);
  await saveScreenshot(learner.page, 'blended-path-complete').then((f) => t.log(f));
  const lrs = await lrsReader(app);
  const statements = await lrs.statements({ agent: JSON.stringify({ account: { homePage: app.runtime.config.publicUrl, name: omar.id } }) });
  const verbs = statements.map((s) => `${s.verb.id.split('/').pop()} ${String(s.object.id).split('/activities/')[1]?.split('/')[0]} ${s.context?.instructor?.name ?? ''}`);
  t.deepEqual(verbs.sort(), ['attended event Tom Trainer', 'completed path ', 'completed task Mia Manager', 'passed observation Mia Manager'].sort());
  t.is(tom.name, 'Tom Trainer');
  for (const p of [hr, learner, manager, trainer]) t.deepEqual(p.errors, []);
});
