/**
 * Reading a SCO's CMI data the same way for SCORM 1.2 and 2004: completion, success,
 * score, exit, session time; and the time formats of both data models.
 */
import type { Completion, Success } from '../attempt-model.js';
import { formatDuration } from '../../../shared/scorm-time.js';

export { formatDuration, formatTimespan } from '../../../shared/scorm-time.js';

export type ScormStandard = '1.2' | '2004';

export interface CmiSummary {
  completion: Completion;
  success: Success;
  scoreScaled?: number;
  scoreRaw?: number;
  scoreMin?: number;
  scoreMax?: number;
  exit: string;
  sessionSeconds: number;
  location: string;
  progressMeasure?: number;
}

type Tree = Record<string, any>;

const num = (v: unknown): number | undefined => (typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

/** SCORM 1.2 CMITimespan `HHHH:MM:SS.SS` -> seconds. */
export function timespanSeconds(v: string | undefined): number {
  const m = /^(\d{2,4}):(\d{2}):(\d{2}(?:\.\d{1,2})?)$/.exec(v ?? '');
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
}

/** ISO 8601 duration (SCORM 2004 timeinterval) -> seconds; months and years as 30/365 days. */
export function durationSeconds(v: string | undefined): number {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(v ?? '');
  if (!m) return 0;
  const [, y, mo, d, h, mi, s] = m.map((x) => Number(x ?? 0));
  return y! * 365 * 86400 + mo! * 30 * 86400 + d! * 86400 + h! * 3600 + mi! * 60 + s!;
}

/** xAPI result.duration from seconds. */
export function xapiDuration(seconds: number): string {
  return formatDuration(seconds);
}

export function summarize(standard: ScormStandard, cmi: Tree, masteryScore?: number): CmiSummary {
  if (standard === '1.2') {
    const core: Tree = cmi.core ?? {};
    const status = String(core.lesson_status ?? '');
    const raw = num(core.score?.raw);
    const min = num(core.score?.min);
    const max = num(core.score?.max);
    let success: Success = status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'unknown';
    // No status from the SCO but a score and a mastery score: the LMS judges (SCORM 1.2 RTE 3.4.4).
    if (success === 'unknown' && raw !== undefined && masteryScore !== undefined && status === 'completed') success = raw >= masteryScore ? 'passed' : 'failed';
    const completion: Completion =
      status === 'completed' || status === 'passed' || status === 'failed' ? 'completed' : status === 'incomplete' || status === 'browsed' ? 'incomplete' : 'not attempted';
    const summary: CmiSummary = { completion, success, exit: String(core.exit ?? ''), sessionSeconds: timespanSeconds(core.session_time), location: String(core.lesson_location ?? '') };
    if (raw !== undefined) {
      summary.scoreRaw = raw;
      if (min !== undefined) summary.scoreMin = min;
      if (max !== undefined) summary.scoreMax = max;
      const lo = min ?? 0;
      const hi = max ?? 100;
      summary.scoreScaled = hi > lo ? Math.max(0, Math.min(1, (raw - lo) / (hi - lo))) : undefined;
      if (summary.scoreScaled === undefined) delete summary.scoreScaled;
    }
    return summary;
  }
  const completion = String(cmi.completion_status ?? '');
  const success = String(cmi.success_status ?? '');
  const summary: CmiSummary = {
    completion: completion === 'completed' ? 'completed' : completion === 'incomplete' ? 'incomplete' : completion === 'not attempted' ? 'not attempted' : 'unknown',
    success: success === 'passed' ? 'passed' : success === 'failed' ? 'failed' : 'unknown',
    exit: String(cmi.exit ?? ''),
    sessionSeconds: durationSeconds(cmi.session_time),
    location: String(cmi.location ?? ''),
  };
  const scaled = num(cmi.score?.scaled);
  if (scaled !== undefined) summary.scoreScaled = scaled;
  const raw = num(cmi.score?.raw);
  if (raw !== undefined) summary.scoreRaw = raw;
  const min = num(cmi.score?.min);
  if (min !== undefined) summary.scoreMin = min;
  const max = num(cmi.score?.max);
  if (max !== undefined) summary.scoreMax = max;
  const pm = num(cmi.progress_measure);
  if (pm !== undefined) summary.progressMeasure = pm;
  return summary;
}

export interface InteractionView {
  index: string;
  id: string;
  type: string;
  response: string;
  result: string;
  description: string;
  correct: string[];
  weighting?: number;
}

/** The interactions a SCO recorded, in index order. */
export function interactionsOf(standard: ScormStandard, cmi: Tree): InteractionView[] {
  const all: Tree = cmi.interactions ?? {};
  return Object.keys(all)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((index) => {
      const i: Tree = all[index] ?? {};
      const correct = Object.values((i.correct_responses ?? {}) as Tree).map((c: Tree) => String(c?.pattern ?? '')).filter(Boolean);
      const view: InteractionView = {
        index,
        id: String(i.id ?? ''),
        type: String(i.type ?? ''),
        response: String((standard === '1.2' ? i.student_response : i.learner_response) ?? ''),
        result: String(i.result ?? ''),
        description: String(i.description ?? ''),
        correct,
      };
      const w = num(i.weighting);
      if (w !== undefined) view.weighting = w;
      return view;
    });
}
