/**
 * End to end: commits that cannot reach the server are kept in the browser and retried.
 * The commit URL is made to fail in Chromium; the learner sees an alert instead of losing
 * progress; "Retry now" delivers it; and progress kept when the page is reloaded offline
 * is sent first on the next visit. The server's CMI data shows what arrived.
 */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { loadSamples } from '../helpers/samples.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { PASSWORD, scoFrame, signInToCourses, withDiagnostics } from './helpers/player.js';

test('progress survives a failing server: kept, shown, retried, and sent after a reload', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'author@example.com', password: PASSWORD, name: 'Ava Author', roles: ['author'] });
  await app.createUser({ email: 'eve@example.com', password: PASSWORD, name: 'Eve Employee', roles: ['employee'] });
  const samples = await loadSamples(app, { email: 'author@example.com', password: PASSWORD });
  const api = new HttpClient(app.url);
  await api.login('eve@example.com', PASSWORD);
  const serverLocation = async () => {
    const course = (await api.request('GET', '/api/courses')).body.items.find((c: any) => c.packageId === samples.scorm12);
    const attempt = (await api.request('GET', `/api/attempts/${course.attemptId}`)).body;
    return attempt.scos[0].cmi.core?.lesson_location as string | undefined;
  };

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  const pageErrors = collectPageErrors(page);
  const sco = scoFrame(page);
  // Commits, and their sendBeacon twin used as the page goes away.
  const commits = '**/api/attempts/*/cmi{,/beacon}';
  const beacons: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/cmi/beacon') && r.method() === 'POST') beacons.push(r.postData() ?? '');
  });
  const pendingKeys = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lms.pending.')).length);

  await withDiagnostics(page, 'offline', async () => {
    await signInToCourses(page, app.url, 'eve@example.com');
    await page.locator(`li[data-package-id="${samples.scorm12}"]`).getByRole('link', { name: 'Start' }).click();
    await sco.getByText(/^Welcome, Eve Employee\./).waitFor();
    await page.getByText('All progress saved.').waitFor();

    await page.route(commits, (route) => route.abort('internetdisconnected'));
    await sco.getByRole('button', { name: 'Next' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Your latest progress is not saved on the server yet' });
    await alert.waitFor();
    t.regex(await alert.innerText(), /kept in this browser/);
    t.is(await pendingKeys(), 1, 'the commit is kept in localStorage');
    t.is(await serverLocation(), 'page-1', 'the server has not got page 2');
    await saveScreenshot(page, 'player-offline-alert').then((f) => t.log(f));

    await page.unroute(commits);
    await alert.getByRole('button', { name: 'Retry now' }).click();
    await alert.waitFor({ state: 'detached' });
    await page.getByText('All progress saved.').waitFor();
    t.is(await pendingKeys(), 0);
    t.is(await serverLocation(), 'page-2');

    // Offline again, and the page is reloaded before the server had page 3: commits fail
    // until the reloaded document is on its way. The unloading page also sends its last
    // commits by sendBeacon (Playwright's routing does not hold beacons back), and the kept
    // copy goes again on the next visit; the server takes it once.
    let offline = true;
    await page.route(commits, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
    await sco.getByRole('button', { name: 'Next' }).click();
    await alert.waitFor();
    t.is(await serverLocation(), 'page-2');
    t.is(await pendingKeys(), 1);
    await page.reload({ waitUntil: 'commit' });
    // The beacon's request event may be reported a moment after the new document commits.
    const sentPage3 = () => beacons.some((b) => JSON.parse(b).csrfToken && /page-3/.test(b));
    for (let i = 0; i < 50 && !sentPage3(); i++) await new Promise((r) => setTimeout(r, 100));
    t.true(
      beacons.some((b) => JSON.parse(b).csrfToken && /page-3/.test(b)),
      'the unloading page sent page 3 by sendBeacon, with the CSRF token in the body',
    );
    offline = false;
    await sco.getByText(/Eve Employee/).waitFor();
    await page.getByText('All progress saved.').waitFor();
    t.is(await pendingKeys(), 0, 'sent on the next visit');
    t.regex((await serverLocation()) ?? '', /^page-[3-9]$/, 'page 3 reached the server after the reload');
  });
  t.deepEqual(pageErrors.filter((e) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED|net::/.test(e)), []);
});
