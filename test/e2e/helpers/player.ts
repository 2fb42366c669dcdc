/** Shared steps of the player's browser tests. */
import type { FrameLocator, Page } from 'playwright-core';
import { navigateTo } from './navigation.js';

export const PASSWORD = 'Correct-Horse-Battery-42';

/** The SCO: inside the launch page (content origin) inside the player. */
export function scoFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[title^="Course content:"]').frameLocator('iframe[title="Course content"]');
}

/** Signs in on the portal and opens the Courses view. */
export async function signInToCourses(page: Page, url: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await navigateTo(page, 'Courses');
  await page.getByRole('heading', { name: 'Courses' }).waitFor();
}

/** Runs the steps; on failure saves a screenshot and logs the player's text, then fails as before. */
export async function withDiagnostics(page: Page, name: string, steps: () => Promise<void>): Promise<void> {
  const log: string[] = [];
  page.on('console', (m) => log.push(`console ${m.type()}: ${m.text()}`));
  page.on('response', (r) => { if (r.url().includes('/api/')) log.push(`${r.request().method()} ${r.url()} -> ${r.status()}`); });
  page.on('requestfailed', (r) => log.push(`FAILED ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  try {
    await steps();
  } catch (err) {
    // Playwright's CSS locators pierce shadow roots; innerText does not, so read the state.
    const text = await page
      .locator('lms-player')
      .evaluate((el: any) => JSON.stringify({ phase: el.phase, frameUrl: el.frameUrl, notice: el.notice, error: el.error, queue: el.queueState, item: el.currentItemId }))
      .catch(() => '(no player)');
    const { saveScreenshot } = await import('./browser.js');
    await saveScreenshot(page, `failed-${name}`).catch(() => {});
    console.error(`[${name}] failed; the page said:\n${text}\n${log.slice(-25).join('\n')}`);
    throw err;
  }
}
