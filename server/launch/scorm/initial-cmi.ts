/**
 * The CMI data a SCO session starts with (loaded into scorm-again with loadFromJSON before
 * the SCO calls Initialize): what the SCO stored before, plus the values the LMS owns,
 * such as entry, credit, mode, the learner, total time and the manifest's mastery score.
 */
import type { ScormItem, Sequencing } from '../../content/manifest/scorm.js';
import { effectiveSequencing } from './sequencing-tree.js';
import { formatDuration, formatTimespan, type ScormStandard } from './cmi-status.js';

type Tree = Record<string, any>;

/** Drops empty strings and empty objects: scorm-again refuses '' for typed elements on load. */
export function pruneEmpty(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value === '' ? undefined : value;
  const out: Tree = {};
  for (const [k, v] of Object.entries(value as Tree)) {
    const p = pruneEmpty(v);
    if (p !== undefined && !(typeof p === 'object' && p !== null && Object.keys(p).length === 0)) out[k] = p;
  }
  return out;
}

/** SCORM 1.2 and 2004 want the learner's name as "Last, First". */
export function scormName(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return name.trim();
  const last = parts.pop()!;
  return `${last}, ${parts.join(' ')}`;
}

/** Elements the LMS owns: never stored from a commit, always set by the LMS on launch. */
const LMS_OWNED_12 = { root: ['launch_data', 'comments_from_lms', 'student_data'], core: ['student_id', 'student_name', 'credit', 'entry', 'lesson_mode', 'total_time'] };
const LMS_OWNED_2004 = ['comments_from_lms', 'completion_threshold', 'credit', 'entry', 'launch_data', 'learner_id', 'learner_name', 'max_time_allowed', 'mode', 'scaled_passing_score', 'time_limit_action', 'total_time'];

export function withoutLmsOwned(standard: ScormStandard, cmi: Tree): Tree {
  const copy: Tree = structuredClone(cmi);
  if (standard === '1.2') {
    for (const k of LMS_OWNED_12.root) delete copy[k];
    for (const k of LMS_OWNED_12.core) delete copy.core?.[k];
  } else {
    for (const k of LMS_OWNED_2004) delete copy[k];
  }
  return copy;
}

/**
 * The objective IDs the manifest declares for an item (primary first, then the others; a
 * shared definition through IDRef included). SCORM 2004 RTE 4.2.17: cmi.objectives starts
 * with them, so a SCO that looks up its declared objectives by id finds them.
 */
export function declaredObjectiveIds(item: ScormItem, collection: Record<string, Sequencing>): string[] {
  const objectives = effectiveSequencing(item.sequencing, collection)?.objectives;
  const ids = [objectives?.primary?.objectiveID, ...(objectives?.secondary ?? []).map((o) => o.objectiveID)];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== ''))];
}

/**
 * The stored objectives with every declared id present (appended in order when missing),
 * and what the sequencing knows of each (read from global objectives) written over them.
 */
function withDeclaredObjectives(stored: Tree | undefined, ids: string[], known: Record<string, Tree>): Tree | undefined {
  const all = [...new Set([...ids, ...Object.keys(known)])];
  if (all.length === 0) return stored;
  const out: Tree = { ...(stored ?? {}) };
  const present = new Set(Object.values(out).map((o: Tree) => o?.id));
  let next = Object.keys(out).filter((k) => /^\d+$/.test(k)).length;
  for (const id of all) if (!present.has(id)) out[String(next++)] = { id };
  for (const [k, o] of Object.entries(out)) {
    const values = known[(o as Tree)?.id];
    if (!values) continue;
    out[k] = { ...(o as Tree), ...values, ...(values.score ? { score: { ...((o as Tree).score ?? {}), ...values.score } } : {}) };
  }
  return out;
}

export function initialCmi(input: {
  standard: ScormStandard;
  stored: Tree;
  user: { id: string; name: string };
  item: ScormItem;
  entry: string;
  totalSeconds: number;
  /** SCORM 2004: objective IDs the manifest declares for the item (cmi.objectives starts with them) */
  objectiveIds?: string[];
  /** SCORM 2004: objective id -> values the sequencing knows (its own, or read from global objectives) */
  objectiveValues?: Record<string, Tree>;
}): Tree {
  const stored = (pruneEmpty(input.stored) ?? {}) as Tree;
  const { item } = input;
  if (input.standard === '1.2') {
    const core: Tree = { ...(stored.core ?? {}) };
    delete core.exit;
    delete core.session_time;
    return pruneEmpty({
      ...stored,
      core: {
        ...core,
        student_id: input.user.id,
        student_name: scormName(input.user.name),
        credit: 'credit',
        lesson_mode: 'normal',
        lesson_status: core.lesson_status ?? 'not attempted',
        entry: input.entry,
        total_time: formatTimespan(input.totalSeconds),
      },
      launch_data: item.dataFromLMS ?? '',
      student_data: {
        mastery_score: item.masteryScore !== undefined ? String(item.masteryScore) : '',
        max_time_allowed: item.maxTimeAllowed ?? '',
        time_limit_action: item.timeLimitAction ?? '',
      },
    }) as Tree;
  }
  const cmi: Tree = { ...stored };
  const objectives = withDeclaredObjectives(stored.objectives, input.objectiveIds ?? [], input.objectiveValues ?? {});
  if (objectives) cmi.objectives = objectives;
  delete cmi.exit;
  delete cmi.session_time;
  return pruneEmpty({
    ...cmi,
    learner_id: input.user.id,
    learner_name: scormName(input.user.name),
    credit: 'credit',
    mode: 'normal',
    entry: input.entry,
    total_time: formatDuration(input.totalSeconds),
    completion_threshold: item.completionThreshold !== undefined ? String(item.completionThreshold) : '',
    scaled_passing_score: item.scaledPassingScore !== undefined ? String(item.scaledPassingScore) : '',
    launch_data: item.dataFromLMS ?? '',
    max_time_allowed: item.attemptAbsoluteDurationLimit ?? '',
    time_limit_action: item.timeLimitAction ?? '',
  }) as Tree;
}
