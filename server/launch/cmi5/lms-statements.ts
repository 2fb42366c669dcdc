/**
 * The statements the LMS itself issues for cmi5 (9.3.1 launched, 9.3.6 abandoned,
 * 9.3.7 waived, 9.3.9 satisfied): each carries the cmi5 category, the session id, the
 * registration, and the publisher id in `grouping` (9.6.2.3-2).
 */
import { randomUUID } from 'node:crypto';
import { CMI5 } from '../../../lrs/index.js';
import { VERBS, type LearnerAgent } from '../../learning-record/identity.js';

const EXT = {
  launchMode: 'https://w3id.org/xapi/cmi5/context/extensions/launchmode',
  launchUrl: 'https://w3id.org/xapi/cmi5/context/extensions/launchurl',
  moveOn: 'https://w3id.org/xapi/cmi5/context/extensions/moveon',
  launchParameters: 'https://w3id.org/xapi/cmi5/context/extensions/launchparameters',
  reason: 'https://w3id.org/xapi/cmi5/result/extensions/reason',
} as const;

export const ACTIVITY_TYPES = {
  course: 'https://w3id.org/xapi/cmi5/activitytype/course',
  block: 'https://w3id.org/xapi/cmi5/activitytype/block',
} as const;

interface Base {
  actor: LearnerAgent;
  registration: string;
  sessionId: string;
  publisherId: string;
  timestamp: Date;
}

function statement(b: Base, verb: string, display: string, object: object, extra: { result?: object; extensions?: Record<string, unknown>; moveOn?: boolean } = {}) {
  const category: { objectType: string; id: string }[] = [{ objectType: 'Activity', id: CMI5.categoryCmi5 }];
  if (extra.moveOn) category.push({ objectType: 'Activity', id: CMI5.categoryMoveOn });
  return {
    id: randomUUID(),
    timestamp: b.timestamp.toISOString(),
    actor: b.actor,
    verb: { id: verb, display: { 'en-US': display } },
    object: { objectType: 'Activity', ...object },
    ...(extra.result ? { result: extra.result } : {}),
    context: {
      registration: b.registration,
      contextActivities: { category, grouping: [{ objectType: 'Activity', id: b.publisherId }] },
      extensions: { [CMI5.extSessionId]: b.sessionId, ...(extra.extensions ?? {}) },
    },
  };
}

export function launchedStatement(
  b: Base & { auActivityId: string; launchMode: string; launchUrl: string; moveOn: string; masteryScore?: number; launchParameters?: string },
) {
  const extensions: Record<string, unknown> = { [EXT.launchMode]: b.launchMode, [EXT.launchUrl]: b.launchUrl, [EXT.moveOn]: b.moveOn };
  if (b.masteryScore !== undefined) extensions[CMI5.extMasteryScore] = b.masteryScore;
  if (b.launchParameters !== undefined) extensions[EXT.launchParameters] = b.launchParameters;
  return statement(b, VERBS.launched, 'launched', { id: b.auActivityId }, { extensions });
}

export function satisfiedStatement(b: Base & { activityId: string; type: 'course' | 'block'; title?: Record<string, string> }) {
  const definition: Record<string, unknown> = { type: ACTIVITY_TYPES[b.type] };
  if (b.title && Object.keys(b.title).length) definition.name = b.title;
  return statement(b, VERBS.satisfied, 'satisfied', { id: b.activityId, definition });
}

/** Duration as ISO 8601 seconds (cmi5 9.5.4.2: launch to the AU's last statement). */
export function isoDuration(ms: number): string {
  return `PT${Math.max(0, Math.round(ms / 10)) / 100}S`;
}

export function abandonedStatement(b: Base & { auActivityId: string; durationMs: number }) {
  return statement(b, VERBS.abandoned, 'abandoned', { id: b.auActivityId }, { result: { duration: isoDuration(b.durationMs) } });
}

export const WAIVE_REASONS = ['Tested Out', 'Equivalent AU', 'Equivalent Outside Activity', 'Administrative'] as const;
export type WaiveReason = (typeof WAIVE_REASONS)[number];

export function waivedStatement(b: Base & { auActivityId: string; reason: WaiveReason }) {
  return statement(b, VERBS.waived, 'waived', { id: b.auActivityId }, { result: { success: true, completion: true, extensions: { [EXT.reason]: b.reason } }, moveOn: true });
}
