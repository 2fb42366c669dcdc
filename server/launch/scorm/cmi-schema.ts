/**
 * The SCORM run-time data a SCO may send, as zod schemas over the JSON scorm-again
 * renders (`renderCMIToJSONObject`): SCORM 1.2 (cmi.core.*, interactions, objectives...)
 * and SCORM 2004 (cmi.completion_status, cmi.interactions...). Element names, vocabularies,
 * formats and size limits follow the data models (SPM: smallest permitted maximum), so a
 * bad commit is refused with the element named, e.g. `cmi.core.lesson_status`.
 * Elements the LMS owns (entry, credit, mode, learner id/name, total_time, launch_data,
 * mastery score...) are accepted loosely and ignored: the LMS keeps its own values.
 */
import { z } from 'zod';

const MAX_INDEX = 1000;

const str = (max: number) => z.string().max(max, `at most ${max} characters`);
const blank = z.literal('');
const decimal = z.string().regex(/^-?\d{1,10}(\.\d{1,7})?$/, 'must be a decimal number');
const optDecimal = z.union([blank, decimal]);
const inRange = (min: number, max: number) =>
  z.union([blank, decimal.refine((v) => Number(v) >= min && Number(v) <= max, `must be between ${min} and ${max}`)]);
const identifier12 = z.union([blank, z.string().max(255).regex(/^[\u0021-\u007E]+$/, 'must be an identifier (no spaces)')]);
const identifier2004 = z.union([blank, z.string().max(4000, 'at most 4000 characters').regex(/^\S+$/, 'must be an identifier (no spaces)')]);
/** LMS-owned: whatever scorm-again echoes back is ignored. */
const ignored = z.unknown().optional();

/** An index-keyed collection as scorm-again renders arrays: {"0": {...}, "1": {...}}. */
function indexed<T extends z.ZodType>(item: T) {
  return z.record(z.string().regex(/^\d+$/, 'must be an index').refine((k) => Number(k) < MAX_INDEX, `index below ${MAX_INDEX}`), item).optional();
}

// ---- SCORM 1.2 -----------------------------------------------------------------------
const timespan12 = z.union([blank, z.string().regex(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/, 'must be a CMITimespan (HHHH:MM:SS.SS)')]);
const time12 = z.union([blank, z.string().regex(/^\d{2}:\d{2}:\d{2}(\.\d{1,2})?$/, 'must be a CMITime (HH:MM:SS)')]);
const score12 = z.strictObject({ raw: inRange(0, 100).optional(), min: inRange(0, 100).optional(), max: inRange(0, 100).optional() });
const status12 = z.enum(['passed', 'completed', 'failed', 'incomplete', 'browsed', 'not attempted', '']);

export const cmi12Schema = z.strictObject({
  core: z.strictObject({
    student_id: ignored,
    student_name: ignored,
    credit: ignored,
    entry: ignored,
    lesson_mode: ignored,
    total_time: ignored,
    lesson_location: str(255).optional(),
    lesson_status: status12.optional(),
    exit: z.enum(['time-out', 'suspend', 'logout', '']).optional(),
    session_time: timespan12.optional(),
    score: score12.optional(),
  }),
  suspend_data: str(4096).optional(),
  launch_data: ignored,
  comments: str(4096).optional(),
  comments_from_lms: ignored,
  objectives: indexed(
    z.strictObject({ id: identifier12.optional(), score: score12.optional(), status: status12.optional() }),
  ),
  student_data: ignored,
  student_preference: z
    .strictObject({
      audio: z.union([blank, z.string().regex(/^-?\d+$/).refine((v) => Number(v) >= -1 && Number(v) <= 100, 'must be -1..100')]).optional(),
      language: str(255).optional(),
      speed: z.union([blank, z.string().regex(/^-?\d+$/).refine((v) => Number(v) >= -100 && Number(v) <= 100, 'must be -100..100')]).optional(),
      text: z.enum(['-1', '0', '1', '']).optional(),
    })
    .optional(),
  interactions: indexed(
    z.strictObject({
      id: identifier12.optional(),
      time: time12.optional(),
      type: z.enum(['true-false', 'choice', 'fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', '']).optional(),
      weighting: optDecimal.optional(),
      student_response: str(255).optional(),
      result: z.union([z.enum(['correct', 'wrong', 'unanticipated', 'neutral', '']), decimal]).optional(),
      latency: timespan12.optional(),
      objectives: indexed(z.strictObject({ id: identifier12.optional() })),
      correct_responses: indexed(z.strictObject({ pattern: str(255).optional() })),
    }),
  ),
});

// ---- SCORM 2004 ----------------------------------------------------------------------
const duration = z.union([blank, z.string().regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/, 'must be an ISO 8601 duration (e.g. PT1H5M)')]);
const time2004 = z.union([blank, z.string().regex(/^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}(\.\d{1,2})?)?)?(Z|[+-]\d{2}(:\d{2})?)?)?)?)?$/, 'must be a time (YYYY-MM-DDThh:mm:ss)')]);
const scaled = inRange(-1, 1);
const completion2004 = z.enum(['completed', 'incomplete', 'not attempted', 'unknown', '']);
const success2004 = z.enum(['passed', 'failed', 'unknown', '']);
const score2004 = z.strictObject({ scaled: scaled.optional(), raw: optDecimal.optional(), min: optDecimal.optional(), max: optDecimal.optional() });
const langString = (max: number) => str(max);

export const cmi2004Schema = z.strictObject({
  comments_from_learner: indexed(z.strictObject({ comment: langString(4000).optional(), location: str(250).optional(), timestamp: time2004.optional() })),
  comments_from_lms: ignored,
  completion_status: completion2004.optional(),
  completion_threshold: ignored,
  credit: ignored,
  entry: ignored,
  exit: z.enum(['time-out', 'suspend', 'logout', 'normal', '']).optional(),
  interactions: indexed(
    z.strictObject({
      id: identifier2004.optional(),
      type: z.enum(['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other', '']).optional(),
      objectives: indexed(z.strictObject({ id: identifier2004.optional() })),
      timestamp: time2004.optional(),
      weighting: optDecimal.optional(),
      learner_response: str(4000).optional(),
      result: z.union([z.enum(['correct', 'incorrect', 'unanticipated', 'neutral', '']), decimal]).optional(),
      latency: duration.optional(),
      description: langString(250).optional(),
      correct_responses: indexed(z.strictObject({ pattern: str(4000).optional() })),
    }),
  ),
  launch_data: ignored,
  learner_id: ignored,
  learner_name: ignored,
  learner_preference: z
    .strictObject({
      audio_level: optDecimal.optional(),
      language: str(250).optional(),
      delivery_speed: optDecimal.optional(),
      audio_captioning: z.enum(['-1', '0', '1', '']).optional(),
    })
    .optional(),
  location: str(1000).optional(),
  max_time_allowed: ignored,
  mode: ignored,
  objectives: indexed(
    z.strictObject({
      id: identifier2004.optional(),
      success_status: success2004.optional(),
      completion_status: completion2004.optional(),
      progress_measure: inRange(0, 1).optional(),
      description: langString(250).optional(),
      score: score2004.optional(),
    }),
  ),
  progress_measure: inRange(0, 1).optional(),
  scaled_passing_score: ignored,
  score: score2004.optional(),
  session_time: duration.optional(),
  success_status: success2004.optional(),
  suspend_data: str(64000).optional(),
  time_limit_action: ignored,
  total_time: ignored,
});

export type Cmi12 = z.infer<typeof cmi12Schema>;
export type Cmi2004 = z.infer<typeof cmi2004Schema>;

/** A commit from the player: the session it belongs to, its sequence number, the SCO's CMI. */
export function commitSchema(standard: '1.2' | '2004') {
  return z.strictObject({
    sessionId: z.string().uuid('must be the session id from the launch'),
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    terminated: z.boolean().default(false),
    /** 2004: the navigation request the SCO left in adl.nav.request, for the record. */
    navRequest: z.string().max(300).optional(),
    /** 2004 4th ed.: adl.data stores the SCO may write (targetID -> store), kept with the attempt. */
    adlData: z.record(z.string().min(1).max(4000), z.string().max(64000)).optional(),
    cmi: standard === '1.2' ? cmi12Schema : cmi2004Schema,
  });
}
