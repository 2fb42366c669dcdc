/**
 * End to end in Chromium: HR imports people from a CSV (mapping, dry run, errors, apply),
 * creates a rule with a preview, reads the compliance calendar and the outbox; a manager
 * sees their team with overdue items highlighted. Screenshots for a look.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/temp-dir.js';
import { seedOrganisation } from '../fixtures/seed-organisation.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';

test('HR: people import, rules, compliance calendar, outbox; manager: my team', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const org = await seedOrganisation({ db: app.runtime.store.db, people: 120, departments: 3, seed: 8 });
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  const dept = org.departments[0]!;
  const head = org.heads.get(dept)!;
  await app.runtime.services.people.setPassword(head.id, PASSWORD);

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  const pageErrors = collectPageErrors(page);
  const signIn = async (email: string) => {
    await page.goto(`${app.url}/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  await signIn('hr@example.com');
  await navigateTo(page, 'Import people');
  await page.getByRole('heading', { name: 'Import people from your HRIS' }).waitFor();
  const csv = path.join(tempDir('e2e-csv-'), 'workday-export.csv');
  fs.writeFileSync(
    csv,
    [
      'Employee Number,Work Email,Full Name,Division,Office,Job Title,Grade,Reports To,Start Date',
      `X-1,xena.one@example.com,Xena One,${dept},Berlin,Designer,L2,${head.employeeId},2026-02-01`,
      `X-2,not-an-email,Bad Row,${dept},Berlin,Designer,L2,${head.employeeId},2026-02-01`,
      `X-3,x3@example.com,Unknown Boss,${dept},Berlin,Designer,L2,E999999,2026-02-01`,
      `${org.people[5]!.employeeId},${org.people[5]!.email},${org.people[5]!.name},${org.people[5]!.department},Lisbon,${org.people[5]!.jobRole},${org.people[5]!.jobLevel},,${org.people[5]!.hireDate.toISOString().slice(0, 10)}`,
    ].join('\n'),
  );
  await page.getByLabel('CSV export').setInputFiles(csv);
  // Guessed from the headers; the rest is mapped by hand.
  const mapped = (field: string) => page.locator(`lms-people-import select[name=${field}]`);
  t.is(await mapped('email').inputValue(), 'Work Email');
  await mapped('department').selectOption('Division');
  await mapped('location').selectOption('Office');
  await mapped('jobRole').selectOption('Job Title');
  await page.getByRole('button', { name: 'Dry run' }).click();
  await page.getByRole('heading', { name: 'Dry run: what would change' }).waitFor();
  const errors = page.getByRole('table', { name: 'Rows with errors (not imported)' });
  t.regex(await errors.innerText(), /not-an-email/);
  t.regex(await errors.innerText(), /E999999/);
  t.regex(await page.getByRole('table', { name: 'Changes to existing people' }).innerText(), /Lisbon/);
  await saveScreenshot(page, 'hr-people-dry-run').then((f) => t.log(f));
  await page.getByRole('button', { name: /^Apply \d+ changes$/ }).click();
  await page.getByRole('heading', { name: 'Import applied' }).waitFor();
  t.is(await app.runtime.store.db.collection('users').countDocuments({ email: 'xena.one@example.com' }), 1);

  await navigateTo(page, 'Rules');
  await page.getByRole('heading', { name: 'New rule' }).waitFor();
  await page.getByLabel('Rule name').fill('Fire safety');
  // What it assigns is chosen by name (or, for an external activity, by its address): no ids.
  await page.getByLabel('Kind').selectOption('External activity');
  await page.getByLabel(/Activity address \(URL\)/).fill('https://lms.example.com/activities/fire-safety');
  await page.getByLabel('Title shown to people').fill('Fire safety');
  await page.getByLabel('Departments').fill(dept);
  await page.getByLabel('Departments').press('Enter');
  await page.getByRole('button', { name: `Remove ${dept}` }).waitFor();
  await page.getByRole('spinbutton', { name: 'Days', exact: true }).fill('1');
  await page.getByLabel(/Valid for/).fill('12');
  await page.getByRole('button', { name: 'Preview who matches' }).click();
  const members = org.people.filter((p) => p.department === dept).length + 1; // + the imported person
  await page.getByRole('status').getByText(`${members} people match these criteria.`).waitFor();
  await saveScreenshot(page, 'hr-rules-preview').then((f) => t.log(f));
  await page.getByRole('button', { name: 'Create rule' }).click();
  await page.getByRole('status').getByText(/Created “Fire safety”/).waitFor();
  t.regex(await page.getByRole('table', { name: 'Assignment rules' }).innerText(), /every 12 months/);

  // The evaluation job runs in the background; wait for it by evaluating now.
  await app.runtime.services.compliance.evaluate();
  await navigateTo(page, 'Calendar');
  await page.getByRole('heading', { name: 'Compliance calendar' }).waitFor();
  await page.getByRole('button', { name: 'Show' }).click();
  await page.getByRole('status').getByText(`${members} dates in this range.`).waitFor();
  await saveScreenshot(page, 'hr-compliance-calendar').then((f) => t.log(f));

  // Reminders of what is due within 90 days went to the outbox (no SMTP here).
  t.true((await app.runtime.services.compliance.scanReminders()).sent >= members);
  await navigateTo(page, 'Notifications');
  await page.getByRole('heading', { name: 'Email outbox' }).waitFor();
  t.regex(await page.getByRole('table', { name: 'Email outbox' }).innerText(), /Fire safety/);
  await saveScreenshot(page, 'hr-notifications').then((f) => t.log(f));

  await page.getByRole('button', { name: 'Sign out' }).click().catch(() => {});
  await page.context().clearCookies();
  await signIn(head.email);
  await navigateTo(page, 'My team');
  await page.getByRole('heading', { name: 'My team' }).waitFor();
  await page.getByRole('status').getByText(/people, \d+ requirements\./).waitFor();
  t.regex(await page.getByRole('table', { name: 'My team' }).innerText(), /Fire safety/);
  await saveScreenshot(page, 'manager-my-team').then((f) => t.log(f));
  t.deepEqual(pageErrors, []);
});
