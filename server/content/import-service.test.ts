/** Importing packages: versions, the current version, and refusals that leave nothing behind. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import yazl from 'yazl';
import { createMongooseConnection } from '../store/mongoose.js';
import { openTestStore } from '../../test/helpers/test-store.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { contentModels } from './package-model.js';
import { createContentService } from './import-service.js';
import { ContentValidationError } from './manifest/index.js';
import { ZipRejectedError } from './zip/index.js';

const dist = path.resolve('packages-sample/dist');
test.before(() => {
  execFileSync(process.execPath, ['scripts/build-samples.mjs'], { stdio: 'pipe' });
});

async function setup() {
  const store = await openTestStore();
  const conn = createMongooseConnection(store);
  const models = contentModels(conn);
  await Promise.all([models.packages.init(), models.versions.init()]);
  const contentDir = tempDir('content-');
  const service = createContentService({ models, contentDir });
  return { service, contentDir, close: async () => { await conn.close(); await store.close(); } };
}

function writeZip(file: string, entries: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, text] of Object.entries(entries)) zip.addBuffer(Buffer.from(text), name);
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', resolve).on('error', reject);
    zip.end();
  });
}

test('a first upload creates a package; the same course again is version 2; authors choose the current one', async (t) => {
  const { service, contentDir, close } = await setup();
  t.teardown(close);
  const progress: number[] = [];
  const first = await service.importZip({ zipPath: path.join(dist, 'onboarding-cmi5.zip'), uploadedBy: 'u1', onProgress: (f) => progress.push(f) });
  t.is(first.kind, 'cmi5');
  t.is(first.version, 1);
  t.true(progress.length > 0 && progress.at(-1) === 1, 'progress ends at 100%');
  t.true(fs.existsSync(path.join(contentDir, first.packageId, 'v1', 'cmi5.xml')));

  const second = await service.importZip({ zipPath: path.join(dist, 'onboarding-cmi5.zip'), uploadedBy: 'u2' });
  t.is(second.packageId, first.packageId, 'the manifest names the same course');
  t.is(second.version, 2);
  let pkg = await service.get(first.packageId);
  t.is(pkg.currentVersion, 1, 'new versions wait until chosen');
  t.deepEqual(pkg.versions.map((v) => v.version), [1, 2]);
  t.is(pkg.contentUrl, `/content/${first.packageId}/v1/`);
  await service.setCurrentVersion(first.packageId, 2);
  pkg = await service.get(first.packageId);
  t.is(pkg.version, 2);
  await t.throwsAsync(() => service.setCurrentVersion(first.packageId, 7), { message: /Version 7 not found/ });

  const other = await service.importZip({ zipPath: path.join(dist, 'data-security-scorm12.zip'), uploadedBy: 'u1' });
  t.not(other.packageId, first.packageId);
  t.is((await service.list()).length, 2);
});

test('refused zips name the rule and the entry, and leave no package, version or files', async (t) => {
  const { service, contentDir, close } = await setup();
  t.teardown(close);
  const dir = tempDir('bad-');
  const noManifest = path.join(dir, 'none.zip');
  await writeZip(noManifest, { 'index.html': '<p>hi</p>' });
  const missing = await t.throwsAsync(() => service.importZip({ zipPath: noManifest, uploadedBy: 'u' }), { instanceOf: ContentValidationError });
  t.is(missing!.rule, 'manifest_missing');

  const traversal = path.join(dir, 'slip.zip');
  await writeZip(traversal, { 'imsmanifest.xml': '<manifest/>', 'a/b.txt': 'x' });
  // Rename an entry to a traversal path by patching the bytes (yazl refuses such names).
  const bytes = fs.readFileSync(traversal);
  fs.writeFileSync(traversal, Buffer.from(bytes.toString('latin1').replaceAll('a/b.txt', '../b.tx'), 'latin1'));
  const slip = await t.throwsAsync(() => service.importZip({ zipPath: traversal, uploadedBy: 'u' }), { instanceOf: ZipRejectedError });
  t.is(slip!.rule, 'path_traversal');
  t.is(slip!.entry, '../b.tx');

  // A manifest that parses, then data that lies about its size: caught only while extracting.
  const liar = path.join(dir, 'liar.zip');
  await writeZip(liar, { 'tincan.xml': TINCAN, 'index.html': 'x'.repeat(5000) });
  const raw = fs.readFileSync(liar);
  patchDeclaredSize(raw, 'index.html', 100);
  fs.writeFileSync(liar, raw);
  const lying = await t.throwsAsync(() => service.importZip({ zipPath: liar, uploadedBy: 'u' }), { instanceOf: ZipRejectedError });
  t.is(lying!.rule, 'corrupt');

  t.deepEqual(await service.list(), [], 'no package record is left behind');
  t.deepEqual(fs.readdirSync(contentDir), [], 'no files are left behind');
});

const TINCAN = `<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
<activity id="http://example.com/activities/liar" type="http://adlnet.gov/expapi/activities/course">
<name>Liar</name><launch lang="en-US">index.html</launch></activity></activities></tincan>`;

/** Make the zip's headers claim `size` uncompressed bytes for an entry (local header and central directory). */
function patchDeclaredSize(zip: Buffer, name: string, size: number): void {
  const nameBytes = Buffer.from(name);
  for (let i = 0; i < zip.length - 4; i++) {
    const sig = zip.readUInt32LE(i);
    if (sig === 0x04034b50 && zip.subarray(i + 30, i + 30 + nameBytes.length).equals(nameBytes)) zip.writeUInt32LE(size, i + 22);
    if (sig === 0x02014b50 && zip.subarray(i + 46, i + 46 + nameBytes.length).equals(nameBytes)) zip.writeUInt32LE(size, i + 24);
  }
}
