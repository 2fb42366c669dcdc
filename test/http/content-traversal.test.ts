/**
 * The content origin maps a capability to exactly one package version's folder: no dot
 * segment (plain, percent-encoded, double-encoded, backslashes, mixed) may leave it, and
 * no folder is listed. Sent as raw request targets (fetch would normalise `..` itself).
 */
import http from 'node:http';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp;
let a: string;
let b: string;

test.before(async () => {
  execFileSync(process.execPath, ['scripts/build-samples.mjs'], { stdio: 'pipe' });
  app = await startTestApp();
  const importZip = async (file: string) => (await app.runtime.services.content.importZip({ zipPath: path.resolve('packages-sample/dist', file), uploadedBy: 'test' })).packageId;
  a = await importZip('data-security-scorm12.zip');
  b = await importZip('code-of-conduct-scorm2004.zip');
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

test('a capability for one package never serves another package’s files, however the dots are written', async (t) => {
  const token = app.runtime.services.contentUrls.tokenFor({ packageId: a, version: 1, registration: 'r1' });
  const own = await rawGet(`/c/${token}/imsmanifest.xml`);
  t.is(own.status, 200, 'its own files are served');
  t.regex(own.body, /<manifest/);
  const up = [
    '../..', '%2e%2e/%2e%2e', '%2E%2E/%2E%2E', '.%2e/.%2e', '%2e./%2e.', '%252e%252e/%252e%252e', '..%2f..', '%2e%2e%2f%2e%2e',
    '..%5c..', '%5c..%5c..', '..\\..', '%252e%252e%252f%252e%252e', 'x/../../..', './../..', '..%00/..', '%c0%ae%c0%ae/%c0%ae%c0%ae',
  ];
  for (const dots of up) {
    for (const tail of [`${b}/v1/imsmanifest.xml`, `../${b}/v1/imsmanifest.xml`]) {
      const res = await rawGet(`/c/${token}/${dots}/${tail}`);
      t.not(res.status, 200, `${dots}/${tail} answered 200`);
      t.notRegex(res.body, /code-of-conduct|<manifest/i, `${dots}/${tail} leaked a manifest`);
    }
  }
  // The same through the SCORM launch page's launch parameter.
  for (const launch of ['../../x', '%2e%2e/%2e%2e/x', '..%2f..%2fx']) {
    const res = await rawGet(`/bridge/${token}/scorm.html?launch=${encodeURIComponent(launch)}`);
    t.is(res.status, 400, launch);
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
