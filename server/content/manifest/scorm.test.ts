import test from 'ava';
import { applyParameters, type ContentValidationRule, ContentValidationError, parsePackage, type ScormItem, type ScormPackage } from './index.js';
import { memZip } from './testing.js';

const M12 = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.datasec" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xml:base="content/">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>Data security basics</title>
      <item identifier="MOD1" isvisible="true">
        <title>Module 1</title>
        <item identifier="LESSON1" identifierref="RES_LESSON" parameters="?page=1">
          <title>Passwords</title>
          <adlcp:masteryscore>80</adlcp:masteryscore>
          <adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed>
          <adlcp:timelimitaction>exit,message</adlcp:timelimitaction>
          <adlcp:datafromlms>mode=quiz</adlcp:datafromlms>
        </item>
        <item identifier="LESSON2" identifierref="RES_QUIZ" isvisible="false">
          <title>Quiz</title>
          <adlcp:prerequisites type="aicc_script">LESSON1</adlcp:prerequisites>
        </item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES_LESSON" type="webcontent" adlcp:scormtype="sco" href="lesson.html?lang=en" xml:base="lesson/">
      <file href="lesson.html"/>
      <file href="img/lock%20icon.png"/>
      <dependency identifierref="SHARED"/>
    </resource>
    <resource identifier="RES_QUIZ" type="webcontent" adlcp:scormtype="sco" href="quiz/index.html">
      <file href="quiz/index.html"/>
      <file href="https://cdn.example.com/lib.js"/>
    </resource>
    <resource identifier="SHARED" type="webcontent" adlcp:scormtype="asset">
      <file href="shared/api.js"/>
    </resource>
  </resources>
</manifest>`;

const FILES12 = ['content/lesson/lesson.html', 'content/lesson/img/lock icon.png', 'content/quiz/index.html', 'content/shared/api.js'];

function zipOf(manifest: string, files: string[], name = 'imsmanifest.xml') {
  return memZip(Object.fromEntries([[name, manifest], ...files.map((f) => [f, 'x'])]));
}
async function parse(manifest: string, files: string[], name?: string): Promise<ScormPackage> {
  const z = zipOf(manifest, files, name);
  return (await parsePackage(z.entries, z.readText)) as ScormPackage;
}
function flat(items: ScormItem[]): ScormItem[] {
  return items.flatMap((i) => [i, ...flat(i.children)]);
}

test('SCORM 1.2: organizations, item tree, xml:base launch with parameters, 1.2 extensions, resources', async (t) => {
  const p = await parse(M12, FILES12);
  t.is(p.kind, 'scorm12');
  t.is(p.edition, '1.2');
  t.is(p.title, 'Data security basics');
  t.is(p.identifier, 'com.example.datasec');
  t.is(p.defaultOrganization, 'ORG');
  const [mod] = p.organizations[0]!.items;
  t.like(mod, { identifier: 'MOD1', title: 'Module 1', isvisible: true });
  t.is(mod!.launch, undefined);
  const [l1, l2] = mod!.children;
  t.deepEqual(l1, {
    identifier: 'LESSON1',
    title: 'Passwords',
    identifierref: 'RES_LESSON',
    isvisible: true,
    parameters: '?page=1',
    launch: 'content/lesson/lesson.html?lang=en&page=1',
    scormType: 'sco',
    masteryScore: 80,
    maxTimeAllowed: '00:30:00',
    timeLimitAction: 'exit,message',
    dataFromLMS: 'mode=quiz',
    children: [],
  });
  t.like(l2, { identifier: 'LESSON2', isvisible: false, launch: 'content/quiz/index.html', prerequisites: { expression: 'LESSON1', type: 'aicc_script' } });
  t.deepEqual(p.resources[0], {
    identifier: 'RES_LESSON',
    type: 'webcontent',
    scormType: 'sco',
    href: 'content/lesson/lesson.html?lang=en',
    base: 'content/lesson/',
    files: ['content/lesson/lesson.html', 'content/lesson/img/lock%20icon.png'],
    dependencies: ['SHARED'],
  });
  t.deepEqual(p.resources[1]!.files, ['content/quiz/index.html', 'https://cdn.example.com/lib.js']);
  t.like(p.resources[2], { scormType: 'asset', base: 'content/' });
  t.is(p.resources[2]!.href, undefined);
  t.deepEqual(p.sequencingCollection, {});
});

test('SCORM 1.2 inside a single top-level folder resolves against that folder', async (t) => {
  const p = await parse(M12, FILES12.map((f) => `Course/${f}`), 'Course/imsmanifest.xml');
  t.is(p.base, 'Course/');
  t.is(p.manifest, 'Course/imsmanifest.xml');
  t.is(flat(p.organizations[0]!.items)[1]!.launch, 'Course/content/lesson/lesson.html?lang=en&page=1');
});

const NS2004 = `xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:ss="http://www.imsglobal.org/xsd/imsss"
  xmlns:seq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:nav="http://www.adlnet.org/xsd/adlnav_v1p3"`;

const m2004 = (schemaversion: string | undefined, itemExtra = '', orgExtra = '', collection = '') => `<?xml version="1.0"?>
<manifest identifier="com.example.conduct" ${NS2004}>
  <metadata><schema>ADL SCORM</schema>${schemaversion === undefined ? '' : `<schemaversion>${schemaversion}</schemaversion>`}</metadata>
  <organizations default="ORG">
    <organization identifier="ORG" adlseq:objectivesGlobalToSystem="false" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3">
      <title>Code of conduct</title>
      <item identifier="INTRO" identifierref="R1" parameters="#start">
        <title>Introduction</title>
        ${itemExtra}
      </item>
      ${orgExtra}
    </organization>
  </organizations>
  <resources>
    <resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="intro.html"><file href="intro.html"/></resource>
  </resources>
  ${collection}
</manifest>`;

const editions: [string, string | undefined, string, string][] = [
  ['2nd edition (CAM 1.3)', 'CAM 1.3', '', '2004 2nd'],
  ['3rd edition', '2004 3rd Edition', '', '2004 3rd'],
  ['4th edition', '2004 4th Edition', '', '2004 4th'],
  ['4th edition, odd spacing and case', '  2004   4TH edition ', '', '2004 4th'],
  ['no schemaversion, 2004 namespaces', undefined, '', '2004 3rd'],
  ['no schemaversion, 4th-edition-only adlseq:objectives', undefined, '<ss:sequencing><seq:objectives><seq:objective objectiveID="o"><seq:mapInfo targetObjectiveID="g" writeRawScore="true"/></seq:objective></seq:objectives></ss:sequencing>', '2004 4th'],
];
for (const [name, sv, extra, edition] of editions) {
  test(`SCORM 2004 edition: ${name}`, async (t) => {
    const p = await parse(m2004(sv, extra), ['intro.html']);
    t.is(p.kind, 'scorm2004');
    t.is(p.edition, edition as ScormPackage['edition']);
    t.is(p.organizations[0]!.items[0]!.launch, 'intro.html#start');
    t.false(p.organizations[0]!.objectivesGlobalToSystem);
  });
}

test('SCORM 1.2 without schemaversion is recognised by its namespaces', async (t) => {
  const p = await parse(M12.replace('<schemaversion>1.2</schemaversion>', ''), FILES12);
  t.is(p.edition, '1.2');
});

const SEQ_ITEM = `
  <adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.75" progressWeight="2"/>
  <adlcp:timeLimitAction>continue,message</adlcp:timeLimitAction>
  <adlcp:dataFromLMS>level=2</adlcp:dataFromLMS>
  <ss:sequencing IDRef="COMMON">
    <ss:controlMode choice="false" flow="true" forwardOnly="true"/>
    <ss:sequencingRules>
      <ss:preConditionRule>
        <ss:ruleConditions conditionCombination="any">
          <ss:ruleCondition referencedObjective="PRIMARY" operator="not" condition="satisfied"/>
          <ss:ruleCondition condition="attemptLimitExceeded"/>
        </ss:ruleConditions>
        <ss:ruleAction action="disabled"/>
      </ss:preConditionRule>
      <ss:postConditionRule>
        <ss:ruleConditions><ss:ruleCondition condition="objectiveMeasureGreaterThan" measureThreshold="0.5"/></ss:ruleConditions>
        <ss:ruleAction action="continue"/>
      </ss:postConditionRule>
    </ss:sequencingRules>
    <ss:limitConditions attemptLimit="3" attemptAbsoluteDurationLimit="PT1H"/>
    <ss:rollupRules rollupObjectiveSatisfied="true" objectiveMeasureWeight="0.5">
      <ss:rollupRule childActivitySet="atLeastCount" minimumCount="2">
        <ss:rollupConditions conditionCombination="all"><ss:rollupCondition condition="completed"/></ss:rollupConditions>
        <ss:rollupAction action="satisfied"/>
      </ss:rollupRule>
    </ss:rollupRules>
    <ss:objectives>
      <ss:primaryObjective objectiveID="PRIMARY" satisfiedByMeasure="true">
        <ss:minNormalizedMeasure>0.8</ss:minNormalizedMeasure>
        <ss:mapInfo targetObjectiveID="urn:example:conduct" readSatisfiedStatus="true" writeSatisfiedStatus="true"/>
      </ss:primaryObjective>
      <ss:objective objectiveID="SECONDARY"/>
    </ss:objectives>
    <ss:deliveryControls tracked="true" completionSetByContent="true" objectiveSetByContent="false"/>
    <seq:rollupConsiderations requiredForSatisfied="ifAttempted" measureSatisfactionIfActive="false"/>
    <seq:constrainedChoiceConsiderations preventActivation="true"/>
  </ss:sequencing>
  <nav:presentation><nav:navigationInterface><nav:hideLMSUI>previous</nav:hideLMSUI><nav:hideLMSUI>abandon</nav:hideLMSUI></nav:navigationInterface></nav:presentation>`;

const COLLECTION = `<ss:sequencingCollection>
  <ss:sequencing ID="COMMON"><ss:controlMode choice="true"/><ss:randomizationControls randomizationTiming="never" selectCount="2"/></ss:sequencing>
</ss:sequencingCollection>`;

test('SCORM 2004 4th: sequencing kept as structured data (any prefix), thresholds, time limits, navigation', async (t) => {
  const orgSeq = '<ss:sequencing><ss:controlMode choice="true" flow="true"/></ss:sequencing>';
  const p = await parse(m2004('2004 4th Edition', SEQ_ITEM, orgSeq, COLLECTION), ['intro.html']);
  const org = p.organizations[0]!;
  t.deepEqual(org.sequencing, { controlMode: { choice: true, flow: true } });
  const it = org.items[0]!;
  t.like(it, {
    completionThreshold: 0.75,
    completionThresholdSettings: { completedByMeasure: true, minProgressMeasure: 0.75, progressWeight: 2 },
    scaledPassingScore: 0.8,
    timeLimitAction: 'continue,message',
    dataFromLMS: 'level=2',
    attemptAbsoluteDurationLimit: 'PT1H',
    hideLmsUi: ['previous', 'abandon'],
    parameters: '#start',
    scormType: 'sco',
  });
  const s = it.sequencing!;
  t.is(s.idRef, 'COMMON');
  t.deepEqual(s.controlMode, { choice: false, flow: true, forwardOnly: true });
  t.deepEqual(s.sequencingRules, {
    preConditionRules: [
      {
        action: 'disabled',
        conditionCombination: 'any',
        conditions: [{ referencedObjective: 'PRIMARY', operator: 'not', condition: 'satisfied' }, { condition: 'attemptLimitExceeded' }],
      },
    ],
    exitConditionRules: [],
    postConditionRules: [{ action: 'continue', conditions: [{ condition: 'objectiveMeasureGreaterThan', measureThreshold: 0.5 }] }],
  });
  t.deepEqual(s.limitConditions, { attemptLimit: 3, attemptAbsoluteDurationLimit: 'PT1H' });
  t.deepEqual(s.rollupRules, {
    rollupObjectiveSatisfied: true,
    objectiveMeasureWeight: 0.5,
    rules: [{ childActivitySet: 'atLeastCount', minimumCount: 2, action: 'satisfied', conditionCombination: 'all', conditions: [{ condition: 'completed' }] }],
  });
  t.deepEqual(s.objectives, {
    primary: {
      objectiveID: 'PRIMARY',
      satisfiedByMeasure: true,
      minNormalizedMeasure: 0.8,
      mapInfo: [{ targetObjectiveID: 'urn:example:conduct', readSatisfiedStatus: true, writeSatisfiedStatus: true }],
    },
    secondary: [{ objectiveID: 'SECONDARY', mapInfo: [] }],
  });
  t.deepEqual(s.deliveryControls, { tracked: true, completionSetByContent: true, objectiveSetByContent: false });
  t.deepEqual(s.rollupConsiderations, { requiredForSatisfied: 'ifAttempted', measureSatisfactionIfActive: false });
  t.deepEqual(s.constrainedChoiceConsiderations, { preventActivation: true });
  t.deepEqual(p.sequencingCollection, {
    COMMON: { id: 'COMMON', controlMode: { choice: true }, randomizationControls: { randomizationTiming: 'never', selectCount: 2 } },
  });
});

test('SCORM 2004: values inherited from the sequencingCollection; 3rd-edition completionThreshold as text; satisfiedByMeasure default measure', async (t) => {
  const collection = `<imsss:sequencingCollection xmlns:imsss="http://www.imsglobal.org/xsd/imsss"><imsss:sequencing ID="C">
    <imsss:limitConditions attemptAbsoluteDurationLimit="PT20M"/>
    <imsss:objectives><imsss:primaryObjective satisfiedByMeasure="true"/></imsss:objectives>
  </imsss:sequencing></imsss:sequencingCollection>`;
  const p = await parse(
    m2004('2004 3rd Edition', '<adlcp:completionThreshold>0.6</adlcp:completionThreshold><ss:sequencing IDRef="C"/>', '', collection),
    ['intro.html'],
  );
  t.like(p.organizations[0]!.items[0], { completionThreshold: 0.6, scaledPassingScore: 1, attemptAbsoluteDurationLimit: 'PT20M' });
  t.is(p.organizations[0]!.items[0]!.completionThresholdSettings, undefined);
});

test('SCORM 2004: satisfiedByMeasure false gives no scaledPassingScore', async (t) => {
  const extra = '<ss:sequencing><ss:objectives><ss:primaryObjective satisfiedByMeasure="false"><ss:minNormalizedMeasure>0.5</ss:minNormalizedMeasure></ss:primaryObjective></ss:objectives></ss:sequencing>';
  const p = await parse(m2004('2004 4th Edition', extra), ['intro.html']);
  t.is(p.organizations[0]!.items[0]!.scaledPassingScore, undefined);
});

test('SCORM: no default attribute picks the first organization; xml:base on <resources> and absolute resource href', async (t) => {
  const xml = `<manifest identifier="m" ${NS2004}>
  <metadata><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations>
    <organization identifier="A"><title>First</title><item identifier="I1" identifierref="EXT"><title>Remote</title></item></organization>
    <organization identifier="B"><title>Second</title><item identifier="I2" identifierref="LOCAL" parameters="a=1&amp;b=2"><title>Local</title></item></organization>
  </organizations>
  <resources xml:base="res/">
    <resource identifier="EXT" type="webcontent" adlcp:scormType="sco" href="https://content.example.com/sco/index.html"/>
    <resource identifier="LOCAL" type="webcontent" adlcp:scormType="asset" xml:base="../shared/" href="page.html#top"><file href="page.html"/></resource>
  </resources></manifest>`;
  const p = await parse(xml, ['shared/page.html']);
  t.is(p.defaultOrganization, 'A');
  t.is(p.title, 'First');
  t.is(p.organizations[0]!.items[0]!.launch, 'https://content.example.com/sco/index.html');
  t.is(p.organizations[1]!.items[0]!.launch, 'shared/page.html?a=1&b=2#top');
  t.is(p.organizations[1]!.items[0]!.scormType, 'asset');
  t.is(p.resources[1]!.base, 'shared/');
});

const params: [string, string | undefined, string][] = [
  ['a.html', undefined, 'a.html'],
  ['a.html', '', 'a.html'],
  ['a.html', '?x=1', 'a.html?x=1'],
  ['a.html', '&x=1', 'a.html?x=1'],
  ['a.html?y=2', 'x=1', 'a.html?y=2&x=1'],
  ['a.html', '#frag', 'a.html#frag'],
  ['a.html?y=2', '#frag', 'a.html?y=2'],
  ['a.html#top', 'x=1', 'a.html?x=1#top'],
];
for (const [href, p, want] of params) {
  test(`SCORM launch parameters: ${href} + ${String(p)}`, (t) => t.is(applyParameters(href, p), want));
}

type Bad = [name: string, manifest: string, files: string[], rule: ContentValidationRule, entry: string];
const bad: Bad[] = [
  ['malformed XML names line and column', M12.replace('</organization>', ''), FILES12, 'manifest_malformed', 'imsmanifest.xml'],
  ['unknown schemaversion', M12.replace('<schemaversion>1.2</schemaversion>', '<schemaversion>1.1</schemaversion>'), FILES12, 'unknown_schema_version', 'imsmanifest.xml#/manifest/metadata/schemaversion'],
  ['no schemaversion nor SCORM namespace', '<manifest identifier="x"><organizations/><resources/></manifest>', [], 'unknown_schema_version', 'imsmanifest.xml#/manifest'],
  ['wrong root element', '<package xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"/>', [], 'manifest_invalid', 'imsmanifest.xml#/package'],
  ['resource href missing from the zip', M12, FILES12.filter((f) => f !== 'content/quiz/index.html'), 'referenced_file_missing', 'content/quiz/index.html'],
  ['resource file missing from the zip', M12, FILES12.filter((f) => f !== 'content/shared/api.js'), 'referenced_file_missing', 'content/shared/api.js'],
  ['href escaping the package', M12.replace('href="quiz/index.html">', 'href="../../etc/passwd">'), FILES12, 'reference_outside_package', '../etc/passwd'],
  ['item referencing an unknown resource', M12.replace('identifierref="RES_QUIZ"', 'identifierref="NOPE"'), FILES12, 'launch_missing', 'imsmanifest.xml#/manifest/organizations/organization[@identifier=ORG]/item[@identifier=MOD1]/item[@identifier=LESSON2]'],
  ['item referencing a resource without href', M12.replace('identifierref="RES_QUIZ"', 'identifierref="SHARED"'), FILES12, 'launch_missing', 'imsmanifest.xml#/manifest/organizations/organization[@identifier=ORG]/item[@identifier=MOD1]/item[@identifier=LESSON2]'],
  ['no launchable item', m2004('2004 4th Edition').replace('identifierref="R1"', ''), ['intro.html'], 'launch_missing', 'imsmanifest.xml#/manifest/organizations'],
  ['unknown default organization', M12.replace('default="ORG"', 'default="OTHER"'), FILES12, 'manifest_invalid', 'imsmanifest.xml#/manifest/organizations/@default'],
  ['dependency on an unknown resource', M12.replace('identifierref="SHARED"', 'identifierref="GONE"'), FILES12, 'manifest_invalid', 'imsmanifest.xml#/manifest/resources/resource[@identifier=RES_LESSON]/dependency[@identifierref=GONE]'],
  ['non-numeric masteryscore', M12.replace('>80<', '>high<'), FILES12, 'manifest_invalid', 'imsmanifest.xml#/manifest/organizations/organization[@identifier=ORG]/item[@identifier=MOD1]/item[@identifier=LESSON1]/masteryscore'],
  ['unknown sequencing IDRef', m2004('2004 4th Edition', '<ss:sequencing IDRef="MISSING"/>'), ['intro.html'], 'manifest_invalid', 'imsmanifest.xml#/manifest/organizations/organization[@identifier=ORG]/item[@identifier=INTRO]/sequencing'],
  ['item referencing a sub-manifest that is not there', M12.replace('identifierref="RES_QUIZ"', 'identifierref="SUB"').replace('<resources>', '<manifest identifier="OTHER"><organizations/><resources/></manifest><resources>'), FILES12, 'launch_missing', 'imsmanifest.xml#/manifest/organizations/organization[@identifier=ORG]/item[@identifier=MOD1]/item[@identifier=LESSON2]'],
  ['sub-manifest file missing from the zip', M12.replace('<resources>', '<manifest identifier="SUB" xml:base="sub/"><organizations/><resources><resource identifier="S" type="webcontent" adlcp:scormtype="asset" href="gone.html"/></resources></manifest><resources>'), FILES12, 'referenced_file_missing', 'content/sub/gone.html'],
  ['duplicate resource identifier across sub-manifests', M12.replace('<resources>', '<manifest identifier="SUB"><organizations/><resources><resource identifier="SHARED" type="webcontent" adlcp:scormtype="asset"/></resources></manifest><resources>'), FILES12, 'manifest_invalid', 'imsmanifest.xml#/manifest/manifest[@identifier=SUB]/resources/resource[@identifier=SHARED]'],
];
for (const [name, manifest, files, rule, entry] of bad) {
  test(`SCORM rejects: ${name}`, async (t) => {
    const z = zipOf(manifest, files);
    const e = await t.throwsAsync(parsePackage(z.entries, z.readText), { instanceOf: ContentValidationError });
    t.is(e?.rule, rule);
    t.is(e?.entry, entry);
    if (rule === 'manifest_malformed') t.regex(e!.message, /line \d+, column \d+/);
  });
}

test('SCORM: BOM, prefixed root, backslash zip entries and percent-encoded hrefs are tolerated', async (t) => {
  const xml = `\uFEFF<?xml version="1.0"?>
<cp:manifest identifier="m" xmlns:cp="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:a="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <cp:organizations default="O"><cp:organization identifier="O"><cp:title>T</cp:title>
    <cp:item identifier="I" identifierref="R"><cp:title>Item</cp:title><a:masteryscore>75</a:masteryscore></cp:item>
  </cp:organization></cp:organizations>
  <cp:resources><cp:resource identifier="R" type="webcontent" a:scormtype="sco" href="My%20Lesson/index.html"><cp:file href="My%20Lesson/index.html"/></cp:resource></cp:resources>
</cp:manifest>`;
  const z = memZip({ 'imsmanifest.xml': xml, 'My Lesson\\index.html': 'x' });
  const p = (await parsePackage(z.entries, z.readText)) as ScormPackage;
  t.is(p.edition, '1.2');
  t.like(p.organizations[0]!.items[0], { launch: 'My%20Lesson/index.html', masteryScore: 75, scormType: 'sco' });
});

test('SCORM: external entities in the manifest are refused as malformed', async (t) => {
  const z = memZip({ 'imsmanifest.xml': '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><manifest>&x;</manifest>' });
  const e = await t.throwsAsync(parsePackage(z.entries, z.readText), { instanceOf: ContentValidationError });
  t.is(e?.rule, 'manifest_malformed');
  t.is(e?.entry, 'imsmanifest.xml');
});

test('ContentValidationError serialises to { rule, entry, message }', (t) => {
  const e = new ContentValidationError('launch_missing', 'cmi5.xml#/courseStructure', 'no AU');
  t.deepEqual(JSON.parse(JSON.stringify(e)), { rule: 'launch_missing', entry: 'cmi5.xml#/courseStructure', message: 'no AU' });
  t.true(e instanceof Error);
  t.is(e.name, 'ContentValidationError');
});

test('SCORM (sub)manifests: resources joined with chained xml:base; an item naming a sub-manifest gets its default organization', async (t) => {
  const xml = `<manifest identifier="root" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xml:base="course/">
  <metadata><schemaversion>1.2</schemaversion></metadata>
  <organizations default="O"><organization identifier="O"><title>Main</title>
    <item identifier="INTRO" identifierref="R_INTRO"><title>Intro</title></item>
    <item identifier="UNIT" identifierref="UNIT_MANIFEST"><title>Unit</title></item>
  </organization></organizations>
  <resources><resource identifier="R_INTRO" type="webcontent" adlcp:scormtype="sco" href="intro.html"/></resources>
  <manifest identifier="UNIT_MANIFEST" xml:base="unit1/">
    <organizations default="UO"><organization identifier="UO"><title>Unit 1</title>
      <item identifier="U1" identifierref="R_U1" parameters="step=1"><title>Lesson</title></item>
    </organization></organizations>
    <resources><resource identifier="R_U1" type="webcontent" adlcp:scormtype="sco" href="lesson.html"><file href="lesson.html"/></resource></resources>
  </manifest>
</manifest>`;
  const z = memZip({ 'imsmanifest.xml': xml, 'course/intro.html': 'x', 'course/unit1/lesson.html': 'x' });
  const p = (await parsePackage(z.entries, z.readText)) as ScormPackage;
  const [intro, unit] = p.organizations[0]!.items;
  t.is(intro!.launch, 'course/intro.html');
  t.like(unit, { identifier: 'UNIT', identifierref: 'UNIT_MANIFEST', submanifest: 'UNIT_MANIFEST' });
  t.is(unit!.launch, undefined);
  t.like(unit!.children[0], { identifier: 'U1', launch: 'course/unit1/lesson.html?step=1', scormType: 'sco' });
  t.deepEqual(p.resources.map((r) => [r.identifier, r.base]), [['R_INTRO', 'course/'], ['R_U1', 'course/unit1/']]);
  t.deepEqual(p.organizations.map((o) => o.identifier), ['O']);
});

test('warnings name what the manifest declares that the LMS does not honour, and only that', async (t) => {
  const item = `<adlcp:timeLimitAction>exit,message</adlcp:timeLimitAction>
        <ss:sequencing><ss:limitConditions attemptAbsoluteDurationLimit="PT1H"/></ss:sequencing>
        <nav:presentation><nav:navigationInterface><nav:hideLMSUI>previous</nav:hideLMSUI><nav:hideLMSUI>exitAll</nav:hideLMSUI></nav:navigationInterface></nav:presentation>`;
  const p = await parse(m2004('2004 4th Edition', item), ['intro.html']);
  // timeLimitAction is the SCO's to act on (RTE), duration limits the engine checks before a delivery: no warning.
  // Every hideLMSUI value of the 4th edition is honoured (the player keeps Close course as the way out).
  t.deepEqual(p.warnings, []);
  t.deepEqual((await parse(m2004('2004 4th Edition'), ['intro.html'])).warnings, []);
});
