/**
 * What a SCORM 2004 attempt keeps of its sequencing between requests, and how the launch
 * service reads it: the engine state, the outcome of the last navigation (the SCO to
 * deliver next, or why the session ended), which activities a choice may open now, and
 * whether continue / previous are allowed. Stored on the attempt so the table of
 * contents needs no engine run on every commit.
 */
import type { ScormPackage } from '../../content/manifest/scorm.js';
import type { NavigationOutcome, Sequencer } from './sequencer.js';
import { buildActivityTree, type ActivitySettings } from './sequencing-tree.js';
import { drawSelection, withSelection, type Selection } from './selection.js';
import { flattenItems, launchableItems } from './structure.js';
import type { CourseState } from './statements.js';

export interface SequencingRecord {
  /** scorm-again's serialized engine state. */
  state: string;
  /** Outcome of the last navigation request; `deliver` until that SCO's session is opened. */
  next?: NavigationOutcome;
  /** Activity id -> whether a choice of it would be accepted now. */
  available: Record<string, boolean>;
  canContinue: boolean;
  canPrevious: boolean;
  /** Activity id -> whether a jump to it would be delivered now (absent on records from before it). */
  jumpable?: Record<string, boolean>;
  /** The children selected and ordered for this attempt (SR.1, SR.2); absent on attempts from before it. */
  selection?: Selection;
}

const trees = new Map<string, ActivitySettings>();

/** The activity tree of one package version (built once per process). */
export function activityTreeFor(versionKey: string, structure: ScormPackage): ActivitySettings {
  let tree = trees.get(versionKey);
  if (!tree) {
    tree = buildActivityTree(structure);
    if (trees.size > 500) trees.clear();
    trees.set(versionKey, tree);
  }
  return tree;
}

/**
 * The activity tree an attempt's engine runs on: the version's tree with the attempt's
 * selection applied. A new attempt (no record yet) draws its selection here.
 */
export function attemptTree(versionKey: string, structure: ScormPackage, record: SequencingRecord | undefined): { tree: ActivitySettings; selection: Selection } {
  const full = activityTreeFor(versionKey, structure);
  const selection = record ? (record.selection ?? {}) : drawSelection(full);
  return { tree: withSelection(full, selection), selection };
}

export function recordOf(seq: Sequencer, structure: ScormPackage, next: NavigationOutcome | undefined, selection: Selection): SequencingRecord {
  const ids = launchableItems(structure).map((i) => i.identifier);
  // After the end of the sequencing session (end of course, exitAll) nothing is before or after
  // until a new start; scorm-again still predicts from the last activity.
  const over = next?.kind === 'ended';
  const record: SequencingRecord = {
    state: seq.snapshot(),
    available: Object.fromEntries(seq.choosable(ids)),
    canContinue: !over && seq.canContinue,
    canPrevious: !over && seq.canPrevious,
    jumpable: Object.fromEntries(seq.jumpable(ids)),
  };
  if (Object.keys(selection).length) record.selection = selection;
  if (next) record.next = next;
  return record;
}

/**
 * The parts of a SCO's CMI the sequencing reads when its attempt ends (what a preview depends
 * on). The progress measure counts only in a course that completes anything by measure
 * (adlcp:completionThreshold): elsewhere no rule or rollup reads it, and a SCO that reports
 * its progress on every page would re-run the engine for nothing.
 */
export function trackedPart(cmi: Record<string, unknown>, readsProgress: boolean): string {
  const { completion_status, success_status, progress_measure, score, objectives } = cmi;
  return JSON.stringify([completion_status, success_status, readsProgress ? progress_measure : null, score, objectives]);
}

/** Whether any activity of the course is completed by its progress measure (what makes trackedPart read it). */
export function readsProgress(structure: ScormPackage): boolean {
  return flattenItems(structure).some(({ item: i }) => i.completionThreshold !== undefined || i.completionThresholdSettings?.completedByMeasure === true);
}

/**
 * adl.nav.request_valid.* (and the player's controls) while a SCO runs, answered live: what
 * the sequencing would allow if the SCO's attempt ended now with the data it has committed
 * (its results transferred, global objectives written, rolled up). Worked out on a throwaway
 * engine: the stored state is unchanged until the SCO really ends.
 */
export function livePredictions(preview: Sequencer, structure: ScormPackage, record: SequencingRecord, cmi: Record<string, unknown>): SequencingRecord {
  const { exit: _exit, ...data } = cmi;
  const outcome = preview.endSco(data, '');
  if (outcome.kind === 'refused') return record;
  const ids = launchableItems(structure).map((i) => i.identifier);
  return { ...record, available: Object.fromEntries(preview.choosable(ids)), jumpable: Object.fromEntries(preview.jumpable(ids)), canContinue: preview.canContinue, canPrevious: preview.canPrevious };
}

/** Whether two records offer the same requests (the predictions; the engine state aside). */
export function samePredictions(a: SequencingRecord, b: SequencingRecord): boolean {
  const offered = (r: SequencingRecord) => JSON.stringify([r.available, r.jumpable ?? {}, r.canContinue, r.canPrevious]);
  return offered(a) === offered(b);
}

/**
 * The course from the root activity's rollup. scorm-again's rollup takes an unknown
 * "satisfied" as false (the SN book keeps it unknown), so a root "not satisfied" is only
 * believed once the course is complete and some activity really failed.
 */
export function courseStateOf(seq: Sequencer, leafIds: string[]): CourseState {
  const root = seq.rootStatus();
  const completion = root.completion === 'unknown' ? 'not attempted' : root.completion;
  const failedSomewhere = () => leafIds.some((id) => seq.status(id).success === 'failed');
  const success = root.success === 'failed' && (completion !== 'completed' || !failedSomewhere()) ? 'unknown' : root.success;
  const state: CourseState = { completion, success };
  if (root.scoreScaled !== undefined) state.scoreScaled = root.scoreScaled;
  return state;
}

/** A human reading of a refused navigation request (scorm-again reports SN book exception codes). */
export function refusalMessage(exception: string): string {
  if (/^SB\.2\.2-|^SB\.2\.3-|^SB\.2\.7-|^SB\.2\.8-/.test(exception)) return 'there is nothing further in that direction';
  if (/^NB\.2\.1-11|^SB\.2\.9-/.test(exception)) return 'that part is not available yet (the course sets conditions on it)';
  if (/^SB\.2\.1-/.test(exception)) return 'moving that way is not allowed in this course';
  return `the course's sequencing rules refuse it (${exception})`;
}
