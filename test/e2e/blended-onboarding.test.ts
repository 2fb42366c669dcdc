/**
 * End to end, an onboarding journey: HR builds an onboarding template (a checklist task,
 * an observation and a live session, with 30/60/90-day checkpoints) for a job role; a
 * new hire arrives by the CSV people import and is assigned it on import; the manager
 * ticks the task (with an evidence file) and records the observation on a 390 px phone;
 * the trainer takes attendance; the path completes, the onboarding report shows the
 * checkpoints done and the path's evidence pack holds all three with their statements.
 * Screenshots at 1366 and 390 px.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/temp-dir.js';
import { unzipBuffer } from '../helpers/unzip.js';
import { launchBrowser, saveScreenshot } from './helpers/browser.js';
import { addBuildingBlocks, signInAt } from './helpers/blended.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const DAY = 86_400_000;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('a photo of the signed review form')]);

const signIn = (browser: Browser, app: TestApp, email: string, width: number) => signInAt(browser, app, email, PASSWORD, width);

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

test('HR builds an onboarding template; a new hire imported from CSV is assigned it; manager at 390 px, trainer, report and evidence pack', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const people = app.runtime.services.people;
  await people.create({ email: 'hana@example.com', name: 'Hana Haddad', roles: ['hr'], password: PASSWORD });
  await people.create({ email: 'mia@example.com', name: 'Mia Manager', roles: ['employee', 'manager'], password: PASSWORD });
  await people.create({ email: 'tom@example.com', name: 'Tom Trainer', roles: ['employee'], password: PASSWORD });
  // A long-serving account executive: the role is on the org lists; the template passes them by.
  const vera = await people.create({ email: 'vera@example.com', name: 'Vera Veteran', roles: ['employee'], jobRole: 'Account executive', hireDate: '2019-03-01', password: PASSWORD });
  const browser = await launchBrowser();
  t.teardown(() => browser.close());

  // HR: the three building blocks.
  const hr = await signIn(browser, app, 'hana@example.com', 1366);
  await navigateTo(hr.page, 'Blended learning');
  await addBuildingBlocks(hr.page, {
    task: { title: '30-day review with manager', doneBy: 'manager', dueDaysAfterHire: 30 },
    observation: { title: 'Supervised discovery call', criteria: ['Opens with an agenda', 'Asks about needs before pitching'] },
    event: { title: 'Product workshop', trainer: 'Tom Trainer', location: 'Room 2', seats: 12 },
  });

  // HR: the path of the three.
  await navigateTo(hr.page, 'Paths');
  await hr.page.getByRole('heading', { name: 'New path' }).waitFor();
  await hr.page.getByLabel('Title', { exact: true }).fill('Account executive onboarding');
  const steps = [
    { type: 'Checklist task', target: 'Checklist task', choice: '30-day review with manager' },
    { type: 'Observation', target: 'Observation form', choice: 'Supervised discovery call' },
    { type: 'Live session (event)', target: 'Live event', choice: 'Product workshop' },
  ];
  for (const [i, s] of steps.entries()) {
    if (i > 0) await hr.page.getByRole('button', { name: 'Add step' }).click();
    const step = hr.page.locator(`fieldset[data-step="step-${i + 1}"]`);
    await step.getByLabel('Step title').fill(s.choice);
    await step.getByLabel('Type').selectOption({ label: s.type });
    await step.getByLabel(new RegExp(`^${s.target}`)).selectOption({ label: s.choice });
  }
  await hr.page.getByRole('button', { name: 'Create path' }).click();
  await hr.page.getByRole('status').getByText('Saved “Account executive onboarding” as version 1.').waitFor();

  // HR: the path becomes the role's onboarding template, with its 30/60/90-day checkpoints.
  await navigateTo(hr.page, 'Blended learning');
  const onb = hr.page.locator('form[aria-labelledby="new-onb-h"]');
  await onb.getByLabel('Path').selectOption({ label: 'Account executive onboarding' });
  await onb.getByLabel('Job role').selectOption('Account executive');
  for (const [day, step] of [[30, '30-day review with manager'], [60, 'Supervised discovery call'], [90, 'Product workshop']] as const) {
    await onb.getByRole('group', { name: `Due by day ${day}` }).getByLabel(step).check();
  }
  await onb.getByRole('button', { name: 'Save onboarding template' }).click();
  await hr.page.getByRole('status').getByText('Onboarding template saved for Account executive: new hires are assigned it on their hire date.').waitFor();
  await hr.page.locator('lms-onboarding-templates li[data-template]').getByText('Day 30: 30-day review with manager').waitFor();
  await onb.scrollIntoViewIfNeeded();
  await saveScreenshot(hr.page, 'onboarding-template-1366').then((f) => t.log(f));
  const [pathView] = await app.runtime.services.learning.paths.list();

  // HR: the new hire arrives in the HRIS export; the import assigns the journey.
  await navigateTo(hr.page, 'Import people');
  await hr.page.getByRole('heading', { name: 'Import people from your HRIS' }).waitFor();
  const hired = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
  const csv = path.join(tempDir('e2e-onboarding-'), 'hris.csv');
  fs.writeFileSync(csv, ['Work Email,Full Name,Job Title,Reports To,Start Date', `nia.new@example.com,Nia New,Account executive,mia@example.com,${hired}`].join('\n'));
  await hr.page.getByLabel('CSV export').setInputFiles(csv);
  await hr.page.getByRole('button', { name: 'Dry run' }).click();
  await hr.page.getByRole('heading', { name: 'Dry run: what would change' }).waitFor();
  await hr.page.getByRole('button', { name: /^Apply \d+ changes?$/ }).click();
  await hr.page.getByRole('heading', { name: 'Import applied' }).waitFor();
  const nia = (await people.list({ q: 'nia.new@example.com', limit: 1, offset: 0 })).items[0]!;
  t.is(nia.jobRole, 'Account executive');
  const assigned = await app.runtime.services.learning.assignments.peopleAssigned('path', pathView!.id);
  t.deepEqual(assigned, [nia.id], 'assigned on import; the veteran in the same role is not');
  t.false(assigned.includes(vera.id));
  // Her account is invited by email in real life; here she gets a password to sign in.
  await people.setPassword(nia.id, PASSWORD);

  // The new hire signs up for the workshop from her own Tasks & sessions.
  const learner = await signIn(browser, app, 'nia.new@example.com', 1366);
  await navigateTo(learner.page, 'Tasks & sessions');
  await learner.page.getByRole('button', { name: 'Sign up' }).click();
  await learner.page.getByRole('status').getByText('Signed up for Product workshop.').waitFor();
  await learner.page.getByText('Booked').waitFor();

  // The manager, on a phone: ticks the review with a photo of the form, records the observation.
  const manager = await signIn(browser, app, 'mia@example.com', 390);
  await navigateTo(manager.page, 'Tasks & sessions');
  const label = '30-day review with manager for Nia New';
  t.regex(await manager.page.locator('[data-key^="task:"]').innerText(), /30-day review with manager[\s\S]*Nia New · Account executive onboarding · due/);
  await manager.page.getByLabel(`Evidence note: ${label}`).fill('Good first month; targets agreed');
  await manager.page.getByLabel(`Evidence file: ${label}`).setInputFiles({ name: 'review-form.png', mimeType: 'image/png', buffer: PNG });
  t.true(await fitsWidth(manager.page), 'the to-do fits 390 px');
  await saveScreenshot(manager.page, 'onboarding-manager-tick-390').then((f) => t.log(f));
  await manager.page.getByRole('button', { name: `Mark done: ${label}` }).click();
  await manager.page.getByRole('status').getByText(`Done: ${label}.`).waitFor();
  await manager.page.getByRole('link', { name: 'Record observation' }).click();
  await manager.page.getByRole('heading', { name: 'Supervised discovery call' }).waitFor();
  for (const c of ['Opens with an agenda', 'Asks about needs before pitching']) await manager.page.getByRole('group', { name: c }).getByLabel('Pass').check();
  await manager.page.getByLabel('Rating (optional)').selectOption('4');
  await manager.page.getByLabel('Overall comment').fill('Listened more than she talked');
  await manager.page.getByLabel('Evidence file (optional)').setInputFiles({ name: 'call-notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% call notes\n') });
  t.true(await fitsWidth(manager.page), 'the observation form fits 390 px');
  await saveScreenshot(manager.page, 'onboarding-observation-390').then((f) => t.log(f));
  await manager.page.getByRole('button', { name: 'Save observation' }).click();
  await manager.page.getByRole('status').getByText('Nia New: passed. It is in their learning record.').waitFor();

  // The trainer takes attendance.
  const trainer = await signIn(browser, app, 'tom@example.com', 1366);
  await navigateTo(trainer.page, 'Tasks & sessions');
  await trainer.page.getByRole('link', { name: 'Take attendance' }).click();
  await trainer.page.getByRole('group', { name: 'Nia New' }).getByLabel('Attended').check();
  await trainer.page.getByRole('button', { name: 'Save attendance' }).click();
  await trainer.page.getByRole('status').getByText('Attendance saved for 1 person.').waitFor();

  // The journey is complete for her.
  await navigateTo(learner.page, 'My learning');
  const card = learner.page.locator('article[data-path-id]');
  await card.getByRole('heading', { name: 'Account executive onboarding' }).waitFor();
  t.deepEqual(await card.locator('li[data-step-id] [data-state]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))), ['complete', 'complete', 'complete']);

  // HR: the onboarding report shows her checkpoints done.
  await navigateTo(hr.page, 'Reports');
  const tabs = hr.page.getByRole('navigation', { name: 'Reports' });
  await tabs.getByRole('link', { name: 'Onboarding', exact: true }).click();
  const table = hr.page.locator('lms-data-table').filter({ hasText: "New hires' 30/60/90-day checkpoints" });
  const row = table.getByRole('row').filter({ hasText: 'Nia New' });
  await row.waitFor();
  const cells = await row.getByRole('cell').allInnerTexts();
  t.deepEqual(cells.slice(0, 4), ['Nia New', 'Account executive', hired, 'Account executive onboarding']);
  t.deepEqual(cells.slice(4), ['Done (1/1 steps)', 'Done (1/1 steps)', 'Done (1/1 steps)']);
  await table.scrollIntoViewIfNeeded();
  await saveScreenshot(hr.page, 'onboarding-report-1366').then((f) => t.log(f));

  // HR: the path's evidence pack holds the three with their statements.
  await tabs.getByRole('link', { name: 'Evidence packs', exact: true }).click();
  await hr.page.getByLabel('Requirement').selectOption({ label: 'Account executive onboarding (path)' });
  await hr.page.getByRole('button', { name: 'Build pack' }).click();
  await hr.page.getByRole('status').getByText(/Ready: 1 completions, \d+ statements, 0 outstanding, 3 blended records/).waitFor();
  await saveScreenshot(hr.page, 'onboarding-evidence-pack-1366').then((f) => t.log(f));
  const [download] = await Promise.all([hr.page.waitForEvent('download'), hr.page.getByRole('link', { name: 'Download the evidence pack' }).click()]);
  const files = await unzipBuffer(fs.readFileSync((await download.path())!));
  const rows = parse(files.get('blended.csv')!, { columns: true }) as Array<Record<string, string>>;
  t.deepEqual(rows.map((r) => `${r.kind}: ${r.step} by ${r.recorded_by}, ${r.outcome}`).sort(), [
    'attendance: Product workshop by Tom Trainer, attended',
    'observation: Supervised discovery call by Mia Manager, passed',
    'task: 30-day review with manager by Mia Manager, done',
  ]);
  t.is(rows.find((r) => r.kind === 'task')!.evidence_file, 'review-form.png');
  t.is(rows.find((r) => r.kind === 'observation')!.evidence_file, 'call-notes.pdf');
  const taskRow = rows.find((r) => r.kind === 'task')!;
  t.deepEqual(files.get(`evidence/${taskRow.evidence_sha2}/review-form.png`), PNG, 'the evidence file itself is in the pack');
  const statements = JSON.parse(files.get('statements.json')!.toString('utf8')) as Array<{ id: string; verb: { id: string }; attachments?: Array<{ sha2: string }> }>;
  for (const r of rows) t.true(statements.some((s) => s.id === r.statement_id), `${r.kind}: its statement is in the pack`);
  const tickRow = rows.find((r) => r.kind === 'task')!;
  t.is(statements.find((s) => s.id === tickRow.statement_id)!.attachments![0]!.sha2, String(tickRow.evidence_sha2));

  // The report on a phone, for the record.
  const hrPhone = await signIn(browser, app, 'hana@example.com', 390);
  await navigateTo(hrPhone.page, 'Reports');
  await hrPhone.page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Onboarding', exact: true }).click();
  await hrPhone.page.locator('lms-data-table').filter({ hasText: "New hires' 30/60/90-day checkpoints" }).getByRole('row').filter({ hasText: 'Nia New' }).waitFor();
  await saveScreenshot(hrPhone.page, 'onboarding-report-390').then((f) => t.log(f));

  for (const p of [hr, learner, manager, trainer, hrPhone]) t.deepEqual(p.errors, []);
});

test('HR edits a task, an observation form and a session in the browser; too few seats is refused, a move re-invites the booked', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const people = app.runtime.services.people;
  const { tasks, observations, sessions } = app.runtime.services.blended;
  await people.create({ email: 'hana@example.com', name: 'Hana Haddad', roles: ['hr'], password: PASSWORD });
  const tom = await people.create({ email: 'tom@example.com', name: 'Tom Trainer', roles: ['employee'], password: PASSWORD });
  const ana = await people.create({ email: 'ana@example.com', name: 'Ana Alves', roles: ['employee'], password: PASSWORD });
  const bo = await people.create({ email: 'bo@example.com', name: 'Bo Berg', roles: ['employee'], password: PASSWORD });
  const task = await tasks.create({ title: 'Laptop set up', doneBy: 'learner', evidenceRequired: false });
  const form = await observations.create({ title: 'Code review', criteria: [{ id: 'c1', text: 'Reads the diff first' }], assessorIds: [] });
  const start = Date.now() + 2 * DAY;
  const event = await sessions.create({
    title: 'Security basics',
    trainerIds: [tom.id],
    approval: false,
    sessions: [{ id: 's1', kind: 'classroom', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * 3600_000).toISOString(), location: 'Room 1', capacity: 5 }],
  });
  for (const p of [ana, bo]) await sessions.signUp(event.id, 's1', p, p);
  const browser = await launchBrowser();
  t.teardown(() => browser.close());

  const hr = await signIn(browser, app, 'hana@example.com', 1366);
  await navigateTo(hr.page, 'Blended learning');
  const edit = hr.page.locator('lms-blended-edit');
  const taskForm = edit.locator('form[aria-labelledby="edit-task-h"]');
  await taskForm.getByLabel('Task').selectOption({ label: 'Laptop set up' });
  await taskForm.getByLabel('New title').fill('Laptop and badge set up');
  await taskForm.getByLabel('Due days after hire').fill('2');
  await taskForm.getByRole('button', { name: 'Save task' }).click();
  await edit.getByRole('status').getByText('Task saved.').waitFor();
  t.like(await tasks.get(task.id), { title: 'Laptop and badge set up', dueDaysAfterHire: 2 });

  const obsForm = edit.locator('form[aria-labelledby="edit-obs-h"]');
  await obsForm.getByLabel('Form').selectOption({ label: 'Code review' });
  await obsForm.getByLabel('Criteria, one per line').fill('Reads the diff first\nLeaves actionable comments');
  await obsForm.getByRole('button', { name: 'Save form' }).click();
  await edit.getByRole('status').getByText('Observation form saved.').waitFor();
  t.deepEqual((await observations.get(form.id)).criteria, [{ id: 'c1', text: 'Reads the diff first' }, { id: 'c2', text: 'Leaves actionable comments' }]);

  const sessionForm = edit.locator('form[aria-labelledby="edit-session-h"]');
  await sessionForm.getByLabel('Session').selectOption({ index: 1 });
  t.regex(await sessionForm.getByLabel('Session').locator('option:checked').innerText(), /^Security basics · /);
  await sessionForm.getByLabel('Seats').fill('1');
  await sessionForm.getByRole('button', { name: 'Save session' }).click();
  await sessionForm.getByRole('alert').getByText(/2 people are booked on session “s1”; the capacity cannot go below that/).waitFor();
  await saveScreenshot(hr.page, 'blended-edit-refused-1366').then((f) => t.log(f));
  await sessionForm.getByLabel('Seats').fill('6');
  await sessionForm.getByLabel('New location').fill('Room 9');
  await sessionForm.getByRole('button', { name: 'Save session' }).click();
  await edit.getByRole('status').getByText('Session saved. Everyone booked was sent the updated invitation.').waitFor();
  const s1 = (await sessions.get(event.id)).sessions[0]!;
  t.like(s1, { location: 'Room 9', capacity: 6, seatsLeft: 4 });
  const updates = await app.runtime.store.db.collection<{ to: string; subject: string; attachments?: Array<{ content: string }> }>('outbox').find({ subject: /^Updated:/ }).toArray();
  t.deepEqual(updates.map((m) => m.to).sort(), ['ana@example.com', 'bo@example.com']);
  t.regex(updates[0]!.attachments![0]!.content.replace(/\r\n /g, ''), /\r\nSEQUENCE:1\r\n[\s\S]*\r\nLOCATION:Room 9\r\n/);
  t.deepEqual(hr.errors, []);
});
