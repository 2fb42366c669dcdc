/**
 * Tables turn into lists on a phone. At 390 px, with seeded people, a rule, courses, a path
 * and a policy, each view HR uses that shows a table (Rules, People, the compliance
 * dashboard and its drill-down, Content, Paths, Policies, Calendar, Organisation,
 * My team, Notifications) scrolls nowhere sideways: not the page, and no table inside its box; each
 * row is a block whose cells are named after their column. At 1366 px the same tables are
 * tables again, headers shown.
 */
import test from 'ava';
import { Types } from 'mongoose';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { loadSamples } from '../helpers/samples.js';
import { seedOrganisation } from '../fixtures/seed-organisation.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';

interface TableShape {
  display: string;
  headerShown: boolean;
  right: number;
  rows: number;
  labelledCells: number;
  firstLabels: string[];
}

/** Every table in the page, through the shadow roots of the portal's elements. */
function tablesOf(page: Page): Promise<{ scrollWidth: number; innerWidth: number; tables: TableShape[] }> {
  return page.evaluate(() => {
    // A loop, not a named helper: the test's compiler would wrap a named function in code the page lacks.
    const tables: HTMLTableElement[] = [];
    const roots: Array<Document | ShadowRoot> = [document];
    for (let root = roots.pop(); root; root = roots.pop()) {
      for (const el of root.querySelectorAll('*')) {
        if (el instanceof HTMLTableElement) tables.push(el);
        if (el.shadowRoot) roots.push(el.shadowRoot);
      }
    }
    return {
      scrollWidth: document.scrollingElement!.scrollWidth,
      innerWidth: window.innerWidth,
      tables: tables
        .filter((t) => t.getClientRects().length > 0)
        .map((t) => {
          const thead = t.tHead;
          const bodyCells = [...t.tBodies].flatMap((b) => [...b.rows].flatMap((r) => [...r.cells]));
          return {
            display: getComputedStyle(t).display,
            headerShown: !!thead && thead.getBoundingClientRect().height > 2,
            right: t.getBoundingClientRect().right,
            rows: [...t.tBodies].reduce((n, b) => n + b.rows.length, 0),
            labelledCells: bodyCells.filter((c) => c.dataset.label).length,
            firstLabels: [...(t.tBodies[0]?.rows[0]?.cells ?? [])].map((c) => c.dataset.label ?? ''),
          };
        }),
    };
  });
}

test('at 390 px every table HR reads is a list and nothing scrolls sideways; at 1366 px they are tables', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const db = app.runtime.store.db;
  const { people, compliance, learning } = app.runtime.services;
  const org = await seedOrganisation({ db, people: 40, departments: 3, seed: 7 });
  const hana = await people.create({ email: 'hana@example.com', name: 'Hana HR', roles: ['hr', 'author', 'admin', 'manager'], password: PASSWORD, department: org.departments[0]! });
  // Hana manages five people too, for My team.
  const team = org.people.slice(10, 15);
  await db.collection('users').updateMany({ _id: { $in: team.map((p) => new Types.ObjectId(p.id)) } }, { $set: { managerId: new Types.ObjectId(hana.id) } });
  const samples = await loadSamples(app, { email: 'hana@example.com', password: PASSWORD }, { catalogue: false });
  const hr = new HttpClient(app.url);
  await hr.login('hana@example.com', PASSWORD);
  // Within the calendar's first 90 days.
  const soon = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
  const policy = await learning.policies.create({ title: 'Code of conduct for everyone in the company', text: 'Be kind.' }, 'test');
  t.is((await hr.request('POST', '/api/assignment-rules', { name: 'Everyone: code of conduct, signed every year', target: { type: 'policy', id: policy.id, title: 'Code of conduct for everyone in the company' }, criteria: { everyone: true }, due: { kind: 'absolute', date: '2026-02-01' } })).status, 201);
  t.is((await hr.request('POST', '/api/assignment-rules', { name: 'Sales: SCORM basics', target: { type: 'package', id: samples.scorm12, title: 'SCORM basics' }, criteria: { departments: [org.departments[1]!] }, due: { kind: 'absolute', date: soon } })).status, 201);
  const path = await hr.request('POST', '/api/paths', { title: 'Onboarding', steps: [{ id: 'basics', title: 'Basics', type: 'package', ref: samples.scorm12 }, { id: 'conduct', title: 'Conduct', type: 'policy', ref: policy.id }] });
  t.is(path.status, 201);
  t.is((await hr.request('POST', '/api/enrolments', { personIds: org.people.slice(0, 5).map((p) => p.id), targetType: 'path', targetId: path.body.id, dueAt: '2031-01-31T00:00:00.000Z' })).status, 201);
  await compliance.evaluate();

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const errors: string[] = [];
  const open = async (width: number) => {
    const page = await (await browser.newContext({ viewport: { width, height: 844 } })).newPage();
    page.setDefaultTimeout(15_000);
    errors.push(...collectPageErrors(page));
    await page.goto(`${app.url}/`);
    await page.getByLabel('Email', { exact: true }).fill('hana@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  };

  const page = await open(390);
  // Each view, and what shows once its table is filled.
  const views: Array<[label: string, ready: (p: Page) => Promise<unknown>]> = [
    ['Rules', (p) => p.getByRole('cell', { name: 'Sales: SCORM basics' }).first().waitFor()],
    ['People', (p) => p.getByText(org.people[0]!.email).first().waitFor()],
    ['Reports', (p) => p.getByRole('button', { name: /^Show people/ }).first().waitFor()],
    ['Content', (p) => p.getByRole('cell', { name: /scorm/i }).first().waitFor()],
    [
      'Paths',
      async (p) => {
        await p.getByRole('button', { name: 'Onboarding', exact: true }).click();
        await p.getByRole('heading', { name: /People on this path/ }).waitFor();
      },
    ],
    ['Policies', (p) => p.getByText('Code of conduct for everyone in the company').first().waitFor()],
    ['Calendar', (p) => p.getByRole('cell', { name: 'SCORM basics' }).first().waitFor()],
    ['Organisation', (p) => p.getByRole('cell', { name: org.departments[0]! }).first().waitFor()],
    ['My team', (p) => p.getByText(team[0]!.name).first().waitFor()],
    ['Notifications', (p) => p.getByRole('heading', { name: /Outbox/i }).first().waitFor()],
  ];
  const check = async (name: string) => {
    const shape = await tablesOf(page);
    t.true(shape.scrollWidth <= shape.innerWidth, `${name}: the page does not scroll sideways (${shape.scrollWidth} > ${shape.innerWidth})`);
    const filled = shape.tables.filter((x) => x.rows > 0);
    t.true(filled.length > 0, `${name}: a table with rows is shown`);
    for (const table of filled) {
      t.is(table.display, 'block', `${name}: each table is a list at 390 px`);
      t.false(table.headerShown, `${name}: the header row is read from each cell's label instead`);
      t.true(table.right <= shape.innerWidth, `${name}: no table runs past the screen (${table.right})`);
      t.true(table.labelledCells > 0, `${name}: the cells carry their column's name`);
    }
    await saveScreenshot(page, `tables-390-${name.toLowerCase().replace(/\W+/g, '-')}`).then((f) => t.log(f));
  };
  for (const [label, ready] of views) {
    await navigateTo(page, label);
    await ready(page);
    await check(label);
  }
  // The compliance dashboard's drill-down: the people behind a figure.
  await navigateTo(page, 'Reports');
  await page.getByRole('button', { name: /^Show people/ }).first().click();
  await page.locator('#drill-title').or(page.getByRole('heading', { name: /lines?$/ })).first().waitFor();
  await check('Reports drill-down');

  // At desktop width the Rules are a table again, its header row shown and cells labelled.
  const wide = await open(1366);
  await navigateTo(wide, 'Rules');
  await wide.getByRole('cell', { name: 'Sales: SCORM basics' }).first().waitFor();
  const rules = (await tablesOf(wide)).tables.filter((x) => x.rows > 0);
  t.true(rules.length > 0);
  t.is(rules[0]!.display, 'table');
  t.true(rules[0]!.headerShown);
  t.true(rules[0]!.firstLabels.includes('Rule'), `labels from the header: ${rules[0]!.firstLabels.join(', ')}`);
  await saveScreenshot(wide, 'tables-1366-rules').then((f) => t.log(f));
  t.deepEqual(errors, []);
});
