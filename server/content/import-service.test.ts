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
import { importProcessor, type ContentImportJob } from './import-job.js';
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
  await Promise.all([models.packages.init(), models.versions.init(), models.reservations.init()]);
  const contentDir = tempDir('content-');
  const service = createContentService({ models, contentDir });
  return { service, models, contentDir, close: async () => { await conn.close(); await store.close(); } };
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

/** The job as the runtime hands it to the processor: the same id on every attempt. */
function jobContext(id: string, data: ContentImportJob, attemptsMade: number) {
  return { id, data, attemptsMade, progress: async () => {} };
}

/** Every directory under the content dir, relative to it (extraction leftovers show up here). */
function tree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .filter((p) => !p.includes(path.sep + 'v1' + path.sep))
    .sort();
}

test('an import killed mid-extraction leaves no half-written folder once retried, and the retry is still version 1', async (t) => {
  const { models, contentDir, close } = await setup();
  t.teardown(close);
  const upload = path.join(tempDir('upload-'), 'course.zip');
  fs.copyFileSync(path.join(dist, 'onboarding-cmi5.zip'), upload);
  const job: ContentImportJob = { uploadPath: upload, filename: 'course.zip', requestedBy: 'u1' };

  // The first attempt writes some files into its temporary folder, then the process dies:
  // the promise never settles, so no cleanup of ours runs, as after a kill -9.
  let died!: () => void;
  const dead = new Promise<void>((resolve) => (died = resolve));
  const dying = createContentService({
    models,
    contentDir,
    extract: async (_zip, dest) => {
      const partial = path.join(path.dirname(dest), `.${path.basename(dest)}.partial-dead`);
      fs.mkdirSync(path.join(partial, 'au'), { recursive: true });
      fs.writeFileSync(path.join(partial, 'cmi5.xml'), '<?xml');
      died();
      return new Promise(() => {});
    },
  });
  // Today's code ignores `extract` and finishes: then the retry below shows version 2.
  void importProcessor(dying)(jobContext('content-import:7', job, 0)).then(died, died);
  await dead;

  // The runtime re-runs the job (same id) after the restart; a crash left the upload in
  // place (copied again, since today's code finished and deleted it).
  fs.copyFileSync(path.join(dist, 'onboarding-cmi5.zip'), upload);
  const restarted = createContentService({ models, contentDir });
  const retried = await importProcessor(restarted)(jobContext('content-import:7', job, 1));
  t.is(retried.version, 1, 'the retry keeps the version the first attempt was given');
  const pkg = await restarted.get(retried.packageId);
  t.deepEqual(pkg.versions.map((v) => v.version), [1]);
  t.is(pkg.latestVersion, 1);
  t.is(pkg.currentVersion, 1);
  t.deepEqual(tree(contentDir), [retried.packageId, path.join(retried.packageId, 'v1')], 'no .partial folder is left');
  t.true(fs.existsSync(path.join(contentDir, retried.packageId, 'v1', 'cmi5.xml')));
});

test('the same import run twice (a retry after it had finished) records one version', async (t) => {
  const { service, close } = await setup();
  t.teardown(close);
  const zipPath = path.join(dist, 'onboarding-cmi5.zip');
  const first = await service.importZip({ zipPath, uploadedBy: 'u1', importKey: 'content-import:9' });
  const again = await service.importZip({ zipPath, uploadedBy: 'u1', importKey: 'content-import:9' });
  t.deepEqual(again, first);
  const pkg = await service.get(first.packageId);
  t.deepEqual(pkg.versions.map((v) => v.version), [1]);
  // A different upload of the same course is still a new version.
  t.is((await service.importZip({ zipPath, uploadedBy: 'u1', importKey: 'content-import:10' })).version, 2);
});

test('opening the content service removes abandoned half-written folders, not a live one', async (t) => {
  const { models, contentDir, close } = await setup();
  t.teardown(close);
  const pkgDir = path.join(contentDir, '0123456789abcdef01234567');
  const abandoned = path.join(pkgDir, '.v3.partial-0a0a0a0a0a0a');
  const live = path.join(pkgDir, '.v4.partial-0b0b0b0b0b0b');
  fs.mkdirSync(path.join(abandoned, 'deep'), { recursive: true });
  fs.writeFileSync(path.join(abandoned, 'deep', 'a.html'), 'x');
  fs.mkdirSync(live, { recursive: true });
  fs.mkdirSync(path.join(pkgDir, 'v2'));
  // Last touched two hours ago: no extraction in any process is still writing it.
  const old = new Date(Date.now() - 2 * 3600_000);
  fs.utimesSync(abandoned, old, old);

  const service = createContentService({ models, contentDir });
  await service.ready;
  t.false(fs.existsSync(abandoned));
  t.true(fs.existsSync(live), 'another process may still be extracting into a recent one');
  t.true(fs.existsSync(path.join(pkgDir, 'v2')), 'finished versions are not touched');
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

/** A SCORM 1.2 manifest whose one SCO references `extra` files besides its launch file. */
function scorm12(launch: string, extra: string[], organizations = 1): string {
  const orgs = Array.from({ length: organizations }, (_, i) => `<organization identifier="org${i + 1}"><title>Org ${i + 1}</title><item identifier="i${i + 1}" identifierref="r1"><title>Part</title></item></organization>`).join('');
  return `<?xml version="1.0"?><manifest identifier="warn-course" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
<organizations default="org1">${orgs}</organizations>
<resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="${launch}"><file href="${launch}"/>${extra.map((f) => `<file href="${f}"/>`).join('')}</resource></resources></manifest>`;
}

test('what can still play imports with warnings: missing non-launch files, organizations learners are not offered', async (t) => {
  const { service, models, close } = await setup();
  t.teardown(close);
  const zip = path.join(tempDir('zips-'), 'warn.zip');
  await writeZip(zip, { 'imsmanifest.xml': scorm12('index.html', ['img/logo.png', 'media/intro.mp4'], 2), 'index.html': '<p>hi</p>' });
  const inspected = await service.inspect(zip);
  t.deepEqual(inspected.warnings.map((w) => [w.code, w.entry]), [
    ['file_missing', 'img/logo.png'],
    ['file_missing', 'media/intro.mp4'],
    ['organization_not_offered', 'organization org2'],
  ]);
  const result = await service.importZip({ zipPath: zip, uploadedBy: 'u1' });
  t.is(result.warnings.length, 3, 'the import result carries them');
  const version = await models.versions.findOne({ packageId: result.packageId, version: 1 }).lean().exec();
  t.deepEqual(version?.warnings?.map((w) => w.entry), ['img/logo.png', 'media/intro.mp4', 'organization org2'], 'and the version keeps them for the package page');
  t.regex(inspected.warnings[0]!.message, /img\/logo\.png.*not in the zip.*plays/);
});

test('what cannot play is still refused: a missing launch file, even when other files are missing too', async (t) => {
  const { service, models, close } = await setup();
  t.teardown(close);
  const zip = path.join(tempDir('zips-'), 'nolaunch.zip');
  await writeZip(zip, { 'imsmanifest.xml': scorm12('start.html', ['img/logo.png']), 'other.html': 'x' });
  const err = await t.throwsAsync(() => service.importZip({ zipPath: zip, uploadedBy: 'u1' }), { instanceOf: ContentValidationError });
  t.is(err?.rule, 'referenced_file_missing');
  t.is(err?.entry, 'start.html', 'the refusal names the launch file');
  t.is(await models.packages.countDocuments({}).exec(), 0, 'nothing half-written');
});

test('missing files are found through the xml:base chain, and a path leaving the package is still refused', async (t) => {
  const { service, close } = await setup();
  t.teardown(close);
  const based = (fileHref: string) => `<?xml version="1.0"?><manifest identifier="based" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
<organizations default="o"><organization identifier="o"><title>O</title><item identifier="i" identifierref="r"><title>P</title></item></organization></organizations>
<resources xml:base="course/"><resource identifier="r" type="webcontent" adlcp:scormtype="sco" xml:base="en/" href="index.html"><file href="index.html"/><file href="${fileHref}"/></resource></resources></manifest>`;
  const zip = path.join(tempDir('zips-'), 'based.zip');
  await writeZip(zip, { 'imsmanifest.xml': based('media/clip.mp4'), 'course/en/index.html': 'x' });
  t.deepEqual((await service.inspect(zip)).warnings.map((w) => w.entry), ['course/en/media/clip.mp4']);
  const outside = path.join(tempDir('zips-'), 'outside.zip');
  await writeZip(outside, { 'imsmanifest.xml': based('../../../secret.txt'), 'course/en/index.html': 'x' });
  const err = await t.throwsAsync(() => service.inspect(outside), { instanceOf: ContentValidationError });
  t.is(err?.rule, 'reference_outside_package');
});
