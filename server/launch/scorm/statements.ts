/**
 * The xAPI statements a SCORM attempt produces, derived on the server from each CMI
 * commit by comparing it with the stored state (the SCO never talks to the LRS). Statement
 * ids are name-based UUIDs of what they record (attempt, SCO, event, sequence), so a
 * retried commit or a replayed outbox yields the same statements, which the LRS stores once.
 */
import { createHash } from 'node:crypto';
import { VERBS, type LearnerAgent } from '../../learning-record/identity.js';
import type { Completion, Success } from '../attempt-model.js';
import { xapiDuration, type CmiSummary, type InteractionView, type ScormStandard } from './cmi-status.js';

const ACTIVITY = {
  course: 'http://adlnet.gov/expapi/activities/course',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction',
};
const SCORM_PROFILE = 'https://w3id.org/xapi/scorm';
const PROGRESS_EXTENSION = 'https://w3id.org/xapi/cmi5/result/extensions/progress';

const VERB_NAMES: Record<string, string> = Object.fromEntries(Object.entries(VERBS).map(([name, id]) => [id, name]));

/** A name-based UUID (version 5 layout over SHA-256) from the parts that identify an event. */
export function statementId(...parts: Array<string | number>): string {
  const h = createHash('sha256').update(parts.map(String).join('\u0000')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export interface ScoStatementContext {
  actor: LearnerAgent;
  registration: string;
  attemptId: string;
  course: { id: string; title: string };
  sco: { id: string; itemId: string; title: string };
  sessionId: string;
  timestamp: string;
}

interface Statement {
  id: string;
  actor: LearnerAgent;
  verb: { id: string; display: Record<string, string> };
  object: { objectType: 'Activity'; id: string; definition: Record<string, unknown> };
  result?: Record<string, unknown>;
  context: Record<string, unknown>;
  timestamp: string;
}

function verb(id: string) {
  return { id, display: { 'en-US': VERB_NAMES[id] ?? id } };
}

function scoStatement(ctx: ScoStatementContext, verbId: string, id: string, result?: Record<string, unknown>): Statement {
  const s: Statement = {
    id,
    actor: ctx.actor,
    verb: verb(verbId),
    object: { objectType: 'Activity', id: ctx.sco.id, definition: { name: { 'en-US': ctx.sco.title }, type: ACTIVITY.lesson } },
    context: {
      registration: ctx.registration,
      contextActivities: {
        parent: [{ objectType: 'Activity', id: ctx.course.id }],
        grouping: [{ objectType: 'Activity', id: ctx.course.id, definition: { name: { 'en-US': ctx.course.title }, type: ACTIVITY.course } }],
        category: [{ objectType: 'Activity', id: SCORM_PROFILE }],
      },
    },
    timestamp: ctx.timestamp,
  };
  if (result && Object.keys(result).length) s.result = result;
  return s;
}

function scoreOf(s: { scoreScaled?: number; scoreRaw?: number; scoreMin?: number; scoreMax?: number }): Record<string, number> | undefined {
  const score: Record<string, number> = {};
  if (s.scoreScaled !== undefined) score.scaled = Math.max(-1, Math.min(1, s.scoreScaled));
  if (s.scoreRaw !== undefined && (s.scoreMin === undefined || s.scoreRaw >= s.scoreMin) && (s.scoreMax === undefined || s.scoreRaw <= s.scoreMax)) {
    score.raw = s.scoreRaw;
    if (s.scoreMin !== undefined) score.min = s.scoreMin;
    if (s.scoreMax !== undefined) score.max = s.scoreMax;
  }
  return Object.keys(score).length ? score : undefined;
}

/** SCORM response patterns to xAPI ones: 1.2 separates choices by commas, xAPI by `[,]`. */
function toXapiPattern(type: string, value: string, standard: ScormStandard): string {
  if (standard === '1.2' && (type === 'choice' || type === 'sequencing')) return value.split(',').join('[,]');
  return value;
}

const XAPI_INTERACTION_TYPES = new Set(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other']);

function answered(ctx: ScoStatementContext, standard: ScormStandard, i: InteractionView): Statement {
  const definition: Record<string, unknown> = { type: ACTIVITY.interaction };
  if (XAPI_INTERACTION_TYPES.has(i.type)) definition.interactionType = i.type;
  if (i.description) definition.description = { 'en-US': i.description };
  if (i.correct.length && definition.interactionType) definition.correctResponsesPattern = i.correct.map((c) => toXapiPattern(i.type, c, standard));
  const result: Record<string, unknown> = {};
  if (i.response) result.response = toXapiPattern(i.type, i.response, standard);
  if (i.result === 'correct') result.success = true;
  else if (i.result === 'wrong' || i.result === 'incorrect') result.success = false;
  const s = scoStatement(ctx, VERBS.answered, statementId(ctx.attemptId, ctx.sco.itemId, 'answered', i.index, i.id, i.response, i.result), result);
  s.object = { objectType: 'Activity', id: `${ctx.sco.id}/interaction/${encodeURIComponent(i.id)}`, definition };
  (s.context.contextActivities as Record<string, unknown>).parent = [{ objectType: 'Activity', id: ctx.sco.id }];
  return s;
}

/** `launched` when the LMS starts a SCO session. */
export function launchedStatement(ctx: ScoStatementContext): Statement {
  return scoStatement(ctx, VERBS.launched, statementId(ctx.sessionId, 'launched'));
}

export interface CommitChange {
  standard: ScormStandard;
  seq: number;
  entry: string;
  /** Whether this session had been seen initialised / terminated before this commit. */
  wasInitialized: boolean;
  wasTerminated: boolean;
  terminated: boolean;
  before: CmiSummary | null;
  after: CmiSummary;
  beforeInteractions: InteractionView[];
  afterInteractions: InteractionView[];
  /** Total seconds of the SCO after this commit (its SCORM total_time). */
  totalSeconds: number;
}

/** What happened to one SCO in one commit. */
export function deriveScoStatements(ctx: ScoStatementContext, c: CommitChange): Statement[] {
  const out: Statement[] = [];
  const before = c.before;
  if (!c.wasInitialized) {
    out.push(scoStatement(ctx, c.entry === 'resume' ? VERBS.resumed : VERBS.initialized, statementId(ctx.sessionId, 'initialized')));
  }
  const seen = new Map(c.beforeInteractions.map((i) => [i.index, i]));
  for (const i of c.afterInteractions) {
    if (!i.id) continue;
    const prior = seen.get(i.index);
    if (prior && prior.id === i.id && prior.response === i.response && prior.result === i.result) continue;
    if (!i.response && !i.result) continue; // declared, not answered yet
    out.push(answered(ctx, c.standard, i));
  }
  const completedNow = c.after.completion === 'completed' && before?.completion !== 'completed';
  const moved = c.after.location !== (before?.location ?? '') || c.after.progressMeasure !== before?.progressMeasure;
  if (moved && !completedNow && c.after.completion !== 'completed') {
    const result: Record<string, unknown> = { completion: false };
    if (c.after.progressMeasure !== undefined) result.extensions = { [PROGRESS_EXTENSION]: Math.round(c.after.progressMeasure * 100) };
    out.push(scoStatement(ctx, VERBS.progressed, statementId(ctx.sessionId, 'progressed', c.seq), result));
  }
  if (completedNow) {
    out.push(scoStatement(ctx, VERBS.completed, statementId(ctx.attemptId, ctx.sco.itemId, 'completed'), { completion: true, duration: xapiDuration(c.totalSeconds) }));
  }
  if (c.after.success !== 'unknown' && c.after.success !== before?.success) {
    const passed = c.after.success === 'passed';
    const result: Record<string, unknown> = { success: passed, completion: c.after.completion === 'completed' };
    const score = scoreOf(c.after);
    if (score) result.score = score;
    const id = passed ? statementId(ctx.attemptId, ctx.sco.itemId, 'passed') : statementId(ctx.sessionId, 'failed', c.seq);
    out.push(scoStatement(ctx, passed ? VERBS.passed : VERBS.failed, id, result));
  }
  if (c.terminated && !c.wasTerminated) {
    const duration = xapiDuration(c.after.sessionSeconds);
    if (c.after.exit === 'suspend' || c.after.exit === 'logout') {
      out.push(scoStatement(ctx, VERBS.suspended, statementId(ctx.sessionId, 'suspended'), { duration }));
    }
    out.push(scoStatement(ctx, VERBS.terminated, statementId(ctx.sessionId, 'terminated'), { duration }));
  }
  return out;
}

export interface CourseState {
  completion: Completion;
  success: Success;
  scoreScaled?: number;
}

/**
 * The course-level record compliance reads: `completed` (and `passed`/`failed` when the
 * course has a success status) on the package's activity once the course is done.
 */
export function deriveCourseStatements(
  ctx: Omit<ScoStatementContext, 'sco' | 'sessionId'>,
  before: CourseState,
  after: CourseState,
  totalSeconds: number,
): Statement[] {
  const out: Statement[] = [];
  const base = (verbId: string, id: string, result: Record<string, unknown>): Statement => ({
    id,
    actor: ctx.actor,
    verb: verb(verbId),
    object: { objectType: 'Activity', id: ctx.course.id, definition: { name: { 'en-US': ctx.course.title }, type: ACTIVITY.course } },
    result,
    context: { registration: ctx.registration, contextActivities: { category: [{ objectType: 'Activity', id: SCORM_PROFILE }] } },
    timestamp: ctx.timestamp,
  });
  const score = scoreOf(after);
  if (after.completion === 'completed' && before.completion !== 'completed') {
    const result: Record<string, unknown> = { completion: true, duration: xapiDuration(totalSeconds) };
    if (score) result.score = score;
    out.push(base(VERBS.completed, statementId(ctx.attemptId, 'course', 'completed'), result));
  }
  if (after.completion === 'completed' && after.success !== 'unknown' && (after.success !== before.success || before.completion !== 'completed')) {
    const passed = after.success === 'passed';
    const result: Record<string, unknown> = { success: passed, completion: true, duration: xapiDuration(totalSeconds) };
    if (score) result.score = score;
    out.push(base(passed ? VERBS.passed : VERBS.failed, statementId(ctx.attemptId, 'course', after.success), result));
  }
  return out;
}
