/**
 * SCORM 2004 sequencing and navigation on the server, by scorm-again's engine (the SN
 * book's overall sequencing process, rules, rollup, global objectives, limit conditions,
 * randomization), run headless: the LMS decides which SCO comes next, whether a choice is
 * allowed, and the course's rolled-up status, so a learner's browser cannot skip a
 * precondition. Each call restores the attempt's serialized engine state, acts, and the
 * caller stores `snapshot()` again.
 *
 * A SCO's end is replayed into the engine from its stored CMI (SetValue as the content
 * would, then Terminate with its navigation request): that is where scorm-again ends the
 * attempt, transfers the runtime data to the activity, writes objective maps, rolls up and
 * processes the request. Written over scorm-again's public Scorm2004API because the
 * engine's classes are not exported separately.
 */
import { Scorm2004API } from 'scorm-again';
import { applyBookFixes } from './engine-fixes.js';
import type { Selection } from './selection.js';
import type { ActivitySettings } from './sequencing-tree.js';

export type NavigationOutcome =
  | { kind: 'deliver'; itemId: string }
  | { kind: 'ended'; reason: string }
  | { kind: 'none' }
  | { kind: 'refused'; exception: string };

export interface ActivityStatus {
  completion: 'unknown' | 'not attempted' | 'incomplete' | 'completed';
  success: 'unknown' | 'passed' | 'failed';
  scoreScaled?: number;
}

type Tree = Record<string, unknown>;

/** The parts of scorm-again's Activity read to tell a rolled-up measure from none. */
interface EngineActivity {
  objectiveMeasureStatus: boolean;
  objectiveNormalizedMeasure: number | null;
  sequencingControls: { objectiveMeasureWeight: number };
  getAvailableChildren(): EngineActivity[];
}

interface EngineState {
  sequencing?: { currentActivity?: string | null; suspendedActivity?: string | null; contentDelivered?: boolean; activityStates?: Record<string, { isActive?: boolean }> };
}

function activeOf(state: EngineState): string | null {
  const s = state.sequencing;
  const current = s?.currentActivity ?? null;
  return current && s?.contentDelivered && s.activityStates?.[current]?.isActive ? current : null;
}

interface Events {
  delivered: string[];
  ended: string[];
  errors: string[];
}

type Mark = Record<keyof Events, number>;

/** An objective of an activity as the engine knows it (its own tracking, or read from a global objective). */
interface EngineObjective {
  id: string;
  satisfiedStatus: boolean;
  satisfiedStatusKnown: boolean;
  measureStatus: boolean;
  normalizedMeasure: number;
  rawScore: string;
  rawScoreKnown: boolean;
  minScore: string;
  minScoreKnown: boolean;
  maxScore: string;
  maxScoreKnown: boolean;
  progressMeasure: number;
  progressMeasureStatus: boolean;
  completionStatus: string;
  progressStatus: boolean;
}

/** What cmi.objectives.n holds for one objective (RTE 4.2.17), only the known parts. */
export interface ObjectiveValues {
  success_status?: 'passed' | 'failed';
  completion_status?: string;
  progress_measure?: string;
  score?: { scaled?: string; raw?: string; min?: string; max?: string };
}

function objectiveValues(o: EngineObjective): ObjectiveValues {
  const v: ObjectiveValues = {};
  if (o.satisfiedStatusKnown) v.success_status = o.satisfiedStatus ? 'passed' : 'failed';
  if (o.progressStatus && ['completed', 'incomplete', 'not attempted'].includes(o.completionStatus)) v.completion_status = o.completionStatus;
  if (o.progressMeasureStatus) v.progress_measure = String(o.progressMeasure);
  const score: NonNullable<ObjectiveValues['score']> = {};
  if (o.measureStatus) score.scaled = String(o.normalizedMeasure);
  if (o.rawScoreKnown && o.rawScore !== '') score.raw = String(o.rawScore);
  if (o.minScoreKnown && o.minScore !== '') score.min = String(o.minScore);
  if (o.maxScoreKnown && o.maxScore !== '') score.max = String(o.maxScore);
  if (Object.keys(score).length) v.score = score;
  return v;
}

/** Runtime values a SCO sets that the engine's end-of-attempt transfer reads. */
const SCALARS = ['completion_status', 'success_status', 'progress_measure', 'score.scaled', 'score.raw', 'score.min', 'score.max'];
const OBJECTIVE_SCALARS = ['success_status', 'completion_status', 'progress_measure', 'score.scaled', 'score.raw', 'score.min', 'score.max'];

function at(tree: unknown, path: string): unknown {
  let v: unknown = tree;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Tree)[part] : undefined;
  return v;
}

/** scorm-again writes some progress lines with console.debug whatever its log level: keep them out of the server log. */
function quietly<T>(fn: () => T): T {
  const debug = console.debug;
  console.debug = () => {};
  try {
    return fn();
  } finally {
    console.debug = debug;
  }
}

function present(v: unknown): v is string | number {
  return (typeof v === 'string' && v !== '' && v !== 'unknown') || (typeof v === 'number' && Number.isFinite(v));
}

export class Sequencer {
  #api: Scorm2004API;
  readonly #events: Events = { delivered: [], ended: [], errors: [] };
  readonly #tree: ActivitySettings;
  readonly #now: () => Date;

  /** The attempt's selection of children (kept with the attempt; see selection.ts). */
  readonly selection: Selection;

  private constructor(tree: ActivitySettings, state: string | undefined, now: () => Date, selection: Selection) {
    this.#tree = tree;
    this.selection = selection;
    this.#now = now;
    this.#api = this.#build(state);
  }

  #build(state: string | undefined): Scorm2004API {
    const events = this.#events;
    const api = new Scorm2004API({
      logLevel: 5,
      autocommit: false,
      lmsCommitUrl: false,
      sequencing: {
        activityTree: this.#tree,
        eventListeners: {
          onActivityDelivery: (a: { id: string }) => events.delivered.push(a.id),
          onSequencingSessionEnd: (d: { reason: string }) => events.ended.push(d.reason),
          onSequencingError: (e: string) => events.errors.push(e),
        },
      },
    } as never);
    api.getSequencingService()?.updateConfiguration({ now: this.#now });
    applyBookFixes(api.getSequencingService());
    if (state && !quietly(() => api.deserializeSequencingState(state))) throw new Error('The attempt’s sequencing state could not be restored');
    return api;
  }

  static open(tree: ActivitySettings, state?: string, now: () => Date = () => new Date(), selection: Selection = {}): Sequencer {
    return new Sequencer(tree, state, now, selection);
  }

  #process() {
    return this.#api.getSequencingService()?.getOverallSequencingProcess() ?? null;
  }

  /** The engine's state as data, read once per change (serializing it is the costly part). */
  #stateCache: EngineState | undefined;

  #state(): EngineState {
    return (this.#stateCache ??= JSON.parse(this.#api.serializeSequencingState()) as EngineState);
  }

  /** The activity delivered and not yet ended (a SCO whose session is or was running). */
  get activeItem(): string | null {
    return activeOf(this.#state());
  }

  /** activeItem read from a stored snapshot, without building an engine (a JSON parse). */
  static activeItemIn(state: string | undefined): string | null {
    return state ? activeOf(JSON.parse(state) as EngineState) : null;
  }

  /** The activity the learner was last in (ended or not), if any. */
  get currentItem(): string | null {
    return this.#state().sequencing?.currentActivity ?? null;
  }

  get suspendedItem(): string | null {
    return this.#state().sequencing?.suspendedActivity ?? null;
  }

  /** What the engine reported since `before` (event counts taken by #mark). */
  #outcome(before: Mark, accepted: boolean): NavigationOutcome {
    const delivered = this.#events.delivered.slice(before.delivered);
    const ended = this.#events.ended.slice(before.ended);
    const errors = this.#events.errors.slice(before.errors);
    if (delivered.length) return { kind: 'deliver', itemId: delivered[delivered.length - 1]! };
    if (ended.length) return { kind: 'ended', reason: ended[ended.length - 1]! };
    if (!accepted || errors.length) return { kind: 'refused', exception: errors[errors.length - 1] ?? 'not valid' };
    return { kind: 'none' };
  }

  #mark(): Mark {
    return { delivered: this.#events.delivered.length, ended: this.#events.ended.length, errors: this.#events.errors.length };
  }

  /** An LMS navigation request with no SCO running: start, resumeAll, continue, previous, choice, jump, exitAll... */
  navigate(request: string, target?: string): NavigationOutcome {
    const before = this.#mark();
    this.#stateCache = undefined;
    const accepted = quietly(() => this.#api.processNavigationRequest(request, target));
    return this.#outcome(before, accepted);
  }

  /**
   * The delivered SCO's session ended: its final CMI (as stored) goes into the engine and
   * `navRequest` (the SCO's adl.nav.request, or the LMS's own, '' for none) is processed.
   */
  endSco(cmi: Tree, navRequest: string, sessionTime?: string): NavigationOutcome {
    const api = this.#api;
    this.#stateCache = undefined;
    const before = this.#mark();
    const targeted = /^\{target=([^}]+)\}(choice|jump)$/.exec(navRequest);
    // The state before, for a targeted request that may have to be sequenced again (below).
    const saved = targeted ? api.serializeSequencingState() : undefined;
    if (api.Initialize('') !== 'true') return { kind: 'refused', exception: `initialize ${api.GetLastError()}` };
    for (const name of SCALARS) {
      const v = at(cmi, name);
      if (present(v)) api.SetValue(`cmi.${name}`, String(v));
    }
    const objectives = (cmi['objectives'] ?? {}) as Tree;
    const keys = Object.keys(objectives).filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b));
    for (const k of keys) {
      const o = objectives[k] as Tree;
      const id = o?.['id'];
      if (typeof id !== 'string' || id === '') continue;
      // Seeded objectives may sit at other indexes in this fresh API: find or add by id.
      let index = -1;
      const count = Number(api.GetValue('cmi.objectives._count')) || 0;
      for (let i = 0; i < count; i++) if (api.GetValue(`cmi.objectives.${i}.id`) === id) index = i;
      if (index < 0) {
        index = count;
        api.SetValue(`cmi.objectives.${index}.id`, id);
      }
      for (const name of OBJECTIVE_SCALARS) {
        const v = at(o, name);
        if (present(v)) api.SetValue(`cmi.objectives.${index}.${name}`, String(v));
      }
    }
    const exit = cmi['exit'];
    if (typeof exit === 'string' && exit !== '') api.SetValue('cmi.exit', exit);
    if (sessionTime) api.SetValue('cmi.session_time', sessionTime);
    if (navRequest && navRequest !== '_none_') api.SetValue('adl.nav.request', navRequest);
    const ok = quietly(() => api.Terminate('')) === 'true';
    // A terminated API instance takes no further navigation requests: carry on from its state in a fresh one.
    this.#api = this.#build(api.serializeSequencingState());
    const outcome = this.#outcome(before, ok);
    if (outcome.kind === 'refused' && targeted && saved && /^NB\.2\.1-/.test(outcome.exception)) {
      // scorm-again judged the choice before ending the SCO's attempt (a part this SCO's own
      // result unlocks was still disabled) and then ended nothing. OP.1 ends the attempt first
      // (termination request exit: results transferred, global objectives written, rollup) and
      // sequences the request after it: do that, from the state before.
      this.#api = this.#build(saved);
      this.#stateCache = undefined;
      const exited = this.endSco(cmi, '', sessionTime);
      if (exited.kind !== 'none') return exited;
      return this.navigate(targeted[2]!, targeted[1]!);
    }
    return outcome;
  }

  /** Whether a choice of each activity would be accepted now (the table of contents). */
  choosable(itemIds: string[]): Map<string, boolean> {
    const p = this.#process();
    return new Map(itemIds.map((id) => [id, p ? p.predictChoiceEnabled(id) : true]));
  }

  /**
   * Whether a jump to each activity would be delivered now (4th ed. adl.nav.request_valid.jump):
   * a jump bypasses control modes, so it is the Delivery Request Process's check (DB.1.1, UP.5
   * on every activity of the path: available, limit conditions, disabled rules).
   */
  jumpable(itemIds: string[]): Map<string, boolean> {
    type Node = { children: unknown[]; parent: Node | null };
    const overall = this.#process() as unknown as { deliveryValidator?: { checkActivity(a: unknown): boolean } } | null;
    const traversal = (this.#api.getSequencingService() as unknown as { sequencingProcess?: { traversalService?: { getActivityForEvaluation(a: unknown): unknown } } } | null)?.sequencingProcess?.traversalService;
    const tree = this.#engineTree();
    return new Map(
      itemIds.map((id) => {
        const target = tree?.getActivity(id) as Node | null | undefined;
        if (!target || !overall?.deliveryValidator || target.children.length > 0) return [id, false];
        let ok = true;
        for (let a: Node | null = target; a && ok; a = a.parent) ok = overall.deliveryValidator.checkActivity(traversal ? traversal.getActivityForEvaluation(a) : a);
        return [id, ok];
      }),
    );
  }

  get canContinue(): boolean {
    return this.#process()?.predictContinueEnabled() ?? false;
  }

  get canPrevious(): boolean {
    return this.#process()?.predictPreviousEnabled() ?? false;
  }

  status(activityId: string): ActivityStatus {
    const t = this.#api.getActivityTrackingData(activityId);
    if (!t) return { completion: 'unknown', success: 'unknown' };
    const completion = (['not attempted', 'incomplete', 'completed'] as const).find((c) => c === t.completionStatus) ?? 'unknown';
    const success = (['passed', 'failed'] as const).find((s) => s === t.successStatus) ?? 'unknown';
    const out: ActivityStatus = { completion, success };
    if (typeof t.score === 'number' && this.#measured(activityId)) out.scoreScaled = t.score;
    return out;
  }

  /**
   * Whether the activity really has a measure. scorm-again's measure rollup sets a parent's
   * measure status with 0 when its measured children all weigh 0; the SN book (RB.1.1) leaves
   * the measure unknown then (no counted weight).
   */
  #measured(activityId: string): boolean {
    const tree = (this.#api as unknown as { _sequencing?: { activityTree?: { getActivity(id: string): EngineActivity | null } } })._sequencing?.activityTree;
    const counted = (a: EngineActivity): boolean => {
      if (!a.objectiveMeasureStatus || a.objectiveNormalizedMeasure === null) return false;
      const children = a.getAvailableChildren();
      // A leaf's measure is the SCO's own score.
      return children.length === 0 || children.some((c) => c.sequencingControls.objectiveMeasureWeight > 0 && counted(c));
    };
    const activity = tree?.getActivity(activityId);
    return activity ? counted(activity) : true;
  }

  /**
   * The activity's objectives by id with what is known of them, global objectives read
   * through its maps included (SN 4th ed. mapInfo read*): what the SCO delivered for it
   * finds in cmi.objectives (RTE 4.2.17).
   */
  objectives(activityId: string): Record<string, ObjectiveValues> {
    const activity = this.#engineTree()?.getActivity(activityId) as { getAllObjectives?(): EngineObjective[] } | null | undefined;
    const out: Record<string, ObjectiveValues> = {};
    for (const o of activity?.getAllObjectives?.() ?? []) {
      const v = objectiveValues(o);
      if (o.id && Object.keys(v).length) out[o.id] = v;
    }
    return out;
  }

  #engineTree(): { getActivity(id: string): unknown } | undefined {
    return (this.#api as unknown as { _sequencing?: { activityTree?: { getActivity(id: string): unknown } } })._sequencing?.activityTree;
  }

  /** The course: the root activity after rollup. */
  rootStatus(): ActivityStatus {
    return this.status(this.#tree.id);
  }

  snapshot(): string {
    return this.#api.serializeSequencingState();
  }
}
