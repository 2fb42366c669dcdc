/**
 * xAPI statement validation: every rule of the 1.0.3 Data section (and, for requests made
 * with X-Experience-API-Version 2.0, of IEEE 9274.1.1), as tables of property checks walked
 * by `validate-schema.ts`. The first rule broken throws `BadRequestError(message, field)`,
 * `field` being the JSON path of the offending property (`actor.mbox`,
 * `context.contextActivities.parent[0].id`, `[3].result.score.scaled` in a batch).
 *
 * Validation only reads its input: normalising (contextActivities to arrays, objectType
 * defaults, timestamps to UTC) is the storage layer's job.
 */
import type { XapiVersion } from '../version.js';
import {
  isAbsoluteIri,
  isDuration,
  isLanguageTag,
  isMailtoIri,
  isMediaType,
  isSha1Hex,
  isSha2Hex,
  isStatementVersion,
  isTimestamp,
  isUuid,
} from './validate-formats.js';
import {
  arrayOf,
  boolean,
  checkProperties,
  checkShape,
  expectArray,
  expectObject,
  extensions,
  fail,
  formatted,
  IRI_EXPECTED,
  iri,
  irl,
  join,
  joinIndex,
  languageMap,
  literal,
  nonNegativeInteger,
  number,
  object,
  oneOf,
  shape,
  string,
  versioned,
  type Check,
  type JsonObject,
  type Shape,
  type ValidationContext,
} from './validate-schema.js';

export type { ValidationContext } from './validate-schema.js';

export interface StatementValidationContext extends ValidationContext {
  /** Prefix for error fields, e.g. `[3]` for the fourth statement of a batch. */
  readonly path?: string;
}

// =============================================================================================
// Formats used in several places
// =============================================================================================

const uuid = formatted(isUuid, 'a UUID such as "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"');
const languageTag = formatted(isLanguageTag, 'an RFC 5646 language tag such as "en", "en-US" or "zh-Hant"');
const timestamp = versioned(isTimestamp, (version) =>
  version === '2.0.0'
    ? 'an RFC 3339 date-time with seconds and a UTC offset, e.g. "2024-05-04T17:00:00.000Z" or "2024-05-04T12:00:00-05:00"'
    : 'an ISO 8601 date-time with a UTC offset, e.g. "2024-05-04T17:00:00.000Z" or "2024-05-04T12:00:00-05:00"',
);
const statementVersion = versioned(isStatementVersion, (version) =>
  version === '2.0.0' ? '"1.0", "1.0.x", "2.0" or "2.0.x"' : '"1.0" or "1.0.x"',
);

// =============================================================================================
// Agents and Groups (Data 2.4.2)
// =============================================================================================

/** Inverse Functional Identifiers: an Agent has exactly one, an identified Group one, an anonymous Group none. */
const IFI_PROPERTIES = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;
const IFI_LIST = 'mbox, mbox_sha1sum, openid or account';

const ACCOUNT = shape('an account', { homePage: irl, name: string }, { required: ['homePage', 'name'] });

const IDENTIFIER_PROPERTIES: Record<(typeof IFI_PROPERTIES)[number] | 'name', Check> = {
  name: string,
  mbox: formatted(isMailtoIri, 'a mailto IRI such as "mailto:someone@example.com"'),
  mbox_sha1sum: formatted(isSha1Hex, 'the SHA-1 of a mailto IRI as 40 hexadecimal digits'),
  openid: formatted(isAbsoluteIri, 'an OpenID URI such as "https://openid.example.com/someone"'),
  account: object(ACCOUNT),
};

const AGENT = shape(
  'an Agent',
  { objectType: literal('Agent'), ...IDENTIFIER_PROPERTIES },
  { refused: { member: 'only a Group has members; an Agent with members must say "objectType": "Group"' } },
);

const GROUP = shape('a Group', {
  objectType: literal('Group'),
  ...IDENTIFIER_PROPERTIES,
  member: arrayOf((value, path, ctx) => checkAgentOrGroup(value, path, ctx, AS_MEMBER), 'a list of Agents'),
});

/** What a property holding an Agent or Group accepts, and why, for messages. */
interface ActorRole {
  readonly accepts: 'Agent or Group' | 'Agent' | 'Group';
  /** Statement objects must say what they are; elsewhere a missing objectType means Agent. */
  readonly objectTypeRequired?: boolean;
  readonly because?: string;
}

const AS_ACTOR: ActorRole = { accepts: 'Agent or Group' };
const AS_OBJECT: ActorRole = { accepts: 'Agent or Group', objectTypeRequired: true };
const AS_MEMBER: ActorRole = { accepts: 'Agent', because: "a Group's members must be Agents; Groups do not nest" };
const AS_TEAM: ActorRole = { accepts: 'Group', because: 'a context team is a Group' };
const AS_CONTEXT_AGENT: ActorRole = { accepts: 'Agent', because: 'a contextAgent names an Agent; use contextGroups for Groups' };
const AS_CONTEXT_GROUP: ActorRole = { accepts: 'Group', because: 'a contextGroup names a Group; use contextAgents for Agents' };

const ARTICLE: Record<ActorRole['accepts'], string> = { 'Agent or Group': 'an Agent or Group', Agent: 'an Agent', Group: 'a Group' };

function checkAgentOrGroup(value: unknown, path: string, ctx: ValidationContext, role: ActorRole): asserts value is JsonObject {
  expectObject(value, path, ARTICLE[role.accepts]);
  const objectType = value.objectType;
  const typePath = join(path, 'objectType');
  if (objectType === undefined) {
    if (role.objectTypeRequired) fail(typePath, 'is required ("Agent" or "Group") when the object of a statement is an Agent or Group');
  } else if (objectType !== 'Agent' && objectType !== 'Group') {
    fail(typePath, `must be "Agent" or "Group" (case-sensitive), not ${JSON.stringify(objectType)}`);
  }
  const isGroup = objectType === 'Group';
  if (isGroup ? role.accepts === 'Agent' : role.accepts === 'Group') {
    fail(typePath, `must be "${role.accepts}"${role.because ? `: ${role.because}` : ''}`);
  }
  checkProperties(value, path, isGroup ? GROUP : AGENT, ctx);
  checkIdentifier(value, path, isGroup);
}

/** Exactly one IFI for an Agent; at most one for a Group, which then needs members if it has none. */
function checkIdentifier(actor: JsonObject, path: string, isGroup: boolean): void {
  let found: string | undefined;
  for (const key of IFI_PROPERTIES) {
    if (actor[key] === undefined) continue;
    if (found !== undefined) {
      fail(join(path, key), `${isGroup ? 'a Group' : 'an Agent'} has at most one identifier (${IFI_LIST}), and this one already has ${found}`);
    }
    found = key;
  }
  if (found !== undefined) return;
  if (!isGroup) fail(path, `an Agent must have exactly one identifier: ${IFI_LIST}`);
  const members = actor.member;
  if (members === undefined) fail(join(path, 'member'), `is required in an anonymous Group (a Group without ${IFI_LIST})`);
  if (Array.isArray(members) && members.length === 0) fail(join(path, 'member'), 'an anonymous Group must list at least one member');
}

/** `authority`: an Agent, or for OAuth an anonymous Group of exactly two Agents (client and user). */
function checkAuthority(value: unknown, path: string, ctx: ValidationContext): void {
  checkAgentOrGroup(value, path, ctx, AS_ACTOR);
  if (value.objectType !== 'Group') return;
  for (const key of IFI_PROPERTIES) {
    if (value[key] !== undefined) fail(join(path, key), 'an authority Group must be anonymous: it stands for an OAuth client and user pair');
  }
  if ((value.member as unknown[]).length !== 2) fail(join(path, 'member'), 'an authority Group must have exactly two members: the OAuth client and the user');
}

// =============================================================================================
// Verb (Data 2.4.3)
// =============================================================================================

const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

const VERB = shape('a Verb', { id: iri, display: languageMap }, { required: ['id'] });

// =============================================================================================
// Activities (Data 2.4.4.1)
// =============================================================================================

type ComponentList = 'choices' | 'scale' | 'source' | 'target' | 'steps';

/** Each interactionType and the interaction component lists it may use. */
const INTERACTION_COMPONENTS: Readonly<Record<string, readonly ComponentList[]>> = {
  'true-false': [],
  choice: ['choices'],
  'fill-in': [],
  'long-fill-in': [],
  matching: ['source', 'target'],
  performance: ['steps'],
  sequencing: ['choices'],
  likert: ['scale'],
  numeric: [],
  other: [],
};
const COMPONENT_LISTS: readonly ComponentList[] = ['choices', 'scale', 'source', 'target', 'steps'];
/** Properties that only mean something for an interaction, so need an interactionType. */
const INTERACTION_PROPERTIES = ['correctResponsesPattern', ...COMPONENT_LISTS] as const;

const INTERACTION_COMPONENT = shape('an interaction component', { id: string, description: languageMap }, { required: ['id'] });

const checkComponent = object(INTERACTION_COMPONENT);

/** A list of interaction components, whose ids are distinct. */
function checkComponentList(value: unknown, path: string, ctx: ValidationContext): void {
  expectArray(value, path, 'a list of interaction components');
  const ids = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    const at = joinIndex(path, i);
    checkComponent(value[i], at, ctx);
    const id = (value[i] as JsonObject).id as string;
    if (ids.has(id)) fail(join(at, 'id'), `"${id}" is used by another component of this list; ids must be distinct`);
    ids.add(id);
  }
}

const DEFINITION = shape('an Activity definition', {
  name: languageMap,
  description: languageMap,
  type: iri,
  moreInfo: irl,
  extensions,
  interactionType: oneOf(Object.keys(INTERACTION_COMPONENTS)),
  correctResponsesPattern: arrayOf(string, 'a list of strings'),
  choices: checkComponentList,
  scale: checkComponentList,
  source: checkComponentList,
  target: checkComponentList,
  steps: checkComponentList,
});

function checkDefinition(value: unknown, path: string, ctx: ValidationContext): void {
  checkShape(value, path, DEFINITION, ctx);
  const interactionType = value.interactionType as string | undefined;
  if (interactionType === undefined) {
    for (const key of INTERACTION_PROPERTIES) {
      if (value[key] !== undefined) fail(join(path, 'interactionType'), `is required when the definition has ${key}`);
    }
    return;
  }
  const allowed = INTERACTION_COMPONENTS[interactionType]!;
  for (const key of COMPONENT_LISTS) {
    if (value[key] !== undefined && !allowed.includes(key)) {
      const uses = allowed.length === 0 ? 'which has no interaction components' : `which uses ${allowed.join(' and ')}`;
      fail(join(path, key), `is not used by interactionType "${interactionType}", ${uses}`);
    }
  }
}

const ACTIVITY = shape('an Activity', { objectType: literal('Activity'), id: iri, definition: checkDefinition }, { required: ['id'] });

// =============================================================================================
// Statement references and the object of a statement (Data 2.4.4)
// =============================================================================================

const STATEMENT_REF = shape('a StatementRef', { objectType: literal('StatementRef'), id: uuid }, { required: ['objectType', 'id'] });

type ObjectCheck = (value: JsonObject, path: string, ctx: ValidationContext) => void;

/** How each objectType of a statement's object is checked; no objectType means Activity. */
const OBJECT_CHECKS: Readonly<Record<string, ObjectCheck>> = {
  Activity: (value, path, ctx) => checkProperties(value, path, ACTIVITY, ctx),
  Agent: (value, path, ctx) => checkAgentOrGroup(value, path, ctx, AS_OBJECT),
  Group: (value, path, ctx) => checkAgentOrGroup(value, path, ctx, AS_OBJECT),
  StatementRef: (value, path, ctx) => checkProperties(value, path, STATEMENT_REF, ctx),
  SubStatement: (value, path, ctx) => checkStatementLike(value, path, ctx, SUB_STATEMENT),
};
const OBJECT_TYPES = Object.keys(OBJECT_CHECKS);
const OBJECT_WHAT = 'an Activity, Agent, Group, StatementRef or SubStatement';
/** Properties that show an object without objectType was meant as an Agent or Group. */
const AGENT_ONLY_PROPERTIES = [...IFI_PROPERTIES, 'member'] as const;

function objectTypeOf(object: JsonObject): string {
  return object.objectType === undefined ? 'Activity' : (object.objectType as string);
}

function checkObjectOf(value: unknown, path: string, ctx: ValidationContext, allowSubStatement: boolean): void {
  expectObject(value, path, OBJECT_WHAT);
  const objectType = value.objectType;
  if (objectType === undefined && AGENT_ONLY_PROPERTIES.some((key) => value[key] !== undefined)) {
    fail(join(path, 'objectType'), 'is required ("Agent" or "Group") when the object of a statement is an Agent or Group');
  }
  const typeName = objectType === undefined ? 'Activity' : objectType;
  const check = typeof typeName === 'string' && Object.hasOwn(OBJECT_CHECKS, typeName) ? OBJECT_CHECKS[typeName] : undefined;
  if (check === undefined) {
    fail(join(path, 'objectType'), `must be one of ${OBJECT_TYPES.map((t) => `"${t}"`).join(', ')} (case-sensitive), not ${JSON.stringify(objectType)}`);
  }
  if (typeName === 'SubStatement' && !allowSubStatement) fail(join(path, 'objectType'), 'a SubStatement cannot contain another SubStatement');
  check(value, path, ctx);
}

// =============================================================================================
// Result (Data 2.4.5)
// =============================================================================================

const SCORE = shape('a score', { scaled: number, raw: number, min: number, max: number });

function checkScore(value: unknown, path: string, ctx: ValidationContext): void {
  checkShape(value, path, SCORE, ctx);
  const { scaled, raw, min, max } = value as { scaled?: number; raw?: number; min?: number; max?: number };
  if (scaled !== undefined && (scaled < -1 || scaled > 1)) fail(join(path, 'scaled'), `must be between -1 and 1, not ${scaled}`);
  if (min !== undefined && max !== undefined && !(min < max)) fail(join(path, 'max'), `must be greater than min (${min}), not ${max}`);
  if (raw !== undefined) {
    if (min !== undefined && raw < min) fail(join(path, 'raw'), `must not be below min (${min}), not ${raw}`);
    if (max !== undefined && raw > max) fail(join(path, 'raw'), `must not be above max (${max}), not ${raw}`);
  }
}

const RESULT = shape('a result', {
  score: checkScore,
  success: boolean,
  completion: boolean,
  response: string,
  duration: formatted(isDuration, 'an ISO 8601 duration such as "PT1H30M", "P1DT12H" or "PT45.5S"'),
  extensions,
});

// =============================================================================================
// Context (Data 2.4.6; contextAgents and contextGroups from xAPI 2.0)
// =============================================================================================

const checkActivity = object(ACTIVITY);

/** A context activity property: one Activity or a list of them (the store turns one into a list). */
function checkContextActivityList(value: unknown, path: string, ctx: ValidationContext): void {
  if (!Array.isArray(value)) {
    checkActivity(value, path, ctx);
    return;
  }
  for (let i = 0; i < value.length; i++) checkActivity(value[i], joinIndex(path, i), ctx);
}

const CONTEXT_ACTIVITIES = shape('contextActivities', {
  parent: checkContextActivityList,
  grouping: checkContextActivityList,
  category: checkContextActivityList,
  other: checkContextActivityList,
});

const relevantTypes = arrayOf(iri, 'a list of IRIs', { nonEmpty: true });

const CONTEXT_AGENT = shape(
  'a contextAgent',
  { objectType: literal('contextAgent'), agent: (value, path, ctx) => checkAgentOrGroup(value, path, ctx, AS_CONTEXT_AGENT), relevantTypes },
  { required: ['objectType', 'agent'] },
);

const CONTEXT_GROUP = shape(
  'a contextGroup',
  { objectType: literal('contextGroup'), group: (value, path, ctx) => checkAgentOrGroup(value, path, ctx, AS_CONTEXT_GROUP), relevantTypes },
  { required: ['objectType', 'group'] },
);

const CONTEXT_1_0: Record<string, Check> = {
  registration: uuid,
  instructor: (value, path, ctx) => checkAgentOrGroup(value, path, ctx, AS_ACTOR),
  team: (value, path, ctx) => checkAgentOrGroup(value, path, ctx, AS_TEAM),
  contextActivities: object(CONTEXT_ACTIVITIES),
  revision: string,
  platform: string,
  language: languageTag,
  statement: object(STATEMENT_REF),
  extensions,
};

const ONLY_IN_2_0 = 'is an xAPI 2.0 property; send the X-Experience-API-Version: 2.0.0 header to use it';

const CONTEXT_BY_VERSION: Readonly<Record<XapiVersion, Shape>> = {
  '1.0.3': shape('a context', CONTEXT_1_0, { refused: { contextAgents: `contextAgents ${ONLY_IN_2_0}`, contextGroups: `contextGroups ${ONLY_IN_2_0}` } }),
  '2.0.0': shape('a context', {
    ...CONTEXT_1_0,
    contextAgents: arrayOf(object(CONTEXT_AGENT), 'a list of contextAgent objects'),
    contextGroups: arrayOf(object(CONTEXT_GROUP), 'a list of contextGroup objects'),
  }),
};

function checkContext(value: unknown, path: string, ctx: ValidationContext): void {
  checkShape(value, path, CONTEXT_BY_VERSION[ctx.version], ctx);
}

/** Context properties that describe an Activity, so are meaningless for other objects. */
const ACTIVITY_ONLY_CONTEXT = ['revision', 'platform'] as const;

// =============================================================================================
// Attachments (Data 2.4.11)
// =============================================================================================

const ATTACHMENT = shape(
  'an attachment',
  {
    usageType: iri,
    display: languageMap,
    description: languageMap,
    contentType: formatted(isMediaType, 'an Internet media type such as "text/plain" or "application/pdf"'),
    length: nonNegativeInteger,
    sha2: formatted(isSha2Hex, 'the hexadecimal SHA-2 (e.g. SHA-256) digest of the attachment'),
    fileUrl: irl,
  },
  { required: ['usageType', 'display', 'contentType', 'length', 'sha2'] },
);

// =============================================================================================
// Statements and SubStatements (Data 2.4, 2.4.4.3)
// =============================================================================================

/** Properties a SubStatement shares with a Statement. */
const STATEMENT_BODY: Record<string, Check> = {
  actor: (value, path, ctx) => checkAgentOrGroup(value, path, ctx, AS_ACTOR),
  verb: object(VERB),
  result: object(RESULT),
  context: checkContext,
  timestamp,
  attachments: arrayOf(object(ATTACHMENT), 'a list of attachments'),
};

const NOT_IN_SUB_STATEMENT = 'is not allowed in a SubStatement (it has no id, stored, version or authority of its own)';

const SUB_STATEMENT = shape(
  'a SubStatement',
  { ...STATEMENT_BODY, objectType: literal('SubStatement'), object: (value, path, ctx) => checkObjectOf(value, path, ctx, false) },
  {
    required: ['actor', 'verb', 'object'],
    refused: { id: NOT_IN_SUB_STATEMENT, stored: NOT_IN_SUB_STATEMENT, version: NOT_IN_SUB_STATEMENT, authority: NOT_IN_SUB_STATEMENT },
  },
);

const STATEMENT = shape(
  'a Statement',
  {
    id: uuid,
    ...STATEMENT_BODY,
    object: (value, path, ctx) => checkObjectOf(value, path, ctx, true),
    stored: timestamp,
    authority: checkAuthority,
    version: statementVersion,
  },
  { required: ['actor', 'verb', 'object'] },
);

/** Properties, then the rules that relate one property to another. */
function checkStatementLike(value: JsonObject, path: string, ctx: ValidationContext, s: Shape): void {
  checkProperties(value, path, s, ctx);
  const object = value.object as JsonObject;
  const context = value.context as JsonObject | undefined;
  if (context !== undefined && objectTypeOf(object) !== 'Activity') {
    for (const key of ACTIVITY_ONLY_CONTEXT) {
      if (context[key] !== undefined) fail(join(join(path, 'context'), key), "is only allowed when the statement's object is an Activity");
    }
  }
}

function checkStatement(value: unknown, path: string, ctx: ValidationContext): void {
  expectObject(value, path, 'a Statement');
  checkStatementLike(value, path, ctx, STATEMENT);
  const verb = value.verb as JsonObject;
  if (verb.id === VOIDED && (value.object as JsonObject).objectType !== 'StatementRef') {
    fail(join(path, 'object'), 'a voiding statement (verb "http://adlnet.gov/expapi/verbs/voided") must have a StatementRef as its object');
  }
}

// =============================================================================================
// Public API
// =============================================================================================

/**
 * Validate one statement as received (PUT body, or one element of a POST batch with
 * `path: "[i]"`). Throws `BadRequestError` naming the first property at fault.
 */
export function validateStatement(input: unknown, ctx: StatementValidationContext): void {
  checkStatement(input, ctx.path ?? '', ctx);
}

/** An Agent or Group (statement actor, or the `agent` parameter of queries and documents). */
export function validateAgent(input: unknown, path: string, ctx: ValidationContext): void {
  checkAgentOrGroup(input, path, ctx, AS_ACTOR);
}

/** An Activity id: an absolute IRI (also the `activityId` / `activity` parameters). */
export function validateActivityId(id: unknown, path: string): void {
  validateIri(id, path);
}

/** Any absolute IRI (e.g. the `verb` query parameter). */
export function validateIri(value: unknown, path: string): void {
  if (typeof value !== 'string' || !isAbsoluteIri(value)) fail(path, `must be ${IRI_EXPECTED}, not ${JSON.stringify(value)}`);
}

/** A statement id or registration (the `statementId`, `registration` parameters). */
export function validateUuid(value: unknown, path: string): void {
  if (typeof value !== 'string' || !isUuid(value)) fail(path, `must be a UUID such as "6690e6c9-3ef0-4ed3-8b37-7f3964730bee", not ${JSON.stringify(value)}`);
}

/** A timestamp under the version's rules (the `since` / `until` parameters). */
export function validateTimestamp(value: unknown, path: string, ctx: ValidationContext): void {
  timestamp(value, path, ctx);
}

/** Language maps follow the same rules in every version. */
const LANGUAGE_MAP_CTX: ValidationContext = { version: '1.0.3' };

/** A language map: RFC 5646 tags to strings (empty maps are allowed). */
export function validateLanguageMap(value: unknown, path: string): void {
  languageMap(value, path, LANGUAGE_MAP_CTX);
}

export { isAbsoluteIri, isLanguageTag, isUuid, timestampMillis } from './validate-formats.js';
