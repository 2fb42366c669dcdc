/**
 * The content origin maps a capability to exactly one package version's folder: no dot
 * segment (plain, percent-encoded, double-encoded, backslashes, mixed) may leave it, and
 * no folder is listed. Sent as raw request targets (fetch would normalise `..` itself).
 * The same corpus runs against the capability of every launcher: SCORM (minted here), and
 * the URLs the cmi5 and xAPI (TinCan) launchers hand a learner.
 */
import http from 'node:http';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { openInCatalogue } from '../helpers/package-upload.js';

let app: TestApp;
let a: string;
let b: string;
let cmi5: string;
let xapi: string;
let learner: HttpClient;

test.before(async () => {
  execFileSync(process.execPath, ['scripts/build-samples.mjs'], { stdio: 'pipe' });
  app = await startTestApp();
  const importZip = async (file: string) => (await app.runtime.services.content.importZip({ zipPath: path.resolve('packages-sample/dist', file), uploadedBy: 'test' })).packageId;
  a = await importZip('data-security-scorm12.zip');
  b = await importZip('code-of-conduct-scorm2004.zip');
  cmi5 = await importZip('onboarding-cmi5.zip');
  xapi = await importZip('expense-policy-xapi.zip');
  await app.createUser({ email: 'lee@example.com', password: 'a long enough passphrase', name: 'Lee', roles: ['employee'] });
  learner = new HttpClient(app.url);
  await learner.login('lee@example.com', 'a long enough passphrase');
  // Lee launches the cmi5 and xAPI courses from the catalogue.
  await app.createUser({ email: 'author@example.com', password: 'a long enough passphrase', name: 'Ava Author', roles: ['author'] });
  const author = new HttpClient(app.url);
  await author.login('author@example.com', 'a long enough passphrase');
  for (const id of [cmi5, xapi]) await openInCatalogue(author, id);
});
test.after.always(() => app?.close());

function rawGet(target: string): Promise<{ status: number; body: string }> {
  const url = new URL(app.contentUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: target, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Dot segments written every way we know: plain, percent-encoded (either case, half), double-encoded, backslashes, NUL, overlong UTF-8. */
const UP = [
  '../..', '%2e%2e/%2e%2e', '%2E%2E/%2E%2E', '.%2e/.%2e', '%2e./%2e.', '%252e%252e/%252e%252e', '..%2f..', '%2e%2e%2f%2e%2e',
  '..%5c..', '%5c..%5c..', '..\\..', '%252e%252e%252f%252e%252e', 'x/../../..', './../..', '..%00/..', '%c0%ae%c0%ae/%c0%ae%c0%ae',
  '%c0%ae%c0%ae%c0%af%c0%ae%c0%ae', '%e0%80%ae%e0%80%ae/%e0%80%ae%e0%80%ae', '..%255c..', '%2e%2e%5c%2e%2e', '..;/..', '..%c0%af..', '%u002e%u002e/%u002e%u002e',
];

/** Every way up from `prefix` (a capability's `/c/<token>`) to package b's manifest and quiz answers: never served. */
async function assertNoEscape(t: import('ava').ExecutionContext, prefix: string, label: string): Promise<void> {
  for (const dots of UP) {
    for (const tail of [`${b}/v1/imsmanifest.xml`, `../${b}/v1/imsmanifest.xml`, `${b}/v1/quiz.js`, `../${b}/v1/quiz.js`]) {
      const res = await rawGet(`${prefix}/${dots}/${tail}`);
      t.not(res.status, 200, `${label}: ${dots}/${tail} answered 200`);
      t.notRegex(res.body, /code-of-conduct|<manifest|correct/i, `${label}: ${dots}/${tail} leaked package b`);
    }
  }
}

test('a capability for one package never serves another package’s files, however the dots are written', async (t) => {
  const token = app.runtime.services.contentUrls.tokenFor({ packageId: a, version: 1, registration: 'r1' });
  const own = await rawGet(`/c/${token}/imsmanifest.xml`);
  t.is(own.status, 200, 'its own files are served');
  t.regex(own.body, /<manifest/);
  await assertNoEscape(t, `/c/${token}`, 'scorm');
  // The same through the SCORM launch page's launch parameter.
  for (const launch of ['../../x', '%2e%2e/%2e%2e/x', '..%2f..%2fx', '..\\x', '%252e%252e/x', `../${b}/v1/quiz.js`]) {
    const res = await rawGet(`/bridge/${token}/scorm.html?launch=${encodeURIComponent(launch)}`);
    t.is(res.status, 400, launch);
  }
});

test('the cmi5 and xAPI launchers’ capability URLs are held to the same folder: quiz answers of another course stay unreadable', async (t) => {
  const cmi5Launch = await learner.request('POST', '/api/cmi5/launches', { packageId: cmi5 });
  t.is(cmi5Launch.status, 201, JSON.stringify(cmi5Launch.body));
  const xapiLaunch = await learner.request('POST', '/api/launches', { packageId: xapi });
  t.is(xapiLaunch.status, 201, JSON.stringify(xapiLaunch.body));
  for (const [label, launchUrl, own] of [
    ['cmi5', String(cmi5Launch.body.url), 'cmi5.xml'],
    ['xapi', String(xapiLaunch.body.url), 'tincan.xml'],
  ] as const) {
    const url = new URL(launchUrl);
    t.is(url.origin, app.contentUrl, `${label}: served by the content origin`);
    const prefix = url.pathname.match(/^\/c\/[^/]+/)?.[0];
    if (!prefix) return t.fail(`${label}: not a capability URL: ${launchUrl}`);
    const launched = await rawGet(url.pathname);
    t.is(launched.status, 200, `${label}: its launch file is served`);
    t.is((await rawGet(`${prefix}/${own}`)).status, 200, `${label}: its own files are served`);
    await assertNoEscape(t, prefix, label);
    // Nor is the other course reached by swapping the package id inside a forged token.
    const [payload, sig] = prefix.slice(3).split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    forged[0] = b;
    const forgedPrefix = `/c/${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${sig}`;
    t.is((await rawGet(`${forgedPrefix}/quiz.js`)).status, 404, `${label}: a token re-pointed at another package is refused`);
    for (const target of [`${prefix}/`, `${prefix}/%2e/`]) t.notRegex((await rawGet(target)).body, /index\.html|\.xml/, `${label}: ${target} listed the folder`);
  }
});

test('no folder is listed, at the version root or below', async (t) => {
  const token = app.runtime.services.contentUrls.tokenFor({ packageId: a, version: 1, registration: 'r1' });
  for (const target of [`/c/${token}/`, `/c/${token}/.`, `/c/${token}/%2e/`]) {
    const res = await rawGet(target);
    t.not(res.status, 200, target);
    t.notRegex(res.body, /imsmanifest\.xml/, `${target} listed the folder`);
  }
});
