/**
 * The project's own sample packages, built by `npm run samples`, read through the safe zip
 * reader and parsed: what an import will see for each kind.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { listEntries, readEntryText, extractZip } from './zip/index.js';
import { parsePackage, type ParsedPackage } from './manifest/index.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

const dist = path.resolve('packages-sample/dist');

test.before(() => {
  execFileSync(process.execPath, ['scripts/build-samples.mjs'], { stdio: 'pipe' });
});

async function parseSample(name: string): Promise<ParsedPackage> {
  const zip = path.join(dist, `${name}.zip`);
  const entries = (await listEntries(zip)).filter((e) => !e.isDirectory).map((e) => e.name);
  return parsePackage(entries, async (entry) => (await readEntryText(zip, entry, 1024 * 1024))!);
}

test('SCORM 1.2: one SCO with a mastery score', async (t) => {
  const pkg = await parseSample('data-security-scorm12');
  t.is(pkg.kind, 'scorm12');
  if (pkg.kind !== 'scorm12') return;
  const items = pkg.organizations[0]!.items;
  t.is(items.length, 1);
  t.is(items[0]!.scormType, 'sco');
  t.is(items[0]!.masteryScore, 80);
  t.regex(items[0]!.launch ?? '', /index\.html/);
});

test('SCORM 2004 4th edition: two SCOs with sequencing kept as data', async (t) => {
  const pkg = await parseSample('code-of-conduct-scorm2004');
  t.is(pkg.kind, 'scorm2004');
  if (pkg.kind !== 'scorm2004') return;
  t.is(pkg.edition, '2004 4th');
  const items = pkg.organizations[0]!.items;
  t.is(items.length, 2);
  t.truthy(items[1]!.sequencing, 'the quiz carries its sequencing rules');
});

test('cmi5: a block with two AUs and their moveOn criteria', async (t) => {
  const pkg = await parseSample('onboarding-cmi5');
  t.is(pkg.kind, 'cmi5');
  if (pkg.kind !== 'cmi5') return;
  const block = pkg.children[0] as { children: Array<{ moveOn: string; masteryScore?: number; url: string }> };
  t.deepEqual(block.children.map((au) => au.moveOn), ['Completed', 'CompletedAndPassed']);
  t.is(block.children[1]!.masteryScore, 0.8);
});

test('xAPI: a tincan.xml package with a launch file', async (t) => {
  const pkg = await parseSample('expense-policy-xapi');
  t.is(pkg.kind, 'xapi');
  if (pkg.kind !== 'xapi') return;
  t.regex(pkg.launch.url, /\.html$/);
});

test('every sample extracts byte for byte with the safe extractor', async (t) => {
  for (const name of ['data-security-scorm12', 'code-of-conduct-scorm2004', 'onboarding-cmi5', 'expense-policy-xapi']) {
    const dest = path.join(tempDir('sample-'), 'out');
    const entries = await extractZip(path.join(dist, `${name}.zip`), dest);
    const files = entries.filter((e) => !e.isDirectory);
    t.true(files.length >= 4, name);
    for (const f of files) {
      const own = path.join('packages-sample/src', name, f.name);
      const source = fs.existsSync(own) ? own : path.join('packages-sample/src/_shared', f.name);
      t.deepEqual(fs.readFileSync(path.join(dest, f.name)), fs.readFileSync(source), `${name}/${f.name}`);
    }
  }
});
