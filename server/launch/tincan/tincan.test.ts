/**
 * xAPI (TinCan) launch through `POST /api/launches`: the launch URL's parameters (Rustici
 * launch guidelines), a token bound to the learner and registration, registration reuse.
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import test from 'ava';
import { startTestApp, type TestApp } from '../../../test/helpers/app.js';
import { HttpClient } from '../../../test/helpers/http-client.js';
import { offersCollection } from '../../catalogue/catalogue-store.js';

let app: TestApp;
let learner: HttpClient;
let learnerId: string;
let packageId: string;
const password = 'a long enough passphrase';

test.before(async () => {
  execFileSync(process.execPath, ['scripts/build-samples.mjs'], { stdio: 'pipe' });
  app = await startTestApp();
  learnerId = (await app.createUser({ email: 'tin@example.com', password, name: 'Tina Can', roles: ['employee'] })).id;
  learner = new HttpClient(app.url);
  await learner.login('tin@example.com', password);
  packageId = (await app.runtime.services.content.importZip({ zipPath: path.resolve('packages-sample/dist/expense-policy-xapi.zip'), uploadedBy: 'test' })).packageId;
  // Open to everyone in the catalogue (as an author would on the package page): learners launch only what is assigned or offered to them.
  await offersCollection(app.runtime.store.db).replaceOne({ _id: packageId }, { _id: packageId, open: true, updatedAt: new Date() }, { upsert: true });
});
test.after.always(() => app?.close());

test('the launch URL has endpoint, auth, actor, registration and activity_id; the token is the learner’s only', async (t) => {
  const res = await learner.request('POST', '/api/launches', { packageId });
  t.is(res.status, 201);
  t.is(res.body.kind, 'xapi');
  const url = new URL(res.body.url);
  t.is(url.origin, app.contentUrl, 'content comes from the content origin');
  t.regex(url.pathname, /\/index\.html$/);
  const q = url.searchParams;
  t.is(q.get('endpoint'), `${app.runtime.config.publicUrl}/xapi/`);
  t.deepEqual(JSON.parse(q.get('actor')!), { objectType: 'Agent', name: 'Tina Can', account: { homePage: app.runtime.config.publicUrl, name: learnerId } });
  t.is(q.get('registration'), res.body.registration);
  t.is(q.get('activity_id'), 'https://samples.hr-lms.example/xapi/expense-policy');
  const auth = q.get('auth')!;
  t.regex(auth, /^Basic [A-Za-z0-9+/=]+$/);
  t.false(auth.includes(password));

  const post = (statement: object) =>
    fetch(`${q.get('endpoint')}statements`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json', 'x-experience-api-version': '1.0.3', origin: app.contentUrl },
      body: JSON.stringify(statement),
    });
  const actor = JSON.parse(q.get('actor')!);
  const ok = await post({ actor, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'https://samples.hr-lms.example/xapi/expense-policy/section-claim' }, context: { registration: q.get('registration') } });
  t.is(ok.status, 200);
  t.is(ok.headers.get('access-control-allow-origin'), app.contentUrl, 'CORS for the content origin');
  const other = await post({ actor: { mbox: 'mailto:someone@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: { id: 'https://samples.hr-lms.example/xapi/expense-policy' } });
  t.is(other.status, 403);
  // Reading: its registration only.
  const read = await fetch(`${q.get('endpoint')}statements?registration=${q.get('registration')}`, { headers: { authorization: auth, 'x-experience-api-version': '1.0.3' } });
  t.is(read.status, 200);
  t.is(((await read.json()) as { statements: unknown[] }).statements.length, 1);
  const all = await fetch(`${q.get('endpoint')}statements`, { headers: { authorization: auth, 'x-experience-api-version': '1.0.3' } });
  t.is(all.status, 403);

  const again = await learner.request('POST', '/api/launches', { packageId });
  t.is(again.body.registration, res.body.registration, 'the next launch continues the registration');
  t.not(new URL(again.body.url).searchParams.get('auth'), auth, 'with a fresh token');
});

test('CORS: preflights from the content origin allow Authorization on /xapi and POST on the cmi5 fetch URL', async (t) => {
  const pre = await fetch(`${app.url}/xapi/statements`, {
    method: 'OPTIONS',
    headers: { origin: app.contentUrl, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-experience-api-version' },
  });
  t.is(pre.status, 204);
  t.is(pre.headers.get('access-control-allow-origin'), app.contentUrl);
  t.regex(pre.headers.get('access-control-allow-headers') ?? '', /authorization/i);
  t.is(pre.headers.get('access-control-allow-credentials'), null, 'never with cookies');
  const fetchPre = await fetch(`${app.url}/cmi5/fetch/anything`, { method: 'OPTIONS', headers: { origin: app.contentUrl, 'access-control-request-method': 'POST' } });
  t.is(fetchPre.status, 204);
  t.regex(fetchPre.headers.get('access-control-allow-methods') ?? '', /POST/);
  const unknown = await fetch(`${app.url}/cmi5/fetch/anything`, { method: 'POST', headers: { origin: app.contentUrl } });
  t.is(unknown.status, 200);
  t.is(unknown.headers.get('access-control-allow-origin'), app.contentUrl);
  t.like(await unknown.json(), { 'error-code': '2' });
});
