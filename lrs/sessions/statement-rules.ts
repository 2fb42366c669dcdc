/**
 * The rules statements sent with a launch session's token must follow. For `cmi5`
 * sessions: the cmi5 (quartz) statement rules of section 9 and the launch-mode rules of
 * 10.2.2, as the LMS must enforce them (the "(d)" requirements CATAPULT tests). For
 * `xapi` (TinCan launch) sessions: only the binding to the launched actor and registration.
 * A breach is a 403 naming the rule; nothing of the batch is stored.
 * Pure: the session and registration progress in, the change to record out.
 */
import { ifiKey, type Agent } from '../agents.js';
import { ForbiddenError } from '../errors.js';
import type { LaunchSession, RegistrationProgress, SessionChange } from './session-service.js';

export const CMI5 = {
  categoryCmi5: 'https://w3id.org/xapi/cmi5/context/categories/cmi5',
  categoryMoveOn: 'https://w3id.org/xapi/cmi5/context/categories/moveon',
  extSessionId: 'https://w3id.org/xapi/cmi5/context/extensions/sessionid',
  extMasteryScore: 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore',
} as const;

const V = {
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  voided: 'http://adlnet.gov/expapi/verbs/voided',
} as const;
/** Verbs only the LMS states in cmi5 (launched, abandoned, waived, satisfied). */
const LMS_VERBS = [
  'http://adlnet.gov/expapi/verbs/launched',
  'https://w3id.org/xapi/adl/verbs/abandoned',
  'https://w3id.org/xapi/adl/verbs/waived',
  'https://w3id.org/xapi/adl/verbs/satisfied',
];
const AU_DEFINED_VERBS: string[] = [V.initialized, V.completed, V.passed, V.failed, V.terminated];

/** 403 with the cmi5 requirement it breaks (CATAPULT counts only 403 as a rejection). */
export class StatementRuleError extends ForbiddenError {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(`${message} (rule ${rule})`);
  }
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function ids(list: unknown): string[] {
  const arr = Array.isArray(list) ? list : list === undefined ? [] : [list];
  return arr.map((a) => obj(a)?.id).filter((x): x is string => typeof x === 'string');
}

function sameAgent(a: unknown, b: Agent): boolean {
  const x = obj(a) as Agent | undefined;
  return !!x && ifiKey(x) === ifiKey(b);
}

/**
 * Check a batch in order, as if each were stored before the next, and return the change
 * to record. `statementIdParam` is PUT's `statementId` (the statement's id when it has none).
 */
export function checkStatements(session: LaunchSession, progress: RegistrationProgress | null, statements: unknown[], statementIdParam?: string): SessionChange {
  const change: SessionChange = { initialized: false, terminated: false, verbs: [], completed: false, passed: false };
  const state = {
    initialized: session.initialized,
    closed: session.closed as string | undefined,
    verbs: new Set(session.verbs),
    completed: progress?.completed ?? false,
    passed: progress?.passed ?? false,
  };
  const fail = (rule: string, message: string): never => {
    throw new StatementRuleError(rule, message);
  };
  for (const raw of statements) {
    const s = obj(raw) ?? fail('9.0', 'a statement must be a JSON object');
    if (state.closed === 'terminated') fail('9.3.0.0-5', 'the session has terminated: no statement may follow "terminated"');
    if (state.closed) fail('9.3.6.0-2', 'the session was abandoned: no statement may follow "abandoned"');
    const verb = typeof obj(s.verb)?.id === 'string' ? (obj(s.verb)!.id as string) : '';
    const ctx = obj(s.context);
    const registration = typeof ctx?.registration === 'string' ? ctx.registration.toLowerCase() : undefined;

    if (verb === V.voided) fail('6.3.0.0-1', 'launched content may not void statements');
    if (!sameAgent(s.actor, session.actor) || obj(s.actor)?.objectType === 'Group') {
      if (session.profile === 'cmi5' && obj(s.actor)?.objectType && obj(s.actor)?.objectType !== 'Agent') fail('9.2.0.0-2', 'the actor must be an Agent');
      if (session.profile === 'cmi5' && !obj(obj(s.actor)?.account)) fail('9.2.0.0-3', 'the actor must use the account given in the launch');
      fail(session.profile === 'cmi5' ? '8.1.3.0-2' : 'launch-actor', 'the actor must be the one given in the launch');
    }

    if (session.profile === 'xapi') {
      if (registration !== undefined && registration !== session.registration) fail('launch-registration', 'context.registration must be the launch registration');
      continue;
    }

    // cmi5: every statement the AU sends (defined and allowed)
    if (s.id === undefined && statementIdParam === undefined) fail('9.1.0.0-1', 'the AU must give every statement an id');
    if (typeof s.timestamp !== 'string') fail('9.7.0.0-1', 'every statement must carry a timestamp');
    if (!/(Z|[+-]00:?00)$/i.test(s.timestamp as string)) fail('9.7.0.0-2', 'timestamps must be in UTC');
    if (!ctx) fail('9.6.0.0-1', 'every statement must carry the context from the contextTemplate');
    if (registration !== session.registration) fail('9.6.1.0-1', 'context.registration must be the launch registration');
    const extensions = obj(ctx!.extensions);
    if (extensions?.[CMI5.extSessionId] !== session._id) fail('9.6.3.1-4', 'context.extensions must carry the session id from LMS.LaunchData');
    const ca = obj(ctx!.contextActivities);
    const categories = ids(ca?.category);
    const isDefined = categories.includes(CMI5.categoryCmi5);
    const hasMoveOn = Object.values(ca ?? {}).some((list) => ids(list).includes(CMI5.categoryMoveOn));
    const result = obj(s.result);
    const score = obj(result?.score);

    if (!state.initialized && !(isDefined && verb === V.initialized)) fail('9.3.0.0-4', 'the first statement of a session must be "initialized"');
    if (verb === V.initialized && !session.preferencesRead) fail('11.0.0.0-3', 'the AU must read the cmi5LearnerPreferences agent profile before "initialized"');
    if (!isDefined && AU_DEFINED_VERBS.includes(verb) && obj(s.object)?.id === session.activityId) {
      fail('9.6.2.1-1', `"${verb}" on the AU must carry the cmi5 category activity`);
    }
    if (score?.raw !== undefined && score.min === undefined) fail('9.5.1.0-3', 'a score with "raw" must give "min"');
    if (score?.raw !== undefined && score.max === undefined) fail('9.5.1.0-3', 'a score with "raw" must give "max"');

    if (!isDefined) {
      if (hasMoveOn) fail('9.6.2.2-2', 'only cmi5 defined statements with result.success or result.completion may carry the moveOn category');
      continue;
    }

    // cmi5 defined statements
    if (LMS_VERBS.includes(verb)) fail('9.3.0.0-1', `"${verb}" is stated by the LMS, not the AU`);
    if (!AU_DEFINED_VERBS.includes(verb)) fail('9.3.0.0-1', `"${verb}" is not a cmi5 defined verb`);
    if (obj(s.object)?.id !== session.activityId) fail('8.1.5.0-6', 'the object of a cmi5 defined statement must be the launch activityId');
    if (session.publisherId && !ids(ca?.grouping).includes(session.publisherId)) fail('9.6.2.0-1', 'context.contextActivities.grouping must keep the publisher id from the contextTemplate');
    const hasOutcome = result?.success !== undefined || result?.completion !== undefined;
    if (hasOutcome && !hasMoveOn) fail('9.6.2.2-1', 'statements with result.success or result.completion must carry the moveOn category');
    if (!hasOutcome && hasMoveOn) fail('9.6.2.2-2', 'only statements with result.success or result.completion may carry the moveOn category');
    if (state.verbs.has(verb)) fail(verb === V.initialized ? '9.3.2.0-3' : '9.3.0.0-2', `"${verb}" was already stated in this session`);
    const judged = verb === V.completed || verb === V.passed || verb === V.failed;
    if (judged && session.launchMode !== 'Normal') {
      fail(session.launchMode === 'Browse' ? '10.2.2.0-2' : '10.2.2.0-3', `"${verb}" may not be sent in ${session.launchMode} mode`);
    }
    const needsDuration = verb === V.completed || verb === V.passed || verb === V.failed || verb === V.terminated;
    if (needsDuration && typeof result?.duration !== 'string') {
      const rule = { [V.terminated]: '9.5.4.1-1', [V.completed]: '9.5.4.1-2', [V.passed]: '9.5.4.1-3', [V.failed]: '9.5.4.1-4' }[verb]!;
      fail(rule, `"${verb}" must carry result.duration`);
    }
    if (verb === V.completed) {
      if (result?.completion !== true) fail('9.5.3.0-1', '"completed" must carry result.completion true');
      if (result?.success !== undefined) fail('9.5.2.0-3', '"completed" must not carry result.success');
      if (score) fail('9.5.1.0-2', '"completed" must not carry a score');
      if (state.completed) fail('9.3.0.0-6', '"completed" may be stated once per registration');
      state.completed = change.completed = true;
    }
    if (verb === V.passed || verb === V.failed) {
      const passed = verb === V.passed;
      if (result?.success !== passed) fail(passed ? '9.5.2.0-1' : '9.5.2.0-2', `"${passed ? 'passed' : 'failed'}" must carry result.success ${passed}`);
      if (result?.completion !== undefined) fail('9.5.3.0-2', `"${passed ? 'passed' : 'failed'}" must not carry result.completion`);
      if (session.masteryScore !== undefined) {
        // 9.6.3.2-2 (d): a judged score must name the masteryScore it was judged against.
        const given = extensions?.[CMI5.extMasteryScore];
        if ((score || given !== undefined) && given !== session.masteryScore) fail('9.6.3.2-2', 'context.extensions must carry the masteryScore from LMS.LaunchData');
        const scaled = typeof score?.scaled === 'number' ? score.scaled : undefined;
        if (passed && scaled !== undefined && scaled < session.masteryScore) fail('9.3.4.0-2', `"passed" needs a scaled score of at least the masteryScore ${session.masteryScore}`);
        if (!passed && scaled !== undefined && scaled >= session.masteryScore) fail('9.3.5.0-2', `"failed" needs a scaled score below the masteryScore ${session.masteryScore}`);
      }
      if (passed && state.passed) fail('9.3.0.0-7', '"passed" may be stated once per registration');
      if (!passed && state.passed) fail('9.3.0.0-8', '"failed" may not follow "passed" in a registration');
      if (state.verbs.has(passed ? V.failed : V.passed)) fail('9.3.0.0-3', 'one of "passed" or "failed" per session');
      if (passed) state.passed = change.passed = true;
    }
    if (verb === V.initialized) state.initialized = change.initialized = true;
    if (verb === V.terminated) {
      state.closed = 'terminated';
      change.terminated = true;
    }
    state.verbs.add(verb);
    change.verbs.push(verb);
  }
  return change;
}
