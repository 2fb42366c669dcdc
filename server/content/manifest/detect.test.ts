import test from 'ava';
import { ContentValidationError, detectPackageKind } from './index.js';

const cases: [string, string[], { family: string; manifest: string; base: string; alsoFound?: string[] }][] = [
  ['SCORM at the root', ['imsmanifest.xml', 'index.html'], { family: 'scorm', manifest: 'imsmanifest.xml', base: '' }],
  ['cmi5 at the root', ['cmi5.xml', 'au/index.html'], { family: 'cmi5', manifest: 'cmi5.xml', base: '' }],
  ['tincan at the root', ['tincan.xml', 'story.html'], { family: 'xapi', manifest: 'tincan.xml', base: '' }],
  ['case-insensitive manifest name', ['IMSManifest.xml', 'a.html'], { family: 'scorm', manifest: 'IMSManifest.xml', base: '' }],
  ['cmi5 wins over a SCORM fallback', ['imsmanifest.xml', 'cmi5.xml'], { family: 'cmi5', manifest: 'cmi5.xml', base: '', alsoFound: ['imsmanifest.xml'] }],
  [
    'single top-level folder ("compress folder"), with directory entries and macOS noise',
    ['Course/', 'Course/imsmanifest.xml', 'Course/sco/a.html', '__MACOSX/Course/._imsmanifest.xml', 'Course/.DS_Store'],
    { family: 'scorm', manifest: 'Course/imsmanifest.xml', base: 'Course/' },
  ],
  ['tincan in a single folder', ['pkg/tincan.xml', 'pkg/index.html'], { family: 'xapi', manifest: 'pkg/tincan.xml', base: 'pkg/' }],
  ['a nested manifest does not shadow the root one', ['imsmanifest.xml', 'sub/cmi5.xml'], { family: 'scorm', manifest: 'imsmanifest.xml', base: '' }],
];

for (const [name, entries, want] of cases) {
  test(`detect: ${name}`, (t) => {
    t.like(detectPackageKind(entries), { alsoFound: [], ...want });
  });
}

const missing: [string, string[]][] = [
  ['empty zip', []],
  ['no manifest at all', ['index.html', 'a/b.js']],
  ['manifest two folders deep', ['a/b/imsmanifest.xml']],
  ['manifest in one of two top-level folders', ['a/imsmanifest.xml', 'b/index.html']],
  ['manifest with a different name', ['manifest.xml']],
];
for (const [name, entries] of missing) {
  test(`detect rejects: ${name}`, (t) => {
    const e = t.throws(() => detectPackageKind(entries), { instanceOf: ContentValidationError });
    t.is(e?.rule, 'manifest_missing');
    t.is(e?.entry, '/');
  });
}
