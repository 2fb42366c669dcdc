/**
 * Evidence files on ticks and observations over HTTP: multipart upload with a type
 * allow-list, content sniffing and a size limit (4xx naming `evidence`, nothing kept);
 * the statement declares the file as an xAPI attachment (supporting_media, sha2) and the
 * LRS holds its data; HR, the manager and the person download it, a colleague does not.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { lrsReader } from '../helpers/lrs-reader.js';
import { blendedSetup } from './blended-support.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('a tiny picture of a signed form')]);
const PDF = Buffer.from('%PDF-1.4\n% observation notes\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function form(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append('evidence', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  return f;
}

test('a tick carries an evidence file: refused types and sizes name the field and keep nothing; the statement attaches it; HR and the manager download it', async (t) => {
  const { app, ids, hr, boss, ava, ben } = await blendedSetup();
  t.teardown(() => app.close());
  const home = app.runtime.config.publicUrl;
  const evidenceDir = path.join(app.runtime.config.dataDir, 'blended-evidence');
  const task = (await hr.request('POST', '/api/blended/tasks', { title: 'Signed equipment form', doneBy: 'manager', evidenceRequired: true })).body;
  const url = `/api/blended/tasks/${task.id}/completions`;

  const html = await boss.upload(url, form({ personId: ids.ava }, { name: 'form.html', type: 'text/html', data: Buffer.from('<script>alert(1)</script>') }));
  t.is(html.status, 400);
  t.is(html.body.error.field, 'evidence');
  const fake = await boss.upload(url, form({ personId: ids.ava }, { name: 'form.png', type: 'image/png', data: Buffer.from('not a png at all') }));
  t.is(fake.status, 400, 'the content must be what the type says');
  t.is(fake.body.error.field, 'evidence');
  const renamed = await boss.upload(url, form({ personId: ids.ava }, { name: 'form.exe', type: 'image/png', data: PNG }));
  t.is(renamed.body.error.field, 'evidence', 'the name must end as the type does');
  const big = await boss.upload(url, form({ personId: ids.ava }, { name: 'big.txt', type: 'text/plain', data: Buffer.alloc(10 * 1024 * 1024 + 1, 'a') }));
  t.is(big.status, 413);
  t.is(big.body.error.field, 'evidence');
  const badPerson = await boss.upload(url, form({ personId: 'nobody' }, { name: 'form.png', type: 'image/png', data: PNG }));
  t.is(badPerson.body.error.field, 'personId');
  const notTheManager = await ben.upload(url, form({ personId: ids.ava }, { name: 'form.png', type: 'image/png', data: PNG }));
  t.is(notTheManager.status, 403);
  t.is((await ava.request('GET', `${url}/${ids.ava}`)).body.completion, null, 'nothing recorded');
  const leftovers = fs.existsSync(evidenceDir) ? fs.readdirSync(evidenceDir, { recursive: true }).filter((f) => String(f).endsWith('.part') || /^[0-9a-f]{64}$/.test(String(f))) : [];
  t.deepEqual(leftovers, [], 'no file kept from a refused upload');

  // The file alone satisfies "evidence required".
  const ticked = await boss.upload(url, form({ personId: ids.ava }, { name: 'signed form.png', type: 'image/png', data: PNG }));
  t.is(ticked.status, 201);
  t.like(ticked.body.evidence, { filename: 'signed form.png', contentType: 'image/png', bytes: PNG.length, sha2: sha(PNG) });
  const evidenceUrl: string = ticked.body.evidence.url;
  t.true(evidenceUrl.startsWith(`${home}/api/blended/evidence/`));

  // The statement declares it; the LRS holds its data (an external tool asks with attachments=true).
  const { client, secret } = await app.runtime.lrs.credentials.create({ name: 'auditor', scopes: ['all/read'] });
  const headers = { authorization: 'Basic ' + Buffer.from(`${client.key}:${secret}`).toString('base64'), 'x-experience-api-version': '1.0.3' };
  const plain = await (await fetch(`${app.url}/xapi/statements?statementId=${ticked.body.statementId}`, { headers })).json();
  t.deepEqual(plain.attachments, [
    { usageType: 'http://id.tincanapi.com/attachment/supporting_media', display: { 'en-US': 'signed form.png' }, description: { 'en-US': 'Evidence file' }, contentType: 'image/png', length: PNG.length, sha2: sha(PNG), fileUrl: evidenceUrl },
  ]);
  const withData = await fetch(`${app.url}/xapi/statements?statementId=${ticked.body.statementId}&attachments=true`, { headers });
  t.regex(withData.headers.get('content-type') ?? '', /^multipart\/mixed/);
  const raw = Buffer.from(await withData.arrayBuffer());
  t.true(raw.includes(PNG), 'the file itself comes with the statement');
  t.regex(raw.toString('latin1'), new RegExp(`X-Experience-API-Hash: ?${sha(PNG)}`, 'i'));

  // Downloads: HR, the manager, the person; not a colleague.
  const path_ = new URL(evidenceUrl).pathname;
  for (const c of [hr, boss, ava]) {
    const res = await c.fetchRaw(path_);
    t.is(res.status, 200);
    t.is(res.headers.get('content-type'), 'image/png');
    t.regex(res.headers.get('content-disposition') ?? '', /^attachment; filename="signed form.png"/);
    t.deepEqual(Buffer.from(await res.arrayBuffer()), PNG);
  }
  t.is((await ben.request('GET', path_)).status, 404);
  t.like((await ava.request('GET', `${url}/${ids.ava}`)).body.completion.evidence, { sha2: sha(PNG), url: evidenceUrl });
});

test('an observation carries an evidence file sent beside its JSON', async (t) => {
  const { app, ids, hr, boss } = await blendedSetup();
  t.teardown(() => app.close());
  const criteria = [{ id: 'open', text: 'Opens with an agenda' }];
  const obsForm = (await hr.request('POST', '/api/blended/observation-forms', { title: 'Discovery call', criteria })).body;
  const url = `/api/blended/observation-forms/${obsForm.id}/observations`;
  const notJson = await boss.upload(url, form({ data: '{results' }, { name: 'notes.pdf', type: 'application/pdf', data: PDF }));
  t.is(notJson.status, 400);
  t.is(notJson.body.error.field, 'data');
  const missing = await boss.upload(url, form({ data: JSON.stringify({ personId: ids.ava, results: [] }) }, { name: 'notes.pdf', type: 'application/pdf', data: PDF }));
  t.is(missing.body.error.field, 'results');
  t.deepEqual((await boss.request('GET', `${url}/${ids.ava}`)).body.items, [], 'nothing half-written');

  const saved = await boss.upload(url, form({ data: JSON.stringify({ personId: ids.ava, results: [{ criterionId: 'open', outcome: 'pass' }], rating: 4 }) }, { name: 'notes.pdf', type: 'application/pdf', data: PDF }));
  t.is(saved.status, 201);
  t.true(saved.body.passed);
  t.like(saved.body.evidence, { filename: 'notes.pdf', sha2: sha(PDF) });
  const listed = (await hr.request('GET', `${url}/${ids.ava}`)).body.items;
  t.is(listed[0].evidence.sha2, sha(PDF));
  const [st] = await (await lrsReader(app)).statements({ activity: obsForm.activityId });
  t.is(st.verb.id, 'http://adlnet.gov/expapi/verbs/passed');
  t.like(st.attachments[0], { usageType: 'http://id.tincanapi.com/attachment/supporting_media', contentType: 'application/pdf', sha2: sha(PDF), length: PDF.length });
});
