import test from 'ava';
import { type ContentValidationRule, type Cmi5Au, type Cmi5Block, type Cmi5Package, ContentValidationError, parsePackage } from './index.js';
import { memZip } from './testing.js';

const NS = 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd';

const COURSE = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="${NS}">
  <course id="https://lms.example.com/courses/onboarding">
    <title><langstring lang="en-US">Onboarding</langstring><langstring lang="de-DE">Einarbeitung</langstring></title>
    <description><langstring lang="en-US">Your first week</langstring></description>
  </course>
  <objectives>
    <objective id="https://lms.example.com/objectives/policies">
      <title><langstring lang="en-US">Knows the policies</langstring></title>
      <description><langstring lang="en-US">-</langstring></description>
    </objective>
  </objectives>
  <block id="https://lms.example.com/courses/onboarding/week1">
    <title><langstring lang="en-US">Week 1</langstring></title>
    <description><langstring lang="en-US">Basics</langstring></description>
    <au id="https://lms.example.com/courses/onboarding/welcome">
      <title><langstring lang="en-US">Welcome</langstring></title>
      <description><langstring lang="en-US">Meet the team</langstring></description>
      <url>welcome/index.html?lang=en</url>
    </au>
    <block id="https://lms.example.com/courses/onboarding/week1/policies">
      <title><langstring lang="en-US">Policies</langstring></title>
      <description><langstring lang="en-US">Rules</langstring></description>
      <objectives><objective idref="https://lms.example.com/objectives/policies"/></objectives>
      <au id="https://lms.example.com/courses/onboarding/quiz" moveOn="CompletedAndPassed" masteryScore="0.8" launchMethod="OwnWindow" activityType="http://adlnet.gov/expapi/activities/assessment">
        <title><langstring lang="en-US">Policy quiz</langstring></title>
        <description><langstring lang="en-US">Ten questions</langstring></description>
        <url>quiz/index.html</url>
        <launchParameters>{"questions":10}</launchParameters>
        <entitlementKey>HR-ONBOARD</entitlementKey>
      </au>
    </block>
  </block>
  <au id="urn:example:onboarding:video" moveOn="Completed">
    <title><langstring lang="en-US">CEO video</langstring></title>
    <description><langstring lang="en-US">Hosted elsewhere</langstring></description>
    <url>https://media.example.com/ceo/index.html</url>
  </au>
</courseStructure>`;

const FILES = ['welcome/index.html', 'quiz/index.html'];

function zipOf(xml: string, files: string[], name = 'cmi5.xml') {
  return memZip(Object.fromEntries([[name, xml], ...files.map((f) => [f, 'x'])]));
}
async function parse(xml: string, files = FILES, name?: string): Promise<Cmi5Package> {
  const z = zipOf(xml, files, name);
  return (await parsePackage(z.entries, z.readText)) as Cmi5Package;
}

test('cmi5: course, objectives, nested blocks, AU defaults and attributes, absolute AU url', async (t) => {
  const p = await parse(COURSE);
  t.is(p.kind, 'cmi5');
  t.deepEqual(p.course, {
    id: 'https://lms.example.com/courses/onboarding',
    title: { 'en-US': 'Onboarding', 'de-DE': 'Einarbeitung' },
    description: { 'en-US': 'Your first week' },
  });
  t.deepEqual(p.objectives.map((o) => o.id), ['https://lms.example.com/objectives/policies']);
  t.is(p.children.length, 2);
  const week1 = p.children[0] as Cmi5Block;
  t.like(week1, { type: 'block', id: 'https://lms.example.com/courses/onboarding/week1', title: { 'en-US': 'Week 1' } });
  t.deepEqual(week1.children[0], {
    type: 'au',
    id: 'https://lms.example.com/courses/onboarding/welcome',
    title: { 'en-US': 'Welcome' },
    description: { 'en-US': 'Meet the team' },
    url: 'welcome/index.html?lang=en',
    launchMethod: 'AnyWindow',
    moveOn: 'NotApplicable',
    objectives: [],
  });
  const policies = week1.children[1] as Cmi5Block;
  t.deepEqual(policies.objectives, ['https://lms.example.com/objectives/policies']);
  t.like(policies.children[0], {
    type: 'au',
    url: 'quiz/index.html',
    moveOn: 'CompletedAndPassed',
    masteryScore: 0.8,
    launchMethod: 'OwnWindow',
    activityType: 'http://adlnet.gov/expapi/activities/assessment',
    launchParameters: '{"questions":10}',
    entitlementKey: 'HR-ONBOARD',
  });
  t.like(p.children[1] as Cmi5Au, { type: 'au', id: 'urn:example:onboarding:video', url: 'https://media.example.com/ceo/index.html', moveOn: 'Completed' });
});

test('cmi5: extension elements from other namespaces are ignored', async (t) => {
  const xml = COURSE.replace('<url>quiz/index.html</url>', '<url>quiz/index.html</url><ext:hint xmlns:ext="https://example.com/ext">x</ext:hint>');
  const p = await parse(xml);
  t.is(p.children.length, 2);
});

test('cmi5 in a single top-level folder resolves AU urls against it', async (t) => {
  const p = await parse(COURSE, FILES.map((f) => `onboarding/${f}`), 'onboarding/cmi5.xml');
  t.is(((p.children[0] as Cmi5Block).children[0] as Cmi5Au).url, 'onboarding/welcome/index.html?lang=en');
});

test('cmi5: a course of only an absolute-URL AU needs no files; a langstring-less title is kept as und', async (t) => {
  const xml = `<courseStructure xmlns="${NS}"><course id="urn:c"><title>Remote</title><description/></course>
    <au id="urn:c:au"><title><langstring>Remote AU</langstring></title><description/><url>http://remote.example.com/au</url></au></courseStructure>`;
  const p = await parse(xml, []);
  t.deepEqual(p.course.title, { und: 'Remote' });
  t.deepEqual(p.course.description, {});
  t.deepEqual((p.children[0] as Cmi5Au).title, { und: 'Remote AU' });
});

const W = 'cmi5.xml#/courseStructure';
const bad: [string, string, string[], ContentValidationRule, string][] = [
  ['malformed XML', COURSE.replace('</course>', ''), FILES, 'manifest_malformed', 'cmi5.xml'],
  ['foreign namespace', COURSE.replace(NS, 'https://example.com/cmi5/v2'), FILES, 'unknown_schema_version', W],
  ['wrong root element', `<course xmlns="${NS}"/>`, [], 'manifest_invalid', 'cmi5.xml#/course'],
  ['no course element', `<courseStructure xmlns="${NS}"/>`, [], 'manifest_invalid', `${W}/course`],
  ['course without id', COURSE.replace('<course id="https://lms.example.com/courses/onboarding">', '<course>'), FILES, 'manifest_invalid', `${W}/course`],
  ['AU id not an IRI', COURSE.replace('id="urn:example:onboarding:video"', 'id="video 1"'), FILES, 'manifest_invalid', `${W}/au[@id=video 1]`],
  ['duplicate id', COURSE.replace('id="urn:example:onboarding:video"', 'id="https://lms.example.com/courses/onboarding/welcome"'), FILES, 'manifest_invalid', `${W}/au[@id=https://lms.example.com/courses/onboarding/welcome]`],
  ['AU without title', COURSE.replace('<title><langstring lang="en-US">CEO video</langstring></title>', ''), FILES, 'manifest_invalid', `${W}/au[@id=urn:example:onboarding:video]/title`],
  ['masteryScore above 1', COURSE.replace('masteryScore="0.8"', 'masteryScore="80"'), FILES, 'manifest_invalid', `${W}/block[@id=https://lms.example.com/courses/onboarding/week1]/block[@id=https://lms.example.com/courses/onboarding/week1/policies]/au[@id=https://lms.example.com/courses/onboarding/quiz]/@masteryScore`],
  ['unknown moveOn', COURSE.replace('moveOn="Completed"', 'moveOn="Finished"'), FILES, 'manifest_invalid', `${W}/au[@id=urn:example:onboarding:video]/@moveOn`],
  ['unknown launchMethod', COURSE.replace('launchMethod="OwnWindow"', 'launchMethod="Popup"'), FILES, 'manifest_invalid', `${W}/block[@id=https://lms.example.com/courses/onboarding/week1]/block[@id=https://lms.example.com/courses/onboarding/week1/policies]/au[@id=https://lms.example.com/courses/onboarding/quiz]/@launchMethod`],
  ['AU url missing from the zip', COURSE, ['quiz/index.html'], 'referenced_file_missing', 'welcome/index.html'],
  ['AU url outside the package', COURSE.replace('<url>quiz/index.html</url>', '<url>../quiz/index.html</url>'), FILES, 'reference_outside_package', '../quiz/index.html'],
  ['AU url with a non-http scheme', COURSE.replace('https://media.example.com/ceo/index.html', 'javascript:alert(1)'), FILES, 'manifest_invalid', `${W}/au[@id=urn:example:onboarding:video]/url`],
  ['AU without url', COURSE.replace('<url>https://media.example.com/ceo/index.html</url>', ''), FILES, 'launch_missing', `${W}/au[@id=urn:example:onboarding:video]/url`],
  ['objective reference to nothing', COURSE.replace('idref="https://lms.example.com/objectives/policies"', 'idref="urn:none"'), FILES, 'manifest_invalid', `${W}/block[@id=https://lms.example.com/courses/onboarding/week1]/block[@id=https://lms.example.com/courses/onboarding/week1/policies]/objectives/objective[@idref=urn:none]`],
  ['empty block', `<courseStructure xmlns="${NS}"><course id="urn:c"><title>C</title><description/></course><block id="urn:b"><title>B</title><description/></block><au id="urn:a"><title>A</title><description/><url>a.html</url></au></courseStructure>`, ['a.html'], 'manifest_invalid', `${W}/block[@id=urn:b]`],
  ['no AU at all', `<courseStructure xmlns="${NS}"><course id="urn:c"><title>C</title><description/></course></courseStructure>`, [], 'launch_missing', W],
  ['AU url carrying a cmi5 launch parameter', COURSE.replace('welcome/index.html?lang=en', 'welcome/index.html?lang=en&amp;endpoint=http://lrs.example.com'), FILES, 'manifest_invalid', `${W}/block[@id=https://lms.example.com/courses/onboarding/week1]/au[@id=https://lms.example.com/courses/onboarding/welcome]/url`],
  ['AU url that is not a URL', COURSE.replace('https://media.example.com/ceo/index.html', 'http://example.com index.html'), FILES, 'manifest_invalid', `${W}/au[@id=urn:example:onboarding:video]/url`],
  ['elements out of the XSD order (url before title)', COURSE.replace('<url>https://media.example.com/ceo/index.html</url>', '').replace('<au id="urn:example:onboarding:video" moveOn="Completed">', '<au id="urn:example:onboarding:video" moveOn="Completed"><url>https://media.example.com/ceo/index.html</url>'), FILES, 'manifest_invalid', `${W}/au[@id=urn:example:onboarding:video]/title`],
  ['unknown cmi5 element', COURSE.replace('<entitlementKey>', '<launchMode>Normal</launchMode><entitlementKey>'), FILES, 'manifest_invalid', `${W}/block[@id=https://lms.example.com/courses/onboarding/week1]/block[@id=https://lms.example.com/courses/onboarding/week1/policies]/au[@id=https://lms.example.com/courses/onboarding/quiz]/launchMode`],
  ['course without description', COURSE.replace('<description><langstring lang="en-US">Your first week</langstring></description>', ''), FILES, 'manifest_invalid', `${W}/course/description`],
];
for (const [name, xml, files, rule, entry] of bad) {
  test(`cmi5 rejects: ${name}`, async (t) => {
    const z = zipOf(xml, files);
    const e = await t.throwsAsync(parsePackage(z.entries, z.readText), { instanceOf: ContentValidationError });
    t.is(e?.rule, rule, e?.message);
    t.is(e?.entry, entry);
  });
}
