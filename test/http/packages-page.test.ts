/**
 * The package page's API over real HTTP: structure tree and what changed between versions,
 * learners per version and where a package is used, preview (nothing recorded), archive
 * (hidden from pickers, the catalogue and new rules; records kept), delete (only when never
 * used, else 409 naming what uses it), refusals naming the field, and idempotent samples.
 */
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { uploadPackage, waitForImport, writeZip } from '../helpers/package-upload.js';
import { loadSamples, type LoadedSamples } from '../helpers/samples.js';
import { packageActivityId } from '../../server/learning-record/identity.js';
import { packageDetailsSchema, packageUsageSchema } from '#contract/packages.js';

let app: TestApp;
let samples: LoadedSamples;
let author: HttpClient;
let hr: HttpClient;
let learner: HttpClient;
const password = 'a long enough passphrase';

test.before(async () => {
  app = await startTestApp();
  await app.createUser({ email: 'author@example.com', password, name: 'Ava Author', roles: ['author'] });
  await app.createUser({ email: 'hr@example.com', password, name: 'Harper HR', roles: ['hr'] });
  await app.createUser({ email: 'lee@example.com', password, name: 'Lee Learner', roles: ['employee'] });
  samples = await loadSamples(app, { email: 'author@example.com', password });
  author = new HttpClient(app.url);
  await author.login('author@example.com', password);
  hr = new HttpClient(app.url);
  await hr.login('hr@example.com', password);
  learner = new HttpClient(app.url);
  await learner.login('lee@example.com', password);
});
test.after.always(() => app?.close());

/** A SCORM 1.2 course of the given items (identifier -> [title, launch file]); every launch file is in the zip. */
function course(identifier: string, items: Record<string, [string, string]>): Record<string, string> {
  const entries = Object.entries(items);
  const files: Record<string, string> = {
    'imsmanifest.xml': `<?xml version="1.0"?><manifest identifier="${identifier}" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>${identifier}</title>
${entries.map(([id, [title]]) => `<item identifier="${id}" identifierref="r-${id}"><title>${title}</title></item>`).join('')}
</organization></organizations><resources>
${entries.map(([id, [, href]]) => `<resource identifier="r-${id}" type="webcontent" adlcp:scormtype="sco" href="${href}"><file href="${href}"/></resource>`).join('')}
</resources></manifest>`,
  };
  for (const [, [, href]] of entries) files[href] = '<!doctype html><title>x</title><p>part</p>';
  return files;
}

async function statementCount(): Promise<number> {
  return (await app.runtime.lrs.records.find({ limit: 10_000 })).statements.length;
}

test.serial('structure tree with launch paths, what changed between versions, and learners on each version', async (t) => {
  const id = await uploadPackage(author, course('changes-course', { a: ['Intro', 'a.html'], b: ['Quiz', 'b.html'], c: ['Wrap-up', 'c.html'] }));
  // Version 2: a removed, b renamed, c launches another file, d added.
  const v2 = await uploadPackage(author, course('changes-course', { b: ['Final quiz', 'b.html'], c: ['Wrap-up', 'c2.html'], d: ['Extra', 'd.html'] }));
  t.is(v2, id, 'the same manifest identifier is a new version of the same package');
  // Read through the shared contract: the answer must have every field the portal reads.
  const pkg = packageDetailsSchema.parse((await author.request('GET', `/api/packages/${id}`)).body);
  t.deepEqual(pkg.versions.map((v) => v.version), [1, 2]);
  t.deepEqual(pkg.versions[0]?.tree.map((n) => [n.id, n.title, n.launch]), [['a', 'Intro', 'a.html'], ['b', 'Quiz', 'b.html'], ['c', 'Wrap-up', 'c.html']]);
  t.is(pkg.versions[0]?.changes, null, 'version 1 has nothing to compare with');
  t.deepEqual(pkg.versions[1]?.changes, {
    added: [{ id: 'd', title: 'Extra' }],
    removed: [{ id: 'a', title: 'Intro' }],
    changed: [{ id: 'b', title: 'Final quiz', what: ['title'] }, { id: 'c', title: 'Wrap-up', what: ['launch'] }],
  });

  // A learner starts version 1; version 2 becomes current; another learner starts it.
  t.is((await learner.request('POST', '/api/launches', { packageId: id, itemId: 'a' })).status, 201);
  t.is((await author.request('PUT', `/api/packages/${id}/current-version`, { version: 2 })).status, 200);
  await app.createUser({ email: 'kim@example.com', password, name: 'Kim', roles: ['employee'] });
  const kim = new HttpClient(app.url);
  await kim.login('kim@example.com', password);
  t.is((await kim.request('POST', '/api/launches', { packageId: id, itemId: 'b' })).status, 201);
  const usage = packageUsageSchema.parse((await author.request('GET', `/api/packages/${id}/usage`)).body);
  t.deepEqual(usage.learnersByVersion, { 1: 1, 2: 1 });
  t.is(usage.attempts, 2);
});

test.serial('preview gives a launch URL on the content origin and keeps no record: no attempt, no statement', async (t) => {
  const before = await statementCount();
  const attemptsBefore = await app.runtime.store.db.collection('launch_attempts').countDocuments({});
  for (const id of [samples.scorm2004, samples.cmi5, samples.xapi]) {
    const res = await author.request('GET', `/api/packages/${id}/preview`);
    t.is(res.status, 200, JSON.stringify(res.body));
    const url = new URL(res.body.url);
    t.is(url.origin, app.contentUrl, 'served by the content origin');
    t.true(res.body.items.length >= 1);
    t.falsy(url.searchParams.get('endpoint'), 'no LRS endpoint: content has nowhere to send statements');
    t.falsy(url.searchParams.get('fetch'));
    t.is((await fetch(url)).status, 200, 'the preview URL opens');
  }
  const sco = await author.request('GET', `/api/packages/${samples.scorm2004}/preview`);
  const second = sco.body.items[1];
  const other = await author.request('GET', `/api/packages/${samples.scorm2004}/preview?item=${encodeURIComponent(second.id)}`);
  t.is(other.body.item.id, second.id, 'any item can be previewed');
  t.is(await statementCount(), before, 'the LRS holds nothing more');
  t.is(await app.runtime.store.db.collection('launch_attempts').countDocuments({}), attemptsBefore, 'no attempt');
  t.is(await app.runtime.store.db.collection('cmi5_registrations').countDocuments({}), 0, 'no cmi5 registration');
  t.is(await app.runtime.store.db.collection('tincan_registrations').countDocuments({}), 0, 'no xAPI registration');

  // Refusals name the field; unknown items and versions are 404; learners may not preview.
  const bad = await author.request('GET', `/api/packages/${samples.scorm2004}/preview?version=zero`);
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'version');
  t.is((await author.request('GET', `/api/packages/${samples.scorm2004}/preview?version=9`)).status, 404);
  t.is((await author.request('GET', `/api/packages/${samples.scorm2004}/preview?item=nope`)).status, 404);
  t.is((await learner.request('GET', `/api/packages/${samples.scorm2004}/preview`)).status, 403);
});

test.serial('archive hides a package from pickers, the catalogue of new learners and new rules; records stay; restore brings it back', async (t) => {
  const id = await uploadPackage(author, course('archive-course', { a: ['Only part', 'a.html'] }));
  t.is((await learner.request('POST', '/api/launches', { packageId: id, itemId: 'a' })).status, 201);
  const bad = await author.request('PUT', `/api/packages/${id}/archived`, { archived: 'yes' });
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'archived');
  t.is((await learner.request('PUT', `/api/packages/${id}/archived`, { archived: true })).status, 403);
  const res = await author.request('PUT', `/api/packages/${id}/archived`, { archived: true });
  t.is(res.status, 200);
  t.truthy(res.body.archivedAt);

  const picker = (await hr.request('GET', '/api/packages')).body.items.map((p: any) => p.id);
  t.false(picker.includes(id), 'not in the pickers’ list');
  const all = (await author.request('GET', '/api/packages?archived=include')).body.items.find((p: any) => p.id === id);
  t.truthy(all?.archivedAt, 'the Content view still lists it, marked archived');
  t.deepEqual((await author.request('GET', '/api/packages?archived=only')).body.items.map((p: any) => p.id), [id]);
  t.is((await author.request('GET', '/api/packages?archived=maybe')).body.error.field, 'archived');

  await app.createUser({ email: 'new@example.com', password, name: 'Newcomer', roles: ['employee'] });
  const newcomer = new HttpClient(app.url);
  await newcomer.login('new@example.com', password);
  t.false((await newcomer.request('GET', '/api/courses')).body.items.some((c: any) => c.packageId === id), 'new learners are not offered it');
  t.true((await learner.request('GET', '/api/courses')).body.items.some((c: any) => c.packageId === id), 'who started it keeps it');

  const rule = await hr.request('POST', '/api/assignment-rules', { name: 'All', target: { type: 'package', id, title: 'Archived' }, criteria: { everyone: true } });
  t.is(rule.status, 400);
  t.is(rule.body.error.field, 'target.id');
  t.regex(rule.body.error.message, /archived/);

  t.is((await author.request('GET', `/api/packages/${id}/usage`)).body.attempts, 1, 'records kept');
  await author.request('PUT', `/api/packages/${id}/archived`, { archived: false });
  t.true((await hr.request('GET', '/api/packages')).body.items.some((p: any) => p.id === id), 'restored');
});

test.serial('delete: refused with 409 naming what uses it (attempts, statements, paths, rules); allowed when never used', async (t) => {
  // Never used: deleted with its versions and files.
  const unused = await uploadPackage(author, course('unused-course', { a: ['A', 'a.html'] }));
  t.is((await learner.request('DELETE', `/api/packages/${unused}`)).status, 403);
  t.is((await author.request('DELETE', `/api/packages/${unused}`)).status, 204);
  t.is((await author.request('GET', `/api/packages/${unused}`)).status, 404);
  t.false(fs.existsSync(path.join(app.runtime.config.contentDir, unused)), 'its files are gone');
  t.is((await author.request('DELETE', `/api/packages/${unused}`)).status, 404);
  t.is((await author.request('DELETE', '/api/packages/not-an-id')).status, 404);

  // On a path and in a rule.
  const used = await uploadPackage(author, course('used-course', { a: ['A', 'a.html'] }));
  const pathRes = await hr.request('POST', '/api/paths', { title: 'Onboarding path', steps: [{ id: 's1', title: 'Course', type: 'package', ref: used }] });
  t.is(pathRes.status, 201, JSON.stringify(pathRes.body));
  // A rule names departments from the organisation's managed lists.
  t.is((await hr.request('POST', '/api/org/departments', { name: 'Nobody' })).status, 201);
  const rule = await hr.request('POST', '/api/assignment-rules', { name: 'Security for all', target: { type: 'package', id: used, title: 'Used' }, criteria: { departments: ['Nobody'] } });
  t.is(rule.status, 201, JSON.stringify(rule.body));
  const milestone = await hr.request('PUT', '/api/reports/milestones/Engineer', { target: { type: 'package', id: used } });
  t.is(milestone.status, 200, JSON.stringify(milestone.body));
  const framework = await hr.request('POST', '/api/competency-frameworks', {
    name: 'Safety skills',
    levels: [{ level: 0, name: 'None' }, { level: 1, name: 'Basic' }],
    competencies: [{ id: 'fire', name: 'Fire safety' }],
    evidenceRules: [{ kind: 'statement', competencyId: 'fire', activityId: packageActivityId({ kind: 'scorm12', identity: 'scorm:used-course' }, app.runtime.config.publicUrl), verb: 'http://adlnet.gov/expapi/verbs/passed', level: 1 }],
  });
  t.is(framework.status, 201, JSON.stringify(framework.body));
  const refused = await author.request('DELETE', `/api/packages/${used}`);
  t.is(refused.status, 409);
  t.is(refused.body.error.code, 'package_in_use');
  t.regex(refused.body.error.message, /“Onboarding path”/);
  t.regex(refused.body.error.message, /“Security for all”/);
  t.regex(refused.body.error.message, /onboarding milestone of “Engineer”/);
  t.regex(refused.body.error.message, /competency framework \(“Safety skills”\)/);
  const usage = (await author.request('GET', `/api/packages/${used}/usage`)).body;
  t.deepEqual(usage.paths.map((p: any) => p.title), ['Onboarding path']);
  t.deepEqual(usage.rules.map((r: any) => r.name), ['Security for all']);
  t.deepEqual(usage.milestones, [{ jobRole: 'Engineer' }]);
  t.truthy((await author.request('GET', `/api/packages/${used}`)).body.id, 'nothing was removed');

  // Statements only: someone's record names the course (sent by any client).
  const recorded = await uploadPackage(author, course('recorded-course', { a: ['A', 'a.html'] }));
  const write = await app.runtime.lrs.internalWriter('test-tool');
  const activity = packageActivityId({ kind: 'scorm12', identity: 'scorm:recorded-course' }, app.runtime.config.publicUrl);
  await write({ actor: { mbox: 'mailto:someone@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: activity } });
  const byStatement = await author.request('DELETE', `/api/packages/${recorded}`);
  t.is(byStatement.status, 409);
  t.regex(byStatement.body.error.message, /1 statement/);

  // A learner's registration of an xAPI course.
  const xapi = samples.xapi;
  const launched = await learner.request('POST', '/api/launches', { packageId: xapi });
  t.is(launched.status, 201);
  const inUse = await author.request('DELETE', `/api/packages/${xapi}`);
  t.is(inUse.status, 409);
  t.regex(inUse.body.error.message, /attempt/);
});

test.serial('import warnings reach the author: on the upload answer, the job result and the version', async (t) => {
  const files = course('warned-course', { a: ['A', 'a.html'] });
  files['imsmanifest.xml'] = files['imsmanifest.xml']!.replace('<file href="a.html"/>', '<file href="a.html"/><file href="img/missing.png"/>');
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(await writeZip(files))], { type: 'application/zip' }), 'warned.zip');
  const res = await author.upload('/api/packages', form);
  t.is(res.status, 202);
  t.deepEqual(res.body.warnings.map((w: any) => [w.code, w.entry]), [['file_missing', 'img/missing.png']]);
  const id = await waitForImport(author, res.body.jobId);
  t.is((await author.request('GET', `/api/jobs/${res.body.jobId}`)).body.result.warnings.length, 1);
  t.is((await author.request('GET', `/api/packages/${id}`)).body.versions[0].warnings[0].entry, 'img/missing.png');
});

test.serial('"Load the sample packages" can be pressed at any time: loaded samples are skipped, not re-versioned', async (t) => {
  const res = await author.request('POST', '/api/packages/samples');
  t.is(res.status, 202);
  t.deepEqual(res.body.jobIds, []);
  t.is(res.body.skipped.length, 4);
  for (const id of Object.values(samples)) t.is((await author.request('GET', `/api/packages/${id}`)).body.latestVersion, 1);
});
