/**
 * Statement validation, rule by rule: each table row is a change to a valid statement and the
 * field the resulting 400 must name (or, for the `accepts` tables, that it stays valid).
 * Change keys use the same path syntax as error fields: `context.contextActivities.parent[0].id`,
 * `result.extensions["http://example.com/x"]`; a value of `undefined` deletes the property.
 */
import test from 'ava';
import { BadRequestError } from '../errors.js';
import type { XapiVersion } from '../version.js';
import { isDuration, isLanguageTag, isAbsoluteIri, timestampMillis } from './validate-formats.js';
import {
  validateActivityId,
  validateAgent,
  validateLanguageMap,
  validateStatement,
  validateTimestamp,
  validateUuid,
} from './validate.js';

type Json = Record<string, unknown>;
type Changes = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Fixtures and helpers
// ---------------------------------------------------------------------------------------------

const UUID = '6690e6c9-3ef0-4ed3-8b37-7f3964730bee';
const UUID_2 = 'ec531277-b57b-4c15-8d91-d292c5b2b8f7';
const SHA256 = '495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a';
const AGENT = { objectType: 'Agent', name: 'Ada', mbox: 'mailto:ada@example.com' };
const AGENT_B = { mbox: 'mailto:bob@example.com' };
const ACTIVITY_ID = 'http://example.com/courses/onboarding';
const GROUP = { objectType: 'Group', name: 'Team', mbox: 'mailto:team@example.com', member: [AGENT_B] };
const ANONYMOUS_GROUP = { objectType: 'Group', member: [AGENT, AGENT_B] };

const MINIMAL: Json = {
  actor: { mbox: 'mailto:ada@example.com' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
  object: { id: ACTIVITY_ID },
};

const ATTACHMENT = {
  usageType: 'http://example.com/attachment-usage/test',
  display: { 'en-US': 'A test attachment' },
  description: { 'en-US': 'A test attachment (description)' },
  contentType: 'text/plain; charset=ascii',
  length: 27,
  sha2: SHA256,
  fileUrl: 'http://over.there.com/file.txt',
};

/** Every statement property in use at once. */
const FULL: Json = {
  id: UUID,
  actor: AGENT,
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered', de: 'beantwortet' } },
  object: {
    objectType: 'Activity',
    id: ACTIVITY_ID,
    definition: {
      name: { 'en-US': 'Question 1' },
      description: { 'zh-Hant': '問題' },
      type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
      moreInfo: 'https://example.com/q1',
      interactionType: 'choice',
      correctResponsesPattern: ['a[,]b'],
      choices: [
        { id: 'a', description: { 'en-US': 'A' } },
        { id: 'b', description: { 'en-US': 'B' } },
      ],
      extensions: { 'http://example.com/ext/difficulty': 3 },
    },
  },
  result: {
    score: { scaled: 0.5, raw: 5, min: 0, max: 10 },
    success: true,
    completion: false,
    response: 'a[,]b',
    duration: 'PT1M30.5S',
    extensions: { 'http://example.com/ext/attempt': { n: 2 } },
  },
  context: {
    registration: UUID_2,
    instructor: { account: { homePage: 'https://lms.example.com', name: 'teacher-7' } },
    team: ANONYMOUS_GROUP,
    contextActivities: {
      parent: [{ id: 'http://example.com/courses/onboarding/module-1' }],
      grouping: { id: 'http://example.com/programmes/hr' },
      category: [{ objectType: 'Activity', id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }],
      other: [],
    },
    revision: 'r2',
    platform: 'HR LMS',
    language: 'en-GB',
    statement: { objectType: 'StatementRef', id: UUID_2 },
    extensions: { 'http://example.com/ext/session': 'abc' },
  },
  timestamp: '2024-05-04T17:00:00.123Z',
  stored: '2024-05-04T17:00:01.000Z',
  authority: { objectType: 'Agent', account: { homePage: 'https://lms.example.com/xapi/clients', name: 'tool' } },
  version: '1.0.3',
  attachments: [ATTACHMENT],
};

const SUB_STATEMENT: Json = {
  ...MINIMAL,
  object: {
    objectType: 'SubStatement',
    actor: AGENT_B,
    verb: { id: 'http://example.com/verbs/will-attend' },
    object: { id: ACTIVITY_ID, definition: { name: { 'en-US': 'Meeting' } } },
    result: { success: true },
    context: { platform: 'HR LMS', contextActivities: { parent: { id: 'http://example.com/p' } } },
    timestamp: '2024-05-04T17:00:00Z',
  },
};

const PATH_TOKEN = /\["((?:[^"\\]|\\.)*)"\]|\[(\d+)\]|([^.[\]]+)/g;

function parsePath(path: string): (string | number)[] {
  return [...path.matchAll(PATH_TOKEN)].map((m) => (m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : m[2] !== undefined ? Number(m[2]) : m[3]!));
}

/** A copy of `base` with each change applied (`undefined` deletes). */
function changed(base: Json, changes: Changes): Json {
  const copy = structuredClone(base);
  for (const [path, value] of Object.entries(changes)) {
    const keys = parsePath(path);
    let node = copy as Record<string | number, unknown>;
    for (const key of keys.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = typeof keys[keys.indexOf(key) + 1] === 'number' ? [] : {};
      node = node[key] as Record<string | number, unknown>;
    }
    const last = keys[keys.length - 1]!;
    if (value === undefined) delete node[last];
    else node[last] = structuredClone(value);
  }
  return copy;
}

function rejection(statement: unknown, version: XapiVersion, path?: string): BadRequestError | undefined {
  try {
    validateStatement(statement, { version, path });
    return undefined;
  } catch (err) {
    if (err instanceof BadRequestError) return err;
    throw err;
  }
}

const BOTH: readonly XapiVersion[] = ['1.0.3', '2.0.0'];

interface Accepted {
  rule: string;
  base?: Json;
  change?: Changes;
  versions?: readonly XapiVersion[];
}

interface Rejected extends Accepted {
  /** The field the error must name. */
  field: string;
  /** Words the message must contain, when the rule is worth pinning down. */
  says?: RegExp;
}

function acceptsAll(title: string, rows: readonly Accepted[]): void {
  test(`accepts: ${title}`, (t) => {
    for (const row of rows) {
      for (const version of row.versions ?? BOTH) {
        const err = rejection(changed(row.base ?? MINIMAL, row.change ?? {}), version);
        t.is(err, undefined, `${row.rule} (${version}) was rejected: ${err?.message}`);
      }
    }
  });
}

function rejectsAll(title: string, rows: readonly Rejected[]): void {
  test(`rejects: ${title}`, (t) => {
    for (const row of rows) {
      for (const version of row.versions ?? BOTH) {
        const err = rejection(changed(row.base ?? MINIMAL, row.change ?? {}), version);
        if (!err) {
          t.fail(`${row.rule} (${version}) was accepted`);
          continue;
        }
        t.is(err.status, 400);
        t.is(err.field, row.field, `${row.rule} (${version}): ${err.message}`);
        t.true(err.message.startsWith(`${row.field}: `) && err.message.length > row.field.length + 10, `${row.rule}: message "${err.message}"`);
        if (row.says) t.regex(err.message, row.says, row.rule);
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Whole statements
// ---------------------------------------------------------------------------------------------

acceptsAll('whole statements', [
  { rule: 'minimal statement' },
  { rule: 'every property at once', base: FULL },
  { rule: 'SubStatement object', base: SUB_STATEMENT },
  { rule: 'properties set to undefined count as absent', change: { result: undefined, context: undefined } },
  { rule: 'upper-case UUID', change: { id: UUID.toUpperCase() } },
  { rule: 'nil UUID', change: { id: '00000000-0000-0000-0000-000000000000' } },
]);

rejectsAll('statement structure', [
  { rule: 'missing actor', change: { actor: undefined }, field: 'actor', says: /required/ },
  { rule: 'missing verb', change: { verb: undefined }, field: 'verb' },
  { rule: 'missing object', change: { object: undefined }, field: 'object' },
  { rule: 'unknown property', change: { foo: 1 }, field: 'foo', says: /not a property of a Statement/ },
  { rule: 'wrong case key', change: { Actor: AGENT }, field: 'Actor', says: /case-sensitive/ },
  { rule: 'objectType on a statement', change: { objectType: 'Statement' }, field: 'objectType' },
  { rule: 'null value', change: { result: null }, field: 'result', says: /null/ },
  { rule: 'id not a UUID', change: { id: 'wrong' }, field: 'id', says: /UUID/ },
  { rule: 'id with too many digits', change: { id: 'AA97B177-9383-4934-8543-0F91A7A028368' }, field: 'id' },
  { rule: 'id with a non-hex letter', change: { id: 'MA97B177-9383-4934-8543-0F91A7A02836' }, field: 'id' },
  { rule: 'id a number', change: { id: 12345 }, field: 'id', says: /string/ },
  { rule: 'stored not a timestamp', change: { stored: 'yesterday' }, field: 'stored' },
  { rule: 'oddly-keyed unknown property', change: { 'a b': 1 }, field: '["a b"]' },
]);

test('rejects: a statement that is not an object', (t) => {
  for (const input of [null, 'statement', 3, [MINIMAL]]) {
    const err = rejection(input, '1.0.3');
    t.truthy(err, JSON.stringify(input));
    t.is(err?.field, undefined);
    t.regex(err?.message ?? '', /must be a Statement \(a JSON object\)/);
  }
});

test('batch elements: errors are prefixed with the element path', (t) => {
  const err = rejection(changed(MINIMAL, { 'actor.mbox': 'ada@example.com' }), '1.0.3', '[3]');
  t.is(err?.field, '[3].actor.mbox');
  t.is(rejection('x', '1.0.3', '[0]')?.field, '[0]');
});

test('validation reads its input only: frozen statements validate and nothing changes', (t) => {
  const deepFreeze = (v: unknown): unknown => {
    if (typeof v === 'object' && v !== null) {
      for (const child of Object.values(v)) deepFreeze(child);
      Object.freeze(v);
    }
    return v;
  };
  for (const base of [FULL, SUB_STATEMENT]) {
    const input = deepFreeze(structuredClone(base));
    t.notThrows(() => validateStatement(input, { version: '1.0.3' }));
    t.deepEqual(input, base);
  }
});

// ---------------------------------------------------------------------------------------------
// Actor, Agents and Groups (Data 2.4.2)
// ---------------------------------------------------------------------------------------------

acceptsAll('agents and groups', [
  { rule: 'objectType is optional for an Agent', change: { actor: { mbox: 'mailto:a@example.com' } } },
  { rule: 'objectType "Agent"', change: { actor: { objectType: 'Agent', mbox: 'mailto:a@example.com' } } },
  { rule: 'mbox_sha1sum', change: { actor: { mbox_sha1sum: 'cd9b00a5611f94eaa7b1661edab976068e364975' } } },
  { rule: 'upper-case mbox_sha1sum', change: { actor: { mbox_sha1sum: 'CD9B00A5611F94EAA7B1661EDAB976068E364975' } } },
  { rule: 'openid', change: { actor: { openid: 'http://openid.example.org/12345' } } },
  { rule: 'account', change: { actor: { account: { homePage: 'http://www.example.com', name: '1625378' } } } },
  { rule: 'empty name', change: { 'actor.name': '' } },
  { rule: 'identified Group with members', change: { actor: GROUP } },
  { rule: 'identified Group without members', change: { actor: { objectType: 'Group', openid: 'http://openid.example.org/team' } } },
  { rule: 'anonymous Group', change: { actor: ANONYMOUS_GROUP } },
  { rule: 'Group as instructor', change: { 'context.instructor': GROUP } },
  { rule: 'Agent as object with objectType', change: { object: AGENT } },
  { rule: 'Group as object with objectType', change: { object: GROUP } },
  { rule: 'OAuth authority: anonymous Group of two Agents', change: { authority: ANONYMOUS_GROUP } },
]);

rejectsAll('agents and groups', [
  { rule: 'no identifier', change: { 'actor.mbox': undefined }, field: 'actor', says: /exactly one identifier/ },
  { rule: 'two identifiers', change: { 'actor.openid': 'http://openid.example.org/1' }, field: 'actor.openid', says: /already has mbox/ },
  { rule: 'mbox without mailto:', change: { 'actor.mbox': 'ada@example.com' }, field: 'actor.mbox', says: /mailto/ },
  { rule: 'mbox not an address', change: { 'actor.mbox': 'mailto:should.fail.com' }, field: 'actor.mbox' },
  { rule: 'mbox an http IRI', change: { 'actor.mbox': 'http://should.fail.com' }, field: 'actor.mbox' },
  { rule: 'mbox_sha1sum not 40 hex digits', change: { actor: { mbox_sha1sum: 'xyz' } }, field: 'actor.mbox_sha1sum' },
  { rule: 'mbox_sha1sum not a string', change: { actor: { mbox_sha1sum: { a: 1 } } }, field: 'actor.mbox_sha1sum', says: /string/ },
  { rule: 'openid without a scheme', change: { actor: { openid: 'open.id.com/testUser' } }, field: 'actor.openid' },
  { rule: 'account homePage without a scheme', change: { actor: { account: { homePage: 'example.com/u', name: 'x' } } }, field: 'actor.account.homePage' },
  { rule: 'account without homePage', change: { actor: { account: { name: 'x' } } }, field: 'actor.account.homePage', says: /required/ },
  { rule: 'account without name', change: { actor: { account: { homePage: 'http://example.com' } } }, field: 'actor.account.name' },
  { rule: 'account name not a string', change: { actor: { account: { homePage: 'http://example.com', name: { key: 'x' } } } }, field: 'actor.account.name' },
  { rule: 'account with an unknown property', change: { actor: { account: { homePage: 'http://example.com', name: 'x', id: 1 } } }, field: 'actor.account.id' },
  { rule: 'name null', change: { 'actor.name': null }, field: 'actor.name', says: /null/ },
  { rule: 'name a number', change: { 'actor.name': 12345 }, field: 'actor.name' },
  { rule: 'objectType wrong case', change: { 'actor.objectType': 'agent' }, field: 'actor.objectType', says: /case-sensitive/ },
  { rule: 'objectType not a type', change: { 'actor.objectType': 'Person' }, field: 'actor.objectType' },
  { rule: 'actor a string', change: { actor: 'ada' }, field: 'actor', says: /JSON object/ },
  { rule: 'Agent with members', change: { 'actor.member': [AGENT_B] }, field: 'actor.member', says: /only a Group/ },
  { rule: 'unknown Agent property', change: { 'actor.email': 'x' }, field: 'actor.email' },
  { rule: 'anonymous Group without members', change: { actor: { objectType: 'Group', name: 'x' } }, field: 'actor.member', says: /anonymous Group/ },
  { rule: 'anonymous Group with no members', change: { actor: { objectType: 'Group', member: [] } }, field: 'actor.member' },
  { rule: 'Group members not an array', change: { actor: { objectType: 'Group', member: AGENT } }, field: 'actor.member' },
  { rule: 'Group with a Group member', change: { actor: { objectType: 'Group', member: [GROUP] } }, field: 'actor.member[0].objectType', says: /Groups do not nest/ },
  { rule: 'Group member without identifier', change: { actor: { objectType: 'Group', member: [AGENT_B, { name: 'x' }] } }, field: 'actor.member[1]' },
  { rule: 'Group member null', change: { actor: { objectType: 'Group', member: [null] } }, field: 'actor.member[0]' },
  { rule: 'Group with two identifiers', change: { actor: { ...GROUP, openid: 'http://openid.example.org/t' } }, field: 'actor.openid' },
  { rule: 'Agent as object without objectType', change: { object: { mbox: 'mailto:a@example.com' } }, field: 'object.objectType', says: /required/ },
  { rule: 'Group as object without objectType', change: { object: { account: { homePage: 'http://e.com', name: 't' } } }, field: 'object.objectType' },
  { rule: 'anonymous Group as object without objectType', change: { object: { member: [AGENT_B] } }, field: 'object.objectType' },
  { rule: 'instructor invalid', change: { 'context.instructor': { key: 'value' } }, field: 'context.instructor.key' },
  { rule: 'team that is an Agent', change: { 'context.team': AGENT }, field: 'context.team.objectType', says: /Group/ },
  { rule: 'team without objectType', change: { 'context.team': { mbox: 'mailto:t@example.com' } }, field: 'context.team.objectType' },
  { rule: 'authority without identifier', change: { authority: { objectType: 'Agent' } }, field: 'authority' },
  { rule: 'authority: identified Group', change: { authority: { ...ANONYMOUS_GROUP, mbox: 'mailto:g@example.com' } }, field: 'authority.mbox', says: /anonymous/ },
  { rule: 'authority: Group of three', change: { authority: { objectType: 'Group', member: [AGENT, AGENT_B, { mbox: 'mailto:c@e.com' }] } }, field: 'authority.member', says: /exactly two/ },
  { rule: 'authority: Group of one', change: { authority: { objectType: 'Group', member: [AGENT] } }, field: 'authority.member' },
]);

// ---------------------------------------------------------------------------------------------
// Verb (Data 2.4.3)
// ---------------------------------------------------------------------------------------------

acceptsAll('verbs', [
  { rule: 'display is optional', change: { 'verb.display': undefined } },
  { rule: 'empty display', change: { 'verb.display': {} } },
  { rule: 'display in many languages', change: { 'verb.display': { de: 'besucht', 'sr-Cyrl': 'x', 'es-419': 'y', 'en-GB-oed': 'z' } } },
  { rule: 'non-http IRI', change: { 'verb.id': 'urn:example:verbs:completed' } },
  { rule: 'voiding statement', change: { verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: UUID } } },
]);

rejectsAll('verbs', [
  { rule: 'no id', change: { 'verb.id': undefined, 'verb.display': { en: 'x' } }, field: 'verb.id' },
  { rule: 'id without a scheme', change: { 'verb.id': 'adlnet.gov/expapi/verbs/completed' }, field: 'verb.id', says: /absolute IRI/ },
  { rule: 'id with a space', change: { 'verb.id': 'http://example.com/my verb' }, field: 'verb.id' },
  { rule: 'id empty', change: { 'verb.id': '' }, field: 'verb.id' },
  { rule: 'display a string', change: { 'verb.display': 'completed' }, field: 'verb.display', says: /language map/ },
  { rule: 'display value null', change: { 'verb.display': { 'en-US': null } }, field: 'verb.display["en-US"]' },
  { rule: 'display value a number', change: { 'verb.display': { en: 1 } }, field: 'verb.display.en' },
  { rule: 'display key not a language tag', change: { 'verb.display': { something: 'x' } }, field: 'verb.display.something', says: /RFC 5646/ },
  { rule: 'unknown Verb property', change: { 'verb.name': 'x' }, field: 'verb.name' },
  { rule: 'voiding an Activity', change: { 'verb.id': 'http://adlnet.gov/expapi/verbs/voided' }, field: 'object', says: /StatementRef/ },
]);

// ---------------------------------------------------------------------------------------------
// Objects: Activities, StatementRefs, SubStatements (Data 2.4.4)
// ---------------------------------------------------------------------------------------------

/** The interaction component lists each interactionType may carry. */
const INTERACTIONS: Record<string, Changes> = {
  'true-false': { correctResponsesPattern: ['true'] },
  choice: { choices: [{ id: 'a' }, { id: 'b', description: { en: 'B' } }] },
  'fill-in': { correctResponsesPattern: ['Bob'] },
  'long-fill-in': { correctResponsesPattern: ['{case_matters=false}Long answer'] },
  matching: { source: [{ id: 's1' }], target: [{ id: 't1', description: { 'en-US': 'T' } }] },
  performance: { steps: [{ id: 'pong' }] },
  sequencing: { choices: [{ id: 'x' }] },
  likert: { scale: [{ id: 'likert_0', description: { 'sr-Latn-RS': 'x' } }] },
  numeric: { correctResponsesPattern: ['4[:]'] },
  other: { correctResponsesPattern: ['(35.937432,-86.868896)'] },
};

const withDefinition = (definition: Json): Changes => ({ 'object.definition': definition });

acceptsAll('activities', [
  { rule: 'objectType optional', change: { 'object.objectType': undefined } },
  { rule: 'objectType "Activity"', change: { 'object.objectType': 'Activity' } },
  { rule: 'empty definition', change: withDefinition({}) },
  { rule: 'empty name and description', change: withDefinition({ name: {}, description: {} }) },
  { rule: 'IRI with non-ASCII characters', change: { 'object.id': 'http://example.com/kurse/größe' } },
  { rule: 'IRI with dot segments', change: { 'object.id': 'http://example.com/path/../x' } },
  ...Object.entries(INTERACTIONS).map(([interactionType, parts]) => ({
    rule: `interactionType ${interactionType}`,
    change: withDefinition({ interactionType, ...parts }),
  })),
  { rule: 'interactionType alone', change: withDefinition({ interactionType: 'choice' }) },
  { rule: 'empty correctResponsesPattern', change: withDefinition({ interactionType: 'fill-in', correctResponsesPattern: [] }) },
  { rule: 'extension values of any JSON type', change: withDefinition({ extensions: { 'http://e.com/a': null, 'http://e.com/b': '', 'http://e.com/c': {}, 'http://e.com/d': [1, { x: null }], 'http://e.com/e': false } }) },
  { rule: 'empty extensions', change: withDefinition({ extensions: {} }) },
  { rule: 'StatementRef', change: { object: { objectType: 'StatementRef', id: UUID } } },
]);

rejectsAll('activities', [
  { rule: 'no id', change: { 'object.id': undefined }, field: 'object.id', says: /required in an Activity/ },
  { rule: 'id without a scheme', change: { 'object.id': 'www.example.com/meetings/1' }, field: 'object.id' },
  { rule: 'id with a bad percent-escape', change: { 'object.id': 'http://example.com/%zz' }, field: 'object.id' },
  { rule: 'objectType wrong case', change: { 'object.objectType': 'activity' }, field: 'object.objectType', says: /one of "Activity"/ },
  { rule: 'objectType unknown', change: { 'object.objectType': 'Course' }, field: 'object.objectType' },
  { rule: 'objectType a number', change: { 'object.objectType': 1 }, field: 'object.objectType' },
  { rule: 'unknown Activity property', change: { 'object.name': 'x' }, field: 'object.name' },
  { rule: 'definition a string', change: withDefinition('x' as unknown as Json), field: 'object.definition' },
  { rule: 'unknown definition property', change: withDefinition({ title: 'x' }), field: 'object.definition.title' },
  { rule: 'name a string', change: withDefinition({ name: 'x' }), field: 'object.definition.name' },
  { rule: 'name key not a tag', change: withDefinition({ name: { a12345678: 'x' } }), field: 'object.definition.name.a12345678' },
  { rule: 'description key with repeated extension singleton', change: withDefinition({ description: { 'zh-z-aaa-z-bbb-c-ccc': 'x' } }), field: 'object.definition.description["zh-z-aaa-z-bbb-c-ccc"]' },
  { rule: 'type without a scheme', change: withDefinition({ type: 'should error' }), field: 'object.definition.type' },
  { rule: 'moreInfo without a scheme', change: withDefinition({ moreInfo: 'virtualmeeting.example.com/345' }), field: 'object.definition.moreInfo' },
  { rule: 'moreInfo null', change: withDefinition({ moreInfo: null }), field: 'object.definition.moreInfo', says: /null/ },
  { rule: 'extension key not an IRI', change: withDefinition({ extensions: { 'not.valid.com/extension': 1 } }), field: 'object.definition.extensions["not.valid.com/extension"]' },
  { rule: 'extensions an array', change: withDefinition({ extensions: [] }), field: 'object.definition.extensions' },
  { rule: 'interactionType wrong case', change: withDefinition({ interactionType: 'true-faLse' }), field: 'object.definition.interactionType', says: /case-sensitive/ },
  { rule: 'interactionType unknown', change: withDefinition({ interactionType: 'essay' }), field: 'object.definition.interactionType' },
  { rule: 'interactionType a number', change: withDefinition({ interactionType: 1 }), field: 'object.definition.interactionType' },
  ...Object.entries(INTERACTIONS).map(([interactionType, parts]) => ({
    rule: `${interactionType} parts without interactionType`,
    change: withDefinition(parts),
    field: 'object.definition.interactionType',
    says: /required when the definition has/,
  })),
  { rule: 'correctResponsesPattern not an array', change: withDefinition({ interactionType: 'fill-in', correctResponsesPattern: 'x' }), field: 'object.definition.correctResponsesPattern' },
  { rule: 'correctResponsesPattern with a number', change: withDefinition({ interactionType: 'numeric', correctResponsesPattern: ['1', 2] }), field: 'object.definition.correctResponsesPattern[1]' },
  { rule: 'choices for likert', change: withDefinition({ interactionType: 'likert', choices: [{ id: 'a' }] }), field: 'object.definition.choices', says: /uses scale/ },
  { rule: 'scale for choice', change: withDefinition({ interactionType: 'choice', scale: [{ id: 'a' }] }), field: 'object.definition.scale' },
  { rule: 'steps for true-false', change: withDefinition({ interactionType: 'true-false', steps: [{ id: 'a' }] }), field: 'object.definition.steps', says: /no interaction components/ },
  { rule: 'source for sequencing', change: withDefinition({ interactionType: 'sequencing', source: [{ id: 'a' }] }), field: 'object.definition.source' },
  { rule: 'component without id', change: withDefinition({ interactionType: 'choice', choices: [{ description: { en: 'A' } }] }), field: 'object.definition.choices[0].id' },
  { rule: 'component id a number', change: withDefinition({ interactionType: 'choice', choices: [{ id: 1 }] }), field: 'object.definition.choices[0].id' },
  { rule: 'component description key not a tag', change: withDefinition({ interactionType: 'likert', scale: [{ id: 'a', description: { 'not a tag': 'x' } }] }), field: 'object.definition.scale[0].description["not a tag"]' },
  { rule: 'component with unknown property', change: withDefinition({ interactionType: 'performance', steps: [{ id: 'a', name: 'x' }] }), field: 'object.definition.steps[0].name' },
  { rule: 'duplicate component ids', change: withDefinition({ interactionType: 'matching', target: [{ id: 'a' }, { id: 'b' }, { id: 'a' }] }), field: 'object.definition.target[2].id', says: /distinct/ },
  { rule: 'components not an array', change: withDefinition({ interactionType: 'choice', choices: { id: 'a' } }), field: 'object.definition.choices' },
]);

rejectsAll('statement references', [
  { rule: 'StatementRef without id', change: { object: { objectType: 'StatementRef' } }, field: 'object.id' },
  { rule: 'StatementRef id not a UUID', change: { object: { objectType: 'StatementRef', id: 'should fail' } }, field: 'object.id' },
  { rule: 'StatementRef with definition', change: { object: { objectType: 'StatementRef', id: UUID, definition: {} } }, field: 'object.definition' },
  { rule: 'objectType wrong case', change: { object: { objectType: 'statementref', id: UUID } }, field: 'object.objectType' },
]);

rejectsAll('SubStatements', [
  { rule: 'with an id', base: SUB_STATEMENT, change: { 'object.id': UUID }, field: 'object.id', says: /not allowed in a SubStatement/ },
  { rule: 'with stored', base: SUB_STATEMENT, change: { 'object.stored': '2024-05-04T17:00:00Z' }, field: 'object.stored' },
  { rule: 'with version', base: SUB_STATEMENT, change: { 'object.version': '1.0.0' }, field: 'object.version' },
  { rule: 'with authority', base: SUB_STATEMENT, change: { 'object.authority': AGENT }, field: 'object.authority' },
  { rule: 'nested SubStatement', base: SUB_STATEMENT, change: { 'object.object': SUB_STATEMENT.object }, field: 'object.object.objectType', says: /cannot contain another SubStatement/ },
  { rule: 'without actor', base: SUB_STATEMENT, change: { 'object.actor': undefined }, field: 'object.actor' },
  { rule: 'without verb', base: SUB_STATEMENT, change: { 'object.verb': undefined }, field: 'object.verb' },
  { rule: 'without object', base: SUB_STATEMENT, change: { 'object.object': undefined }, field: 'object.object' },
  { rule: 'objectType wrong case', base: SUB_STATEMENT, change: { 'object.objectType': 'substatement' }, field: 'object.objectType' },
  { rule: 'invalid inner actor', base: SUB_STATEMENT, change: { 'object.actor.mbox': 'x' }, field: 'object.actor.mbox' },
  { rule: 'invalid inner verb display', base: SUB_STATEMENT, change: { 'object.verb.display': { 'bad tag!': 'x' } }, field: 'object.verb.display["bad tag!"]' },
  { rule: 'invalid inner timestamp', base: SUB_STATEMENT, change: { 'object.timestamp': '2008-09-15T15:53:00.601-00:00' }, field: 'object.timestamp' },
  { rule: 'revision with an Agent object', base: SUB_STATEMENT, change: { 'object.object': AGENT, 'object.context.revision': 'r1', 'object.context.platform': undefined }, field: 'object.context.revision' },
  { rule: 'invalid inner context language', base: SUB_STATEMENT, change: { 'object.context.language': 'something' }, field: 'object.context.language' },
]);

// ---------------------------------------------------------------------------------------------
// Result (Data 2.4.5)
// ---------------------------------------------------------------------------------------------

acceptsAll('results', [
  { rule: 'empty result', change: { result: {} } },
  { rule: 'scaled at the bounds', change: { result: { score: { scaled: -1 } } } },
  { rule: 'raw equal to min and max bounds', change: { result: { score: { raw: 0, min: 0, max: 10 } } } },
  { rule: 'raw without min or max', change: { result: { score: { raw: 1234.5 } } } },
  { rule: 'floating point scores', change: { result: { score: { min: 0.12123434, raw: 12.125, max: 45.45, scaled: 0.12123434 } } } },
  ...['PT1H0M0.1S', 'P3Y1M29DT4H35M59.14S', 'PT16559.14S', 'P3Y', 'P4W', 'P1DT12H36M0.12567S', 'PT0S'].map((duration) => ({ rule: `duration ${duration}`, change: { 'result.duration': duration } })),
  { rule: 'empty response', change: { 'result.response': '' } },
  { rule: 'extension values of any JSON type', change: { 'result.extensions': { 'http://e.com/a': null, 'http://e.com/b': '' } } },
]);

rejectsAll('results', [
  { rule: 'unknown property', change: { 'result.grade': 'A' }, field: 'result.grade' },
  { rule: 'success a string', change: { 'result.success': 'true' }, field: 'result.success', says: /boolean/ },
  { rule: 'completion a string', change: { 'result.completion': 'false' }, field: 'result.completion' },
  { rule: 'response a number', change: { 'result.response': 12345 }, field: 'result.response' },
  { rule: 'scaled above 1', change: { 'result.score': { scaled: 1.01 } }, field: 'result.score.scaled', says: /between -1 and 1/ },
  { rule: 'scaled below -1', change: { 'result.score': { scaled: -5 } }, field: 'result.score.scaled' },
  { rule: 'max a numeric string', change: { 'result.score': { max: '100' } }, field: 'result.score.max', says: /number/ },
  { rule: 'raw below min', change: { 'result.score': { raw: -1, min: 0 } }, field: 'result.score.raw', says: /min/ },
  { rule: 'raw above max', change: { 'result.score': { raw: 11, max: 10 } }, field: 'result.score.raw', says: /max/ },
  { rule: 'min equal to max', change: { 'result.score': { min: 5, max: 5 } }, field: 'result.score.max', says: /greater than min/ },
  { rule: 'min above max', change: { 'result.score': { min: 10, max: 5 } }, field: 'result.score.max' },
  { rule: 'unknown score property', change: { 'result.score': { percent: 50 } }, field: 'result.score.percent' },
  ...['should fail', 'PA1H0M0S', 'P4W1D', 'P', 'PT', 'P1DT', 'P0003-06-04T12:30:05', 'PT1.5H30M', '-P1D', 'p1d'].map((duration) => ({
    rule: `duration ${duration}`,
    change: { 'result.duration': duration },
    field: 'result.duration',
  })),
  { rule: 'duration a number', change: { 'result.duration': 12345 }, field: 'result.duration' },
  { rule: 'extension key not an IRI', change: { 'result.extensions': { 'example.com/extension/wrong': 1 } }, field: 'result.extensions["example.com/extension/wrong"]' },
  { rule: 'extensions a string', change: { 'result.extensions': 'x' }, field: 'result.extensions' },
]);

// ---------------------------------------------------------------------------------------------
// Context (Data 2.4.6)
// ---------------------------------------------------------------------------------------------

acceptsAll('contexts', [
  { rule: 'empty context', change: { context: {} } },
  ...['parent', 'grouping', 'category', 'other'].flatMap((kind) => [
    { rule: `single ${kind} activity`, change: { [`context.contextActivities.${kind}`]: { id: ACTIVITY_ID } } },
    { rule: `${kind} activity list`, change: { [`context.contextActivities.${kind}`]: [{ id: ACTIVITY_ID }, { objectType: 'Activity', id: 'http://e.com/2' }] } },
  ]),
  { rule: 'three-letter language', change: { 'context.language': 'cmn' } },
  { rule: 'revision and platform when the object has no objectType', change: { context: { revision: 'r', platform: 'p' } } },
  { rule: 'context statement reference', change: { 'context.statement': { objectType: 'StatementRef', id: UUID } } },
]);

rejectsAll('contexts', [
  { rule: 'unknown property', change: { 'context.course': 'x' }, field: 'context.course' },
  { rule: 'registration not a UUID', change: { 'context.registration': 'should fail' }, field: 'context.registration' },
  { rule: 'registration null', change: { 'context.registration': null }, field: 'context.registration' },
  { rule: 'contextActivities a string', change: { 'context.contextActivities': 'x' }, field: 'context.contextActivities' },
  { rule: 'unknown contextActivities kind', change: { 'context.contextActivities': { consequences: [{ id: ACTIVITY_ID }] } }, field: 'context.contextActivities.consequences' },
  { rule: 'parent activity with a bad id', change: { 'context.contextActivities.parent': [{ id: 'not an iri' }] }, field: 'context.contextActivities.parent[0].id' },
  { rule: 'single other activity with an unknown key', change: { 'context.contextActivities.other': { id: ACTIVITY_ID, key: 1 } }, field: 'context.contextActivities.other.key' },
  { rule: 'grouping activity a string', change: { 'context.contextActivities.grouping': ['http://e.com/1'] }, field: 'context.contextActivities.grouping[0]' },
  { rule: 'category activity without id', change: { 'context.contextActivities.category': [{ id: ACTIVITY_ID }, {}] }, field: 'context.contextActivities.category[1].id' },
  { rule: 'revision a number', change: { 'context.revision': 1 }, field: 'context.revision' },
  { rule: 'platform an object', change: { 'context.platform': {} }, field: 'context.platform' },
  { rule: 'revision with an Agent object', change: { object: AGENT, 'context.revision': 'r1' }, field: 'context.revision', says: /only allowed when the statement's object is an Activity/ },
  { rule: 'platform with a StatementRef object', change: { object: { objectType: 'StatementRef', id: UUID }, 'context.platform': 'p' }, field: 'context.platform' },
  { rule: 'platform with a SubStatement object', base: SUB_STATEMENT, change: { 'context.platform': 'p' }, field: 'context.platform' },
  { rule: 'language not a tag', change: { 'context.language': 'something' }, field: 'context.language', says: /RFC 5646/ },
  { rule: 'language an object', change: { 'context.language': { en: 'x' } }, field: 'context.language' },
  { rule: 'statement without objectType', change: { 'context.statement': { id: UUID } }, field: 'context.statement.objectType' },
  { rule: 'statement with wrong objectType', change: { 'context.statement': { objectType: 'statementref', id: UUID } }, field: 'context.statement.objectType' },
  { rule: 'extension key not an IRI', change: { 'context.extensions': { 'should fail': 1 } }, field: 'context.extensions["should fail"]' },
]);

// ---------------------------------------------------------------------------------------------
// Timestamps and versions (Data 2.4.7, 2.4.10, 4.5)
// ---------------------------------------------------------------------------------------------

acceptsAll('timestamps and versions', [
  ...['2008-09-15T15:53:00.601Z', '2008-09-15T15:53:00.601+00:00', '2023-05-04T12:00:00-05:00', '2024-02-29T23:59:59.123456+05:30'].map((timestamp) => ({
    rule: `timestamp ${timestamp}`,
    change: { timestamp },
  })),
  ...['2008-09-15T15:53Z', '20080915T155300Z', '2008-09-15T15:53:00+0530'].map((timestamp) => ({
    rule: `ISO 8601 timestamp ${timestamp} (1.0.3)`,
    change: { timestamp },
    versions: ['1.0.3'] as const,
  })),
  ...['2008-09-15 15:53:00Z', '2008-09-15t15:53:00z'].map((timestamp) => ({ rule: `RFC 3339 timestamp ${timestamp} (2.0)`, change: { timestamp }, versions: ['2.0.0'] as const })),
  ...['1.0', '1.0.0', '1.0.3', '1.0.9'].map((version) => ({ rule: `version ${version}`, change: { version } })),
  ...['2.0', '2.0.0', '2.0.1'].map((version) => ({ rule: `version ${version} (2.0)`, change: { version }, versions: ['2.0.0'] as const })),
]);

rejectsAll('timestamps and versions', [
  ...['should fail', '01/011/2015', '2008-09-15', '2008-09-15T15:53:00', '2008-09-15T15:53:00.601-00', '2008-09-15T15:53:00.601-0000', '2008-09-15T15:53:00.601-00:00', '2008-02-30T00:00:00Z', '2008-09-15T24:00:00Z', '2008-09-15T15:53:00+24:00'].map((timestamp) => ({
    rule: `timestamp ${timestamp}`,
    change: { timestamp },
    field: 'timestamp',
  })),
  { rule: 'timestamp without offset says so', change: { timestamp: '2008-09-15T15:53:00' }, field: 'timestamp', says: /UTC offset/ },
  ...['2008-09-15T15:53Z', '20080915T155300Z', '2008-09-15T15:53:00+0530'].map((timestamp) => ({ rule: `non-RFC 3339 timestamp ${timestamp} (2.0)`, change: { timestamp }, field: 'timestamp', versions: ['2.0.0'] as const })),
  { rule: 'space-separated timestamp (1.0.3)', change: { timestamp: '2008-09-15 15:53:00Z' }, field: 'timestamp', versions: ['1.0.3'] },
  { rule: 'timestamp a number', change: { timestamp: 1221493980601 }, field: 'timestamp' },
  ...['should fail', '0.9.9', '1.1.0', '1', '1.0.x', '3.0.0'].map((version) => ({ rule: `version ${version}`, change: { version }, field: 'version' })),
  ...['2.0', '2.0.0'].map((version) => ({ rule: `version ${version} (1.0.3)`, change: { version }, field: 'version', versions: ['1.0.3'] as const })),
  { rule: 'version a number', change: { version: 1.0 }, field: 'version' },
]);

// ---------------------------------------------------------------------------------------------
// Attachments (Data 2.4.11)
// ---------------------------------------------------------------------------------------------

const withAttachment = (changes: Changes): Changes => ({ attachments: [changed(ATTACHMENT, changes)] });

acceptsAll('attachments', [
  { rule: 'complete attachment', change: withAttachment({}) },
  { rule: 'no description or fileUrl', change: withAttachment({ description: undefined, fileUrl: undefined }) },
  { rule: 'display in two languages', change: withAttachment({ display: { 'en-US': 'A', es: 'B' } }) },
  { rule: 'SHA-512 digest', change: withAttachment({ sha2: 'ab'.repeat(64) }) },
  { rule: 'zero length', change: withAttachment({ length: 0 }) },
  { rule: 'empty list', change: { attachments: [] } },
]);

rejectsAll('attachments', [
  { rule: 'not an array', change: { attachments: ATTACHMENT }, field: 'attachments' },
  { rule: 'element a string', change: { attachments: ['x'] }, field: 'attachments[0]' },
  ...['usageType', 'display', 'contentType', 'length', 'sha2'].map((key) => ({ rule: `without ${key}`, change: withAttachment({ [key]: undefined }), field: `attachments[0].${key}`, says: /required/ })),
  { rule: 'usageType without a scheme', change: withAttachment({ usageType: 'example.com/attachment-usage/test' }), field: 'attachments[0].usageType' },
  { rule: 'fileUrl without a scheme', change: withAttachment({ fileUrl: 'over.there.com/file.txt' }), field: 'attachments[0].fileUrl' },
  { rule: 'display a string', change: withAttachment({ display: 'x' }), field: 'attachments[0].display' },
  { rule: 'display key not a tag', change: withAttachment({ display: { 'en-US': 'A', something: 'B' } }), field: 'attachments[0].display.something' },
  { rule: 'description key not a tag', change: withAttachment({ description: { something: 'B' } }), field: 'attachments[0].description.something' },
  { rule: 'contentType a number', change: withAttachment({ contentType: 1 }), field: 'attachments[0].contentType' },
  { rule: 'contentType not a media type', change: withAttachment({ contentType: 'text' }), field: 'attachments[0].contentType' },
  { rule: 'length a string', change: withAttachment({ length: '27' }), field: 'attachments[0].length' },
  { rule: 'length fractional', change: withAttachment({ length: 2.5 }), field: 'attachments[0].length' },
  { rule: 'length negative', change: withAttachment({ length: -1 }), field: 'attachments[0].length' },
  { rule: 'sha2 a number', change: withAttachment({ sha2: 1 }), field: 'attachments[0].sha2' },
  { rule: 'sha2 not hexadecimal', change: withAttachment({ sha2: 'z'.repeat(64) }), field: 'attachments[0].sha2' },
  { rule: 'unknown property', change: withAttachment({ name: 'x' }), field: 'attachments[0].name' },
  { rule: 'second attachment invalid', change: { attachments: [ATTACHMENT, changed(ATTACHMENT, { length: null })] }, field: 'attachments[1].length' },
]);

// ---------------------------------------------------------------------------------------------
// xAPI 2.0: contextAgents and contextGroups
// ---------------------------------------------------------------------------------------------

const CONTEXT_AGENT = {
  objectType: 'contextAgent',
  agent: { objectType: 'Agent', mbox: 'mailto:player-1@example.com' },
  relevantTypes: ['https://example.com/activity-types/player', 'https://example.com/activity-types/quarterback'],
};
const CONTEXT_GROUP = {
  objectType: 'contextGroup',
  group: { objectType: 'Group', mbox: 'mailto:team-1@example.com', member: [AGENT_B] },
  relevantTypes: ['https://example.com/activity-types/team/a'],
};
const V2: readonly XapiVersion[] = ['2.0.0'];

acceptsAll('contextAgents and contextGroups (2.0)', [
  { rule: 'contextAgents', change: { 'context.contextAgents': [CONTEXT_AGENT] }, versions: V2 },
  { rule: 'contextGroups', change: { 'context.contextGroups': [CONTEXT_GROUP, changed(CONTEXT_GROUP, { group: ANONYMOUS_GROUP })] }, versions: V2 },
  { rule: 'relevantTypes optional', change: { 'context.contextAgents': [changed(CONTEXT_AGENT, { relevantTypes: undefined })] }, versions: V2 },
  { rule: 'empty lists', change: { 'context.contextAgents': [], 'context.contextGroups': [] }, versions: V2 },
  { rule: 'in a SubStatement', base: SUB_STATEMENT, change: { 'object.context.contextGroups': [CONTEXT_GROUP] }, versions: V2 },
]);

rejectsAll('contextAgents and contextGroups', [
  { rule: 'contextAgents under 1.0.3', change: { 'context.contextAgents': [CONTEXT_AGENT] }, field: 'context.contextAgents', says: /xAPI 2\.0/, versions: ['1.0.3'] },
  { rule: 'contextGroups under 1.0.3', change: { 'context.contextGroups': [CONTEXT_GROUP] }, field: 'context.contextGroups', versions: ['1.0.3'] },
  { rule: 'contextAgents not an array', change: { 'context.contextAgents': CONTEXT_AGENT }, field: 'context.contextAgents', versions: V2 },
  { rule: 'contextAgent objectType wrong', change: { 'context.contextAgents': [changed(CONTEXT_AGENT, { objectType: 'Should fail' })] }, field: 'context.contextAgents[0].objectType', versions: V2 },
  { rule: 'contextAgent without objectType', change: { 'context.contextAgents': [changed(CONTEXT_AGENT, { objectType: undefined })] }, field: 'context.contextAgents[0].objectType', versions: V2 },
  { rule: 'contextAgent without agent', change: { 'context.contextAgents': [changed(CONTEXT_AGENT, { agent: undefined })] }, field: 'context.contextAgents[0].agent', versions: V2 },
  { rule: 'contextAgent agent invalid', change: { 'context.contextAgents': [CONTEXT_AGENT, changed(CONTEXT_AGENT, { agent: { key: 'Should fail' } })] }, field: 'context.contextAgents[1].agent.key', versions: V2 },
  { rule: 'contextAgent agent a Group', change: { 'context.contextAgents': [changed(CONTEXT_AGENT, { agent: GROUP })] }, field: 'context.contextAgents[0].agent.objectType', says: /contextGroups/, versions: V2 },
  { rule: 'relevantTypes empty', change: { 'context.contextAgents': [changed(CONTEXT_AGENT, { relevantTypes: [] })] }, field: 'context.contextAgents[0].relevantTypes', says: /empty/, versions: V2 },
  { rule: 'relevantTypes not IRIs', change: { 'context.contextAgents': [changed(CONTEXT_AGENT, { relevantTypes: ['abc'] })] }, field: 'context.contextAgents[0].relevantTypes[0]', versions: V2 },
  { rule: 'relevantTypes a string', change: { 'context.contextGroups': [changed(CONTEXT_GROUP, { relevantTypes: 'http://e.com/t' })] }, field: 'context.contextGroups[0].relevantTypes', versions: V2 },
  { rule: 'contextGroup objectType wrong', change: { 'context.contextGroups': [changed(CONTEXT_GROUP, { objectType: 'contextAgent' })] }, field: 'context.contextGroups[0].objectType', versions: V2 },
  { rule: 'contextGroup group an Agent', change: { 'context.contextGroups': [changed(CONTEXT_GROUP, { group: AGENT })] }, field: 'context.contextGroups[0].group.objectType', versions: V2 },
  { rule: 'contextGroup without group', change: { 'context.contextGroups': [changed(CONTEXT_GROUP, { group: undefined })] }, field: 'context.contextGroups[0].group', versions: V2 },
  { rule: 'contextGroup unknown property', change: { 'context.contextGroups': [changed(CONTEXT_GROUP, { agent: AGENT })] }, field: 'context.contextGroups[0].agent', versions: V2 },
  { rule: 'in a SubStatement', base: SUB_STATEMENT, change: { 'object.context.contextAgents': [changed(CONTEXT_AGENT, { relevantTypes: [] })] }, field: 'object.context.contextAgents[0].relevantTypes', versions: V2 },
]);

// ---------------------------------------------------------------------------------------------
// Parameter validators
// ---------------------------------------------------------------------------------------------

function fieldOf(fn: () => void): string | undefined {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    if (!(err instanceof BadRequestError)) throw err;
    return err.field;
  }
}

test('validateAgent: the agent parameter of queries and documents', (t) => {
  const v2 = { version: '2.0.0' } as const;
  t.is(fieldOf(() => validateAgent(AGENT, 'agent', v2)), 'accepted');
  t.is(fieldOf(() => validateAgent(GROUP, 'agent', v2)), 'accepted');
  t.is(fieldOf(() => validateAgent({ objectType: 'Agent' }, 'agent', v2)), 'agent');
  t.is(fieldOf(() => validateAgent({ mbox: 'mailto:a@e.com', account: { homePage: 'http://e.com', name: 'a' } }, 'agent', v2)), 'agent.account');
  t.is(fieldOf(() => validateAgent('wrong', 'agent', v2)), 'agent');
});

test('validateActivityId, validateUuid, validateTimestamp, validateLanguageMap', (t) => {
  t.is(fieldOf(() => validateActivityId(ACTIVITY_ID, 'activityId')), 'accepted');
  t.is(fieldOf(() => validateActivityId('not.a.valid.iri.com/activity', 'activityId')), 'activityId');
  t.is(fieldOf(() => validateActivityId(42, 'activity')), 'activity');
  t.is(fieldOf(() => validateUuid(UUID, 'statementId')), 'accepted');
  t.is(fieldOf(() => validateUuid('wrong', 'registration')), 'registration');
  t.is(fieldOf(() => validateTimestamp('2024-01-01T00:00:00Z', 'since', { version: '1.0.3' })), 'accepted');
  t.is(fieldOf(() => validateTimestamp('2024-01-01', 'until', { version: '1.0.3' })), 'until');
  t.is(fieldOf(() => validateLanguageMap({ 'en-US': 'x' }, 'display')), 'accepted');
  t.is(fieldOf(() => validateLanguageMap({ english: 'x', e: 'y' }, 'display')), 'display.e');
});

// ---------------------------------------------------------------------------------------------
// Format predicates
// ---------------------------------------------------------------------------------------------

test('language tags follow RFC 5646', (t) => {
  const valid = ['en', 'de', 'en-US', 'de-DE', 'zh-Hant', 'zh-Hans-CN', 'sr-Latn-RS', 'sr-Cyrl', 'cmn', 'ase', 'tlh', 'es-419', 'fr-CA', 'EN-us', 'de-1996', 'en-US-u-ca-gregory', 'zh-z-aaa-c-ccc', 'x-private', 'en-x-a-b', 'i-klingon', 'zh-min-nan', 'qaa-Qaaa-QM-x-southern'];
  const invalid = ['', 'e', 'something', 'a12345', 'abcdefghi', 'en-', 'en_US', 'en--US', 'en-a', 'de-1996-1996', 'zh-z-aaa-z-bbb-c-ccc', 'x', 'en-x', '12'];
  for (const tag of valid) t.true(isLanguageTag(tag), tag);
  for (const tag of invalid) t.false(isLanguageTag(tag), tag);
});

test('durations follow ISO 8601 4.4.3.2', (t) => {
  for (const d of ['P1D', 'PT0.5S', 'P0.5D', 'PT1,5S', 'P1Y2M', 'P4W', 'PT1H0M0.1S']) t.true(isDuration(d), d);
  for (const d of ['P', 'PT', 'P1DT', 'P4W1D', 'PT1.5H30M', 'P0003-06-04T12:30:05', '-P1D', 'PT1H ', '']) t.false(isDuration(d), d);
});

test('IRIs must be absolute and well-formed', (t) => {
  for (const iri of ['http://example.com', 'urn:uuid:6690e6c9-3ef0-4ed3-8b37-7f3964730bee', 'tag:example.com,2024:x', 'http://example.com/ü/日本', 'http://e.com/%20', 'mailto:a@b.c']) t.true(isAbsoluteIri(iri), iri);
  for (const iri of ['', 'http:', 'example.com/x', 'ab=c://should.fail.com', 'http://ex ample.com', 'http://e.com/%zz', 'http://e.com/a#b#c', 'http://e.com/<x>', 'http://e.com/a\nb']) t.false(isAbsoluteIri(iri), iri);
});

test('timestampMillis gives the instant in UTC for the storage layer', (t) => {
  t.is(timestampMillis('2023-05-04T12:00:00-05:00', '2.0.0'), Date.parse('2023-05-04T17:00:00.000Z'));
  t.is(timestampMillis('2008-09-15T15:53:00.601987+00:00', '1.0.3'), Date.parse('2008-09-15T15:53:00.601Z'));
  t.is(timestampMillis('20080915T155300+0100', '1.0.3'), Date.parse('2008-09-15T14:53:00.000Z'));
  t.is(timestampMillis('0001-01-01T00:00:00Z', '1.0.3'), Date.parse('0001-01-01T00:00:00.000Z'));
  t.true(Number.isNaN(timestampMillis('2008-09-15T15:53:00', '1.0.3')));
});
