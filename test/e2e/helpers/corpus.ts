/**
 * Plays a corpus fixture (test/fixtures/packages) in the real player, visit by visit: for
 * each SCO the player opens, the test's plan says what the SCO does this time (its API
 * calls, then optionally what the learner does in the player: Next / Previous part, a
 * choice in the contents, Close course). What was delivered, in order, and what each call
 * answered come back; the end state is read from the server afterwards.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { parsePackage, type ScormPackage } from '../../../server/content/manifest/index.js';
import { Sequencer } from '../../../server/launch/scorm/sequencer.js';
import { withSelection, type Selection } from '../../../server/launch/scorm/selection.js';
import { buildActivityTree } from '../../../server/launch/scorm/sequencing-tree.js';
import type { Fixture } from '../../fixtures/packages/manifest.js';
import type { ScoCall } from '../../fixtures/packages/sco-page.js';
import { HttpClient as HttpClientImpl, type HttpClient } from '../../helpers/http-client.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { uploadPackage } from '../../helpers/package-upload.js';
import { collectPageErrors, launchBrowser } from './browser.js';
import { PASSWORD, signInToCourses } from './player.js';

export type LearnerMove = 'continue' | 'previous' | 'close' | { choice: string };
export interface Visit {
  calls: ScoCall[];
  /** what the learner does in the player after the calls */
  then?: LearnerMove;
  /** looks at the player after the calls, before the move (e.g. which buttons it offers), or lets time pass */
  check?: (page: Page) => Promise<void>;
  /** calls the SCO makes after the check */
  more?: ScoCall[];
}
/** item id -> its visits in order */
export type Plan = Record<string, Visit[]>;

export interface Played {
  delivered: string[];
  /** per visit: the item and each call's answer */
  answers: { item: string; results: string[] }[];
  /** what the SCO page saw as its own path and query, per visit */
  where: string[];
  /** how it ended: 'closed' (back on Courses) or the player's notice */
  end: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function player<T>(page: Page, fn: (el: any) => T): Promise<T | undefined> {
  const el = page.locator('lms-player');
  if ((await el.count()) === 0) return undefined;
  return el.evaluate(fn).catch(() => undefined) as Promise<T | undefined>;
}

/** Waits for a SCO page not seen before (ready), or the end of the player's session. */
async function nextVisit(page: Page, seen: Set<Frame>, endAllowed: boolean): Promise<Frame | { end: string }> {
  for (let i = 0; i < 300; i++) {
    for (const f of page.frames()) {
      if (seen.has(f) || f.isDetached() || !f.parentFrame()?.url().includes('/bridge/')) continue;
      // A frame being torn down may never answer: ask with a short limit.
      const ready = f.evaluate(() => (window as any).scoReady === true).catch(() => false);
      if (await Promise.race([ready, new Promise<boolean>((r) => setTimeout(() => r(false), 300))])) return f;
    }
    if (endAllowed) {
      if (new URL(page.url()).hash === '#/courses') return { end: 'closed' };
      const state = await player(page, (el) => ({ phase: el.phase as string, notice: el.notice as string | null, error: el.error as string | null }));
      if (state?.phase === 'ended' || state?.phase === 'error') return { end: state.error ?? state.notice ?? state.phase };
    }
    await page.waitForTimeout(50);
  }
  throw new Error('no SCO was opened and the session did not end');
}

async function move(page: Page, fixture: Fixture, m: LearnerMove): Promise<void> {
  if (m === 'continue') return page.getByRole('button', { name: 'Next part' }).click();
  if (m === 'previous') return page.getByRole('button', { name: 'Previous part' }).click();
  if (m === 'close') return page.getByRole('button', { name: 'Close course' }).click();
  const title = fixture.titles[m.choice] ?? m.choice;
  return page.getByRole('navigation', { name: 'Course contents' }).getByRole('button', { name: new RegExp(`^${escapeRe(title)}`) }).click();
}

/** Starts (or resumes) the course from the Courses view and plays the plan until the session ends. */
export async function playCourse(page: Page, fixture: Fixture, packageId: string, plan: Plan, appUrl: string): Promise<Played> {
  const todo: Plan = Object.fromEntries(Object.entries(plan).map(([k, v]) => [k, [...v]]));
  if (new URL(page.url()).hash !== '#/courses') await page.goto(`${appUrl}/#/courses`);
  await page.locator(`li[data-package-id="${packageId}"]`).getByRole('link', { name: /^(Start|Resume|Take again)$/ }).click();
  const played: Played = { delivered: [], answers: [], where: [], end: '' };
  const t0 = Date.now(); const dbg = (m: string) => process.env.CORPUS_DEBUG && console.log(`${Date.now() - t0}ms ${m}`);
  const seen = new Set<Frame>();
  let endAllowed = true;
  for (let n = 0; n < 40; n++) {
    dbg("waiting"); const next = await nextVisit(page, seen, endAllowed); dbg("next");
    if ('end' in next) {
      played.end = next.end;
      return played;
    }
    seen.add(next);
    const item = (await player(page, (el) => el.currentItemId as string)) ?? '?';
    const visit = todo[item]?.shift();
    if (!visit) throw new Error(`${fixture.name}: "${item}" was delivered, but the plan has no (more) visits for it; so far: ${played.delivered.join(', ')}`);
    played.delivered.push(item);
    played.where.push(await next.evaluate(() => document.getElementById('where')!.textContent!));
    const results = await next.evaluate((calls) => (window as any).play(calls) as string[], visit.calls);
    played.answers.push({ item, results });
    await visit.check?.(page);
    if (visit.more) played.answers.push({ item, results: await next.evaluate((calls) => (window as any).play(calls) as string[], visit.more) });
    // A learner's move in the player leads to another SCO or (close) back to the courses.
    endAllowed = !visit.then || visit.then === 'close';
    if (visit.then) {
      // Let the player take in what the SCO's calls changed (e.g. a terminate) before the learner acts.
      await page.waitForTimeout(100);
      await move(page, fixture, visit.then);
    }
  }
  throw new Error(`${fixture.name}: more than 40 visits`);
}

/** The fixture's manifest as the importer parses it. */
export async function structureOf(fixture: Fixture): Promise<ScormPackage> {
  return (await parsePackage(Object.keys(fixture.files), async (name) => fixture.files[name]!)) as ScormPackage;
}

/**
 * Every activity's state in the attempt's stored sequencing engine, as "completion/success"
 * (and "@score" where the activity has a measure): the activity tree at the end.
 */
export async function activityTree(fixture: Fixture, record: { state: string; selection?: Selection }): Promise<Record<string, string>> {
  const structure = await structureOf(fixture);
  const tree = withSelection(buildActivityTree(structure), record.selection ?? {});
  const seq = Sequencer.open(tree, record.state);
  const out: Record<string, string> = {};
  const walk = (a: { id: string; children?: unknown[] }) => {
    const s = seq.status(a.id);
    out[a.id] = `${s.completion}/${s.success}${s.scoreScaled !== undefined ? `@${s.scoreScaled}` : ''}`;
    for (const c of (a.children ?? []) as { id: string }[]) walk(c);
  };
  walk(tree);
  return out;
}

/** The learner's latest attempt of the package, as the API shows it. */
export async function latestAttempt(api: HttpClient, packageId: string): Promise<any> {
  const listed = (await api.request('GET', '/api/courses')).body.items.find((c: any) => c.packageId === packageId);
  if (!listed?.attemptId) throw new Error(`no attempt of ${packageId}`);
  return { ...(await api.request('GET', `/api/attempts/${listed.attemptId}`)).body, listed };
}

export interface CorpusSession {
  app: TestApp;
  browser: Browser;
  /** Signed in as the learner, on the Courses view. */
  page: Page;
  /** The learner's own API client (to read their attempts). */
  learner: HttpClient;
  pageErrors: string[];
  /** Each fixture's package id, uploaded by an author. */
  ids: Map<Fixture, string>;
  close(): Promise<void>;
}

/** One app, one author who uploads the fixtures, one learner signed in in one browser: what a corpus test file plays in. */
export async function openCorpusSession(fixtures: Iterable<Fixture>): Promise<CorpusSession> {
  const app = await startTestApp();
  await app.createUser({ email: 'author@example.com', password: PASSWORD, name: 'Ava Author', roles: ['author'] });
  await app.createUser({ email: 'lee@example.com', password: PASSWORD, name: 'Lee Learner', roles: ['employee'] });
  const author = new HttpClientImpl(app.url);
  await author.login('author@example.com', PASSWORD);
  const ids = new Map<Fixture, string>();
  for (const f of fixtures) ids.set(f, await uploadPackage(author, f.files));
  const learner = new HttpClientImpl(app.url);
  await learner.login('lee@example.com', PASSWORD);
  const browser = await launchBrowser();
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = collectPageErrors(page);
  await signInToCourses(page, app.url, 'lee@example.com');
  return {
    app,
    browser,
    page,
    learner,
    pageErrors,
    ids,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}
