import test from 'ava';
import { type ContentValidationRule, ContentValidationError, parsePackage, type XapiPackage } from './index.js';
import { memZip } from './testing.js';

const TINCAN = `<?xml version="1.0" encoding="utf-8" ?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
    <activity id="https://lms.example.com/xapi/phishing/q1" type="http://adlnet.gov/expapi/activities/cmi.interaction">
      <name lang="und">Question 1</name>
    </activity>
    <activity id="https://lms.example.com/xapi/phishing" type="http://adlnet.gov/expapi/activities/course">
      <name lang="en-US">Spot the phish</name>
      <name lang="fr-FR">Reperer le phishing</name>
      <description lang="en-US">Recognise phishing emails</description>
      <launch lang="en-us">story/index.html?mode=xapi</launch>
    </activity>
    <activity id="https://lms.example.com/xapi/phishing/extra" type="http://adlnet.gov/expapi/activities/module">
      <name>Extra</name>
      <launch>https://cdn.example.com/extra.html</launch>
    </activity>
  </activities>
</tincan>`;

function zipOf(xml: string, files: string[], name = 'tincan.xml') {
  return memZip(Object.fromEntries([[name, xml], ...files.map((f) => [f, 'x'])]));
}

test('xAPI tincan.xml: activities with names, descriptions and launch; the package launch is the first with one', async (t) => {
  const z = zipOf(TINCAN, ['story/index.html']);
  const p = (await parsePackage(z.entries, z.readText)) as XapiPackage;
  t.is(p.kind, 'xapi');
  t.is(p.title, 'Spot the phish');
  t.deepEqual(p.launch, { activityId: 'https://lms.example.com/xapi/phishing', url: 'story/index.html?mode=xapi' });
  t.deepEqual(p.activities, [
    { id: 'https://lms.example.com/xapi/phishing/q1', type: 'http://adlnet.gov/expapi/activities/cmi.interaction', name: { und: 'Question 1' }, description: {} },
    {
      id: 'https://lms.example.com/xapi/phishing',
      type: 'http://adlnet.gov/expapi/activities/course',
      name: { 'en-US': 'Spot the phish', 'fr-FR': 'Reperer le phishing' },
      description: { 'en-US': 'Recognise phishing emails' },
      launch: 'story/index.html?mode=xapi',
    },
    { id: 'https://lms.example.com/xapi/phishing/extra', type: 'http://adlnet.gov/expapi/activities/module', name: { und: 'Extra' }, description: {}, launch: 'https://cdn.example.com/extra.html' },
  ]);
});

test('xAPI in a single top-level folder', async (t) => {
  const z = zipOf(TINCAN, ['phish/story/index.html'], 'phish/tincan.xml');
  const p = (await parsePackage(z.entries, z.readText)) as XapiPackage;
  t.is(p.launch.url, 'phish/story/index.html?mode=xapi');
});

const bad: [string, string, string[], ContentValidationRule, string][] = [
  ['malformed XML', TINCAN.replace('</activities>', ''), ['story/index.html'], 'manifest_malformed', 'tincan.xml'],
  ['foreign namespace', TINCAN.replace('http://projecttincan.com/tincan.xsd', 'urn:other'), ['story/index.html'], 'unknown_schema_version', 'tincan.xml#/tincan'],
  ['wrong root', '<activities/>', [], 'manifest_invalid', 'tincan.xml#/activities'],
  ['launch file missing', TINCAN, [], 'referenced_file_missing', 'story/index.html'],
  ['no launch anywhere', TINCAN.replace(/<launch[^>]*>[^<]*<\/launch>/g, ''), [], 'launch_missing', 'tincan.xml#/tincan/activities'],
  ['activity without IRI id', TINCAN.replace('id="https://lms.example.com/xapi/phishing/q1"', 'id="q1"'), ['story/index.html'], 'manifest_invalid', 'tincan.xml#/tincan/activities/activity[1]'],
];
for (const [name, xml, files, rule, entry] of bad) {
  test(`xAPI rejects: ${name}`, async (t) => {
    const z = zipOf(xml, files);
    const e = await t.throwsAsync(parsePackage(z.entries, z.readText), { instanceOf: ContentValidationError });
    t.is(e?.rule, rule, e?.message);
    t.is(e?.entry, entry);
  });
}
