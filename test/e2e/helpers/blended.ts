/**
 * What the blended-learning browser tests share: signing someone in at a width, and HR
 * adding the three building blocks (a checklist task, an observation form, a live event
 * whose session is under way now) on the Blended learning page.
 */
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../../helpers/app.js';
import { collectPageErrors } from './browser.js';

export async function signInAt(browser: Browser, app: TestApp, email: string, password: string, width: number): Promise<{ page: Page; errors: string[] }> {
  // Downloads accepted: the evidence pack is read from one.
  const page = await (await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true })).newPage();
  page.setDefaultTimeout(15_000);
  const errors = collectPageErrors(page);
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { page, errors };
}

export interface BuildingBlocks {
  task: { title: string; doneBy: string; dueDaysAfterHire: number };
  observation: { title: string; criteria: string[] };
  event: { title: string; trainer: string; location: string; seats: number; approval?: boolean };
}

/** HR adds a task, an observation form and an event; its one session started an hour ago (attendance can be taken). */
export async function addBuildingBlocks(page: Page, blocks: BuildingBlocks): Promise<void> {
  const task = page.locator('form[aria-labelledby="new-task-h"]');
  await task.getByLabel('Title').fill(blocks.task.title);
  await task.getByLabel('Who ticks it').selectOption(blocks.task.doneBy);
  await task.getByLabel('Due (days after hire, optional)').fill(String(blocks.task.dueDaysAfterHire));
  await task.getByRole('button', { name: 'Add task' }).click();
  await page.getByRole('status').getByText('Task added.').waitFor();
  const obs = page.locator('form[aria-labelledby="new-obs-h"]');
  await obs.getByLabel('Title').fill(blocks.observation.title);
  await obs.getByLabel('Criteria (one per line)').fill(blocks.observation.criteria.join('\n'));
  await obs.getByRole('button', { name: 'Add form' }).click();
  await page.getByRole('status').getByText('Observation form added.').waitFor();
  const ev = page.locator('form[aria-labelledby="new-event-h"]');
  await ev.getByLabel('Title').fill(blocks.event.title);
  await ev.getByLabel('Trainer').selectOption({ label: blocks.event.trainer });
  // Local time, as the browser's datetime-local field has it.
  const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await ev.getByLabel('Starts').fill(local(new Date(Date.now() - 3600_000)));
  await ev.getByLabel('Ends').fill(local(new Date(Date.now() + 2 * 3600_000)));
  await ev.getByLabel('Location').fill(blocks.event.location);
  await ev.getByLabel('Seats').fill(String(blocks.event.seats));
  if (blocks.event.approval) await ev.getByLabel('Manager approval needed').check();
  await ev.getByRole('button', { name: 'Add event' }).click();
  await page.getByRole('status').getByText('Event added.').waitFor();
}
