/**
 * Launching courses and running SCORM attempts: which attempt a launch continues or
 * starts, the SCO sessions within it, CMI commits (validated, stored, turned into xAPI
 * statements), and each learner's status per course. Plain functions over plain data;
 * the routes call them, the clock is passed in.
 */
import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import type { ContentModels, ContentPackageDoc, PackageVersionDoc } from '../content/package-model.js';
import type { ContentUrls } from '../content/content-urls.js';
import type { ScormItem, ScormPackage, SharedDataMap } from '../content/manifest/scorm.js';
import { ConflictError, HttpError, NotFoundError, ValidationError } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import { learnerAgent, packageActivityId, scoActivityId } from '../learning-record/identity.js';
import type { AttemptDoc, Completion, ScoRecord, SessionRecord, Success } from './attempt-model.js';
import { launchExternal, type ExternalLaunchDeps } from './external-launchers.js';
import { commitSchema } from './scorm/cmi-schema.js';
import { attemptTree, courseStateOf, livePredictions, readsProgress, recordOf, refusalMessage, samePredictions, trackedPart, type SequencingRecord } from './scorm/course-sequencing.js';
import { Sequencer, type NavigationOutcome } from './scorm/sequencer.js';
import { interactionsOf, summarize, type ScormStandard } from './scorm/cmi-status.js';
import { declaredObjectiveIds, initialCmi, withoutLmsOwned } from './scorm/initial-cmi.js';
import { deriveCourseStatements, deriveScoStatements, launchedStatement, type CourseState, type ScoStatementContext } from './scorm/statements.js';
import { prerequisitesMet } from './scorm/prerequisites.js';
import { flattenItems, launchableItems, scoItems, sharedDataIsGlobal, tableOfContents, type TocEntry } from './scorm/structure.js';

export interface LaunchUser {
  id: string;
  name: string;
  email: string;
}

type StatementWriter = (statements: object[]) => Promise<string[]>;

export interface LaunchServiceOptions {
  attempts: Model<AttemptDoc>;
  content: ContentModels;
  contentUrls: ContentUrls;
  /** The LMS's own statement writer (runtime.lrs.internalWriter('lms')). */
  writer: () => Promise<StatementWriter>;
  publicUrl: string;
  now?: () => Date;
  onOutboxError?: (err: unknown, attemptId: string) => void;
  /** Status of cmi5 / xAPI courses for the Courses list (they have no SCORM attempts). */
  externalStatus?: (userId: string, pkgs: { id: string; kind: string; identity: string }[]) => Promise<Map<string, 'in_progress' | 'completed'>>;
}

export interface ScoSessionView {
  sessionId: string;
  itemId: string;
  title: string;
  entry: string;
  /** Loaded into scorm-again before the SCO initialises. */
  cmi: Record<string, unknown>;
  /** The SCORM launch page on the content origin. */
  url: string;
  /** SCORM 2004 adlnav:presentation hideLMSUI: the player controls this SCO hides. */
  hideLmsUi?: string[];
  /** SCORM 2004 4th ed. adl.data: the SCO's maps (adlcp:map) and the attempt's stores it maps to. */
  sharedData?: { maps: SharedDataMap[]; stores: Record<string, string> };
}

export interface TocItemView extends TocEntry {
  completion: Completion;
  success: Success;
  /** SCORM 2004: whether the course's sequencing lets the learner choose it now. */
  available: boolean;
}

/** Which LMS navigation controls the sequencing allows now (SCORM 2004). */
export interface NavigationView {
  continue: boolean;
  previous: boolean;
  /** SCORM 2004 4th ed.: item id -> whether a jump to it would be delivered now. */
  jump?: Record<string, boolean>;
}

/** What the player does after a SCO: open the next one, or the session ended (why), or wait for the learner. */
export type NextView = { kind: 'deliver'; itemId: string } | { kind: 'ended'; reason: string } | { kind: 'none' } | { kind: 'refused'; message: string };

/** How the learner asks to move within a SCORM attempt. */
export type SessionRequest = { itemId?: string; request?: 'continue' | 'previous' };

export interface LaunchDescriptor {
  attemptId: string;
  registration: string;
  kind: string;
  version: number;
  attemptNumber: number;
  title: string;
  url: string;
  launchMethod: 'iframe' | 'new-window';
  contentOrigin?: string;
  scorm?: { standard: ScormStandard; commitUrl: string; session: ScoSessionView };
  toc?: TocItemView[];
  navigation?: NavigationView;
  /** cmi5: the AU launched and every AU of the course (satisfied or not), to choose from. */
  itemId?: string;
  parts?: { itemId: string; title: string; satisfied: boolean }[];
}

export interface SessionAnswer {
  url?: string;
  scorm?: { standard: ScormStandard; commitUrl: string; session: ScoSessionView };
  /** Set when no SCO was opened: the sequencing session ended, or nothing follows. */
  ended?: string;
  toc: TocItemView[];
  navigation?: NavigationView;
}

export interface CourseView {
  packageId: string;
  title: string;
  kind: string;
  status: 'not_started' | 'in_progress' | 'completed' | 'passed' | 'failed';
  scoreScaled?: number;
  attemptNumber?: number;
  attemptId?: string;
  updatedAt?: string;
}

const standardOf = (kind: string): ScormStandard => (kind === 'scorm12' ? '1.2' : '2004');
const isScorm = (kind: string) => kind === 'scorm12' || kind === 'scorm2004';

function nextView(o: NavigationOutcome | undefined): NextView {
  if (!o) return { kind: 'none' };
  return o.kind === 'refused' ? { kind: 'refused', message: refusalMessage(o.exception) } : o;
}

/**
 * SCORM 2004 attempts run on the sequencing engine; those begun before it existed (sessions
 * but no engine state) keep the flat SCO list and roll-up, rather than restart mid-way.
 */
function sequenced(a: AttemptDoc): boolean {
  return a.kind === 'scorm2004' && (!!a.sequencing || a.sessions.length === 0);
}

function sequencedAnswer(a: AttemptDoc): { next: NextView; navigation?: NavigationView } {
  return a.sequencing ? { next: nextView(a.sequencing.next), navigation: navigationOf(a)! } : { next: { kind: 'none' } };
}

function navigationOf(a: AttemptDoc): NavigationView | undefined {
  if (!a.sequencing) return undefined;
  const { canContinue, canPrevious, jumpable } = a.sequencing;
  return { continue: canContinue, previous: canPrevious, ...(jumpable ? { jump: jumpable } : {}) };
}

/** A SCO's stored CMI as it should end when its session was never terminated: suspended unless done. */
function suspendedCmi(sco: ScoRecord): Record<string, unknown> {
  const done = sco.completion === 'completed';
  return done || sco.cmi['exit'] ? sco.cmi : { ...sco.cmi, exit: 'suspend' };
}

function emptySco(itemId: string): ScoRecord {
  return { itemId, cmi: {}, completion: 'not attempted', success: 'unknown', lastExit: '', totalSeconds: 0, sessions: 0 };
}

/** The course from its SCOs: a single SCO's own status, several rolled up (all completed; any failed fails). */
export function rollup(scos: ScoRecord[], scoIds: string[]): CourseState {
  const records = scoIds.map((id) => scos.find((s) => s.itemId === id) ?? emptySco(id));
  if (records.length === 0) return { completion: 'unknown', success: 'unknown' };
  const completion: Completion = records.every((r) => r.completion === 'completed')
    ? 'completed'
    : records.some((r) => r.completion !== 'not attempted')
      ? 'incomplete'
      : 'not attempted';
  const success: Success = records.some((r) => r.success === 'failed') ? 'failed' : records.some((r) => r.success === 'passed') ? 'passed' : 'unknown';
  const scores = records.map((r) => r.scoreScaled).filter((s): s is number => s !== undefined);
  const state: CourseState = { completion, success };
  if (scores.length) state.scoreScaled = Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10000) / 10000;
  return state;
}

/**
 * A finished attempt is left alone: the next launch ("Take again") starts a new one. Whatever
 * a SCO's last exit was: much real content exits with `suspend` on every unload, done or not,
 * and resuming a completed attempt let a retake rewrite its result.
 */
export function attemptIsFinished(a: Pick<AttemptDoc, 'completion' | 'state'>): boolean {
  return a.state === 'closed' || a.completion === 'completed';
}

/** The course's new state, except that a pass stands for the rest of the attempt (and a completion stays). */
export function settled(before: CourseState, after: CourseState): CourseState {
  if (before.success === 'passed' && before.completion === 'completed') return before;
  return before.completion === 'completed' ? { ...after, completion: 'completed' } : after;
}

/** A closed attempt (a newer one was started) takes no more sessions or commits: its record is final. */
function assertOpen(a: AttemptDoc): void {
  if (a.state === 'closed') throw new HttpError(409, 'attempt_closed', 'This attempt is finished and a newer one has started; launch the course again to continue', 'attemptId');
}

/** SCORM entry for a new session of a SCO: ab-initio the first time, resume after a suspend. */
export function entryFor(standard: ScormStandard, sco: ScoRecord): string {
  if (sco.sessions === 0) return 'ab-initio';
  if (sco.lastExit === 'suspend' || (standard === '2004' && sco.lastExit === 'logout')) return 'resume';
  return '';
}

export function createLaunchService(opts: LaunchServiceOptions) {
  const { attempts, content } = opts;
  const now = opts.now ?? (() => new Date());
  // One writer for the process (resolving it looks up the internal LRS client).
  let writer: Promise<StatementWriter> | undefined;
  const getWriter = () => (writer ??= opts.writer().catch((err) => {
    writer = undefined;
    throw err;
  }));

  async function loadPackage(packageId: string): Promise<ContentPackageDoc> {
    const pkg = /^[0-9a-f]{24}$/i.test(packageId) ? await content.packages.findById(packageId).lean<ContentPackageDoc>().exec() : null;
    if (!pkg) throw new NotFoundError('Package');
    return pkg;
  }

  async function loadVersion(pkg: ContentPackageDoc, version: number): Promise<PackageVersionDoc> {
    const v = await content.versions.findOne({ packageId: pkg._id, version }).lean<PackageVersionDoc>().exec();
    if (!v) throw new NotFoundError(`Version ${version} of the package`);
    return v;
  }

  async function loadOwnAttempt(user: LaunchUser, attemptId: string): Promise<AttemptDoc> {
    const a = await attempts.findById(attemptId).lean<AttemptDoc>().exec();
    // Someone else's attempt is "not found": its id says nothing to them.
    if (!a || a.userId !== user.id) throw new NotFoundError('Attempt');
    return a;
  }

  function statementContext(user: LaunchUser, pkg: ContentPackageDoc, a: AttemptDoc) {
    const homePage = opts.publicUrl;
    return {
      actor: learnerAgent({ id: user.id, name: user.name }, homePage),
      registration: a.registration,
      attemptId: a._id,
      course: { id: packageActivityId(pkg, homePage), title: pkg.title },
      timestamp: now().toISOString(),
    };
  }

  function scoContext(base: ReturnType<typeof statementContext>, item: ScormItem, sessionId: string): ScoStatementContext {
    return { ...base, sco: { id: scoActivityId(base.course.id, item.identifier), itemId: item.identifier, title: item.title }, sessionId };
  }

  /**
   * Ids of outbox statements this process has written to the LRS. The outbox is pruned of
   * them at the attempt's next save rather than by a write of its own (one journal sync
   * less per commit); after a restart they are simply sent again, which the LRS takes as
   * the no-op repeat of an identical statement.
   */
  const written = new Set<string>();
  const pending = (outbox: object[]) => outbox.filter((s) => !written.has((s as { id: string }).id));

  /** Writes the attempt's statements not yet in the LRS. */
  async function flushOutbox(attemptId: string, known?: AttemptDoc): Promise<void> {
    const a = known ?? (await attempts.findById(attemptId).lean<AttemptDoc>().exec());
    const todo = a ? pending(a.outbox) : [];
    if (todo.length === 0) return;
    try {
      const write = await getWriter();
      // The LRS takes ownership of the objects it stores: hand it copies.
      await write(structuredClone(todo));
      if (written.size > 100_000) written.clear(); // a bound; forgetting only means a harmless resend
      for (const s of todo) written.add((s as { id: string }).id);
    } catch (err) {
      // Kept in the outbox: the next commit of this attempt tries again.
      opts.onOutboxError?.(err, attemptId);
    }
  }

  async function save(a: AttemptDoc, set: Partial<AttemptDoc>): Promise<AttemptDoc> {
    if (set.outbox) {
      const kept = pending(set.outbox);
      for (const s of set.outbox) written.delete((s as { id: string }).id);
      set = { ...set, outbox: kept };
    }
    const updated = await attempts
      .findOneAndUpdate({ _id: a._id, rev: a.rev }, { $set: set, $inc: { rev: 1 } }, { returnDocument: 'after' })
      .lean<AttemptDoc>()
      .exec();
    if (!updated) throw new ConflictError('The attempt changed meanwhile; send the commit again', 'seq');
    return updated;
  }

  async function newAttempt(user: LaunchUser, pkg: ContentPackageDoc, previous: AttemptDoc | null): Promise<AttemptDoc> {
    if (previous && previous.state === 'open') await attempts.updateOne({ _id: previous._id }, { $set: { state: 'closed' } }).exec();
    const sharedData = await carriedSharedData(pkg, previous);
    const id = randomUUID();
    const doc = await attempts.create({
      _id: id,
      registration: randomUUID(),
      userId: user.id,
      packageId: pkg._id.toHexString(),
      version: pkg.currentVersion,
      kind: pkg.kind,
      number: (previous?.number ?? 0) + 1,
      state: 'open',
      scos: [],
      sessions: [],
      completion: 'not attempted',
      success: 'unknown',
      outbox: [],
      rev: 0,
      ...(sharedData ? { sharedData } : {}),
    });
    return doc.toObject() as AttemptDoc;
  }

  /**
   * The shared data stores a new attempt starts with: the previous attempt's, when the course
   * keeps them global to the system (sharedDataGlobalToSystem, true unless "false"); kept per
   * learner and package, since each attempt hands them to the next.
   */
  async function carriedSharedData(pkg: ContentPackageDoc, previous: AttemptDoc | null): Promise<Record<string, string> | undefined> {
    if (pkg.kind !== 'scorm2004' || !previous?.sharedData || Object.keys(previous.sharedData).length === 0) return undefined;
    const structure = (await loadVersion(pkg, pkg.currentVersion)).structure as ScormPackage;
    return sharedDataIsGlobal(structure) ? previous.sharedData : undefined;
  }

  async function latestAttempt(userId: string, packageId: string): Promise<AttemptDoc | null> {
    return attempts.findOne({ userId, packageId }).sort({ number: -1 }).lean<AttemptDoc>().exec();
  }

  function tocOf(structure: ScormPackage, a: AttemptDoc): TocItemView[] {
    const open12 = a.kind === 'scorm12' ? prerequisitesOpen(structure, a) : null;
    return tableOfContents(structure).map((e) => {
      const sco = a.scos.find((s) => s.itemId === e.itemId);
      const available = e.launchable && (open12 ? open12(e.itemId) : (a.sequencing?.available[e.itemId] ?? true));
      return { ...e, completion: sco?.completion ?? 'not attempted', success: sco?.success ?? 'unknown', available };
    });
  }

  /** Starts a session of one SCO: its entry, its starting CMI, a capability URL, a `launched` statement. */
  async function openSession(
    user: LaunchUser,
    pkg: ContentPackageDoc,
    a: AttemptDoc,
    structure: ScormPackage,
    item: ScormItem,
    extra: { set?: Partial<AttemptDoc>; statements?: object[] } = {},
  ): Promise<{ attempt: AttemptDoc; session: ScoSessionView }> {
    const standard = standardOf(a.kind);
    const known = extra.set?.scos ?? a.scos;
    const sco = known.find((s) => s.itemId === item.identifier) ?? emptySco(item.identifier);
    const entry = entryFor(standard, sco);
    const session: SessionRecord = { id: randomUUID(), itemId: item.identifier, entry, seq: 0, seconds: 0, initialized: false, terminated: false, startedAt: now() };
    const asset = item.scormType === 'asset';
    // An asset never calls the API: its delivery is all there is, so it is completed on delivery
    // (SCORM 1.2: launched means completed; 2004: the LMS sets attempted and completed for non-communicative content).
    const opened = (s: ScoRecord): ScoRecord => ({ ...s, sessions: s.sessions + 1, ...(asset ? { completion: 'completed' as const, lastExit: '' } : {}) });
    const scos = known.some((s) => s.itemId === sco.itemId) ? known.map((s) => (s.itemId === sco.itemId ? opened(s) : s)) : [...known, opened({ ...sco, sessions: 0 })];
    if (asset) Object.assign(session, { initialized: true, terminated: true });
    const launched = launchedStatement(scoContext(statementContext(user, pkg, a), item, session.id));
    const earlier = extra.set?.sessions ?? a.sessions;
    const set: Partial<AttemptDoc> = { ...extra.set, scos, sessions: [...earlier, session] };
    const statements = [...(extra.statements ?? []), launched];
    if (asset) {
      const course = assetDelivered(user, pkg, a, structure, item, set);
      Object.assign(set, course.set);
      statements.push(...course.statements);
    }
    const saved = await save(a, { ...set, outbox: [...a.outbox, ...statements] });
    await flushOutbox(a._id, saved);
    const grant = { registration: a.registration, packageId: a.packageId, version: a.version };
    return {
      attempt: saved,
      session: {
        sessionId: session.id,
        itemId: item.identifier,
        title: item.title,
        entry,
        cmi: initialCmi({
          standard,
          stored: sco.cmi,
          user,
          item,
          entry,
          totalSeconds: sco.totalSeconds,
          objectiveIds: declaredObjectiveIds(item, structure.sequencingCollection),
          objectiveValues: knownObjectives(a, saved.sequencing, structure, item),
        }),
        // The session in the URL: the same SCO delivered twice within a second (a retry) would
        // otherwise get the very same URL, and the player's frame would not load it again.
        ...(item.hideLmsUi?.length ? { hideLmsUi: item.hideLmsUi } : {}),
        ...(standard === '2004' && item.sharedData?.length ? { sharedData: sharedDataFor(item, saved.sharedData) } : {}),
        url: `${opts.contentUrls.scormBridgeUrlFor(grant, item.launch!)}&session=${session.id}`,
      },
    };
  }

  /** The stores of the attempt an item maps (adl.data.n), in its maps' order. */
  function sharedDataFor(item: ScormItem, stores: Record<string, string> = {}): { maps: SharedDataMap[]; stores: Record<string, string> } {
    const maps = item.sharedData ?? [];
    return { maps, stores: Object.fromEntries(maps.filter((m) => m.targetID in stores).map((m) => [m.targetID, stores[m.targetID]!])) };
  }

  /**
   * The shared data stores after a commit: what the SCO wrote to stores its maps let it write
   * (writeSharedData); anything else it sent is refused, naming the store.
   */
  function writtenSharedData(item: ScormItem, stores: Record<string, string> | undefined, written: Record<string, string> | undefined): Record<string, string> | undefined {
    if (!written || Object.keys(written).length === 0) return undefined;
    const writable = new Set((item.sharedData ?? []).filter((m) => m.writeSharedData).map((m) => m.targetID));
    for (const id of Object.keys(written)) {
      if (!writable.has(id)) throw new ValidationError(`adlData.${id}: the SCO has no adlcp:map that lets it write this shared data store`, `adlData.${id}`);
    }
    return { ...(stores ?? {}), ...written };
  }

  /** SCORM 2004: what the sequencing knows of the item's objectives (global objectives read through its maps). */
  function knownObjectives(a: AttemptDoc, sequencing: SequencingRecord | undefined, structure: ScormPackage, item: ScormItem): Record<string, Record<string, unknown>> {
    if (a.kind !== 'scorm2004' || !sequencing) return {};
    return sequencerFor({ ...a, sequencing }, structure).objectives(item.identifier) as Record<string, Record<string, unknown>>;
  }

  /** SCORM 1.2: whether an item's adlcp:prerequisites hold on the attempt's statuses. */
  function prerequisitesOpen(structure: ScormPackage, a: AttemptDoc): (itemId: string) => boolean {
    const items = flattenItems(structure).map((e) => e.item);
    const known = new Set(items.map((i) => i.identifier));
    const statusOf = (id: string) => {
      const sco = a.scos.find((s) => s.itemId === id);
      const stored = (sco?.cmi['core'] as { lesson_status?: unknown } | undefined)?.lesson_status;
      if (typeof stored === 'string' && stored !== '') return stored;
      return sco?.success === 'passed' || sco?.success === 'failed' ? sco.success : (sco?.completion ?? 'not attempted');
    };
    return (itemId) => {
      const pre = items.find((i) => i.identifier === itemId)?.prerequisites;
      return !pre || prerequisitesMet(pre.expression, statusOf, known);
    };
  }

  function pickItem(structure: ScormPackage, a: AttemptDoc, itemId?: string): ScormItem {
    const items = launchableItems(structure);
    const open = a.kind === 'scorm12' ? prerequisitesOpen(structure, a) : () => true;
    if (itemId !== undefined) {
      const chosen = items.find((i) => i.identifier === itemId);
      if (!chosen) throw new ValidationError(`itemId: no launchable item “${itemId}” in this package`, 'itemId');
      if (!open(itemId)) throw new HttpError(409, 'sequencing_refused', `“${itemId}”: that part is not available yet (its prerequisites are not met)`, 'itemId');
      return chosen;
    }
    if (items.length === 0) throw new ValidationError('The package has nothing to launch', 'packageId');
    // Back where the learner suspended; else the first SCO not yet completed; else the first.
    const last = a.sessions[a.sessions.length - 1];
    const suspended = last && a.scos.find((s) => s.itemId === last.itemId && (s.lastExit === 'suspend' || s.lastExit === 'logout'));
    if (suspended) return items.find((i) => i.identifier === suspended.itemId) ?? items[0]!;
    return items.find((i) => open(i.identifier) && a.scos.find((s) => s.itemId === i.identifier)?.completion !== 'completed') ?? items[0]!;
  }

  /** What the course's completion rolls up from: its SCOs, or the assets when it has no SCO (an asset-only course). */
  function rollupIds(structure: ScormPackage): string[] {
    const scos = scoItems(structure);
    return (scos.length ? scos : launchableItems(structure)).map((i) => i.identifier);
  }

  /**
   * An asset was delivered (its record in `set` already completed): the course moves on from
   * it. SCORM 2004 ends its activity attempt in the engine at once, completed (nothing else
   * would: an asset sends no terminate), which rolls up; the flat courses roll up the records.
   */
  function assetDelivered(
    user: LaunchUser,
    pkg: ContentPackageDoc,
    a: AttemptDoc,
    structure: ScormPackage,
    item: ScormItem,
    set: Partial<AttemptDoc>,
  ): { set: Partial<AttemptDoc>; statements: object[] } {
    const scos = set.scos ?? a.scos;
    const before: CourseState = { completion: set.completion ?? a.completion, success: set.success ?? a.success, scoreScaled: set.scoreScaled ?? a.scoreScaled };
    const sequencing = set.sequencing ?? a.sequencing;
    const out: Partial<AttemptDoc> = {};
    let after: CourseState;
    if (a.kind === 'scorm2004' && sequencing) {
      const seq = sequencerFor({ ...a, sequencing }, structure);
      if (seq.activeItem !== item.identifier) return { set: {}, statements: [] };
      const outcome = seq.endSco({ completion_status: 'completed' }, '');
      // What the end decided is kept only if it delivers or ends; the learner navigates from here.
      out.sequencing = recordOf(seq, structure, outcome.kind === 'refused' ? { kind: 'none' } : outcome.kind === 'deliver' ? { kind: 'none' } : outcome, seq.selection);
      after = settled(before, courseStateOf(seq, launchableItems(structure).map((i) => i.identifier)));
    } else {
      after = settled(before, rollup(scos, rollupIds(structure)));
    }
    const statements = deriveCourseStatements(statementContext(user, pkg, a), before, after, scos.reduce((n, s) => n + s.totalSeconds, 0));
    return { set: { ...out, ...courseFields({ ...a, completedAt: set.completedAt ?? a.completedAt }, after) }, statements };
  }

  /** The attempt's fields for the course's new state (completedAt stamped once). */
  function courseFields(a: AttemptDoc, after: CourseState): Partial<AttemptDoc> {
    const set: Partial<AttemptDoc> = { completion: after.completion, success: after.success };
    if (after.scoreScaled !== undefined) set.scoreScaled = after.scoreScaled;
    if (after.completion === 'completed' && !a.completedAt) set.completedAt = now();
    return set;
  }

  /** The attempt's sequencing engine, restored from its stored state. */
  function sequencerFor(a: AttemptDoc, structure: ScormPackage): Sequencer {
    const { tree, selection } = attemptTree(`${a.packageId}:${a.version}`, structure, a.sequencing);
    return Sequencer.open(tree, a.sequencing?.state, now, selection);
  }

  /** The course's state after the engine moved, and the statements the change makes. */
  function courseChange(
    user: LaunchUser,
    pkg: ContentPackageDoc,
    a: AttemptDoc,
    seq: Sequencer,
    scos: ScoRecord[],
    structure: ScormPackage,
  ): { set: Partial<AttemptDoc>; statements: object[] } {
    const before: CourseState = { completion: a.completion, success: a.success, scoreScaled: a.scoreScaled };
    const after = settled(before, courseStateOf(seq, launchableItems(structure).map((i) => i.identifier)));
    const statements = deriveCourseStatements(statementContext(user, pkg, a), before, after, scos.reduce((n, s) => n + s.totalSeconds, 0));
    return { set: courseFields(a, after), statements };
  }

  /**
   * SCORM 2004: a navigation request decided by the sequencing engine; opens the SCO it
   * delivers. `start` resumes a suspended attempt (a session that never ended is ended
   * first, suspended) and, when the course does not flow, opens the first activity a
   * choice allows; `next` takes the delivery the last SCO's end decided.
   */
  async function navigateSequenced(
    user: LaunchUser,
    pkg: ContentPackageDoc,
    a: AttemptDoc,
    structure: ScormPackage,
    want: { request: 'start' | 'next' | 'continue' | 'previous' } | { request: 'choice'; itemId: string },
  ): Promise<{ attempt: AttemptDoc; session?: ScoSessionView; ended?: string }> {
    const items = launchableItems(structure);
    const open = async (itemId: string, set: Partial<AttemptDoc>, statements: object[] = []) => {
      const item = items.find((i) => i.identifier === itemId);
      if (!item) throw new ValidationError(`The course's sequencing delivered “${itemId}”, which has nothing to launch`, 'itemId');
      return openSession(user, pkg, a, structure, item, { set, statements });
    };
    const pending = a.sequencing?.next;
    if ((want.request === 'next' || want.request === 'start') && pending?.kind === 'deliver') {
      return open(pending.itemId, { sequencing: { ...a.sequencing!, next: { kind: 'none' } } });
    }
    if (want.request === 'next') return { attempt: a, ended: pending?.kind === 'ended' ? pending.reason : 'none' };

    const seq = sequencerFor(a, structure);
    const request = want.request === 'choice' ? `{target=${want.itemId}}choice` : want.request;
    let sessions = a.sessions;
    let scos = a.scos;
    let outcome: NavigationOutcome = { kind: 'none' };
    const active = seq.activeItem;
    /** Nothing is written. Not a ConflictError: that one means "retry", and the answer would not change. */
    const refuse = (reason: string, exception?: string): never => {
      const what = want.request === 'choice' ? `“${want.itemId}”` : want.request;
      throw new HttpError(409, 'sequencing_refused', `${what}: ${reason}`, want.request === 'choice' ? 'itemId' : 'request', exception ? { exception } : undefined);
    };
    if (active) {
      // The SCO's session never ended (the browser went away, or its terminate is still on the
      // way): end it now, marking its sessions ended, but only for a request the engine predicts it allows.
      const allowed = want.request === 'choice' ? seq.choosable([want.itemId]).get(want.itemId) : want.request === 'continue' ? seq.canContinue : want.request === 'previous' ? seq.canPrevious : true;
      if (!allowed) {
        refuse(want.request === 'choice' ? 'that part is not available yet (the course sets conditions on it)' : 'the course does not allow that move from where the learner is');
      }
      const sco = a.scos.find((s) => s.itemId === active) ?? emptySco(active);
      sessions = a.sessions.map((s) => (s.itemId === active && !s.terminated ? { ...s, terminated: true } : s));
      const ending = want.request === 'start' ? suspendedCmi(sco) : sco.cmi;
      const lastExit = typeof ending['exit'] === 'string' ? ending['exit'] : '';
      scos = a.scos.some((s) => s.itemId === active) ? a.scos.map((s) => (s.itemId === active ? { ...s, lastExit } : s)) : a.scos;
      outcome = seq.endSco(ending, want.request === 'start' ? 'suspendAll' : request);
    }
    if (want.request === 'start') {
      outcome = seq.navigate(seq.suspendedItem ? 'resumeAll' : 'start');
      // No flow from the root (choice-only courses), or a session that ended without exitAll:
      // choose the activity the learner was last in, else each in order until one is delivered.
      // (Asked of the engine itself: scorm-again's choice predictions are empty before a first delivery.)
      const last = seq.currentItem;
      const candidates = [...(last ? [last] : []), ...items.map((i) => i.identifier).filter((id) => id !== last)];
      for (const id of outcome.kind === 'deliver' ? [] : candidates) {
        outcome = seq.navigate('choice', id);
        if (outcome.kind === 'deliver') break;
      }
    } else if (!active) {
      outcome = want.request === 'choice' ? seq.navigate('choice', want.itemId) : seq.navigate(want.request);
    }
    if (outcome.kind === 'refused') refuse(refusalMessage(outcome.exception), outcome.exception);
    const course = courseChange(user, pkg, a, seq, scos, structure);
    if (outcome.kind === 'deliver') {
      return open(outcome.itemId, { ...course.set, sessions, scos, sequencing: recordOf(seq, structure, { kind: 'none' }, seq.selection) }, course.statements);
    }
    const saved = await save(a, { ...course.set, sessions, scos, sequencing: recordOf(seq, structure, outcome, seq.selection), outbox: [...a.outbox, ...course.statements] });
    await flushOutbox(saved._id, saved);
    return { attempt: saved, ended: outcome.kind === 'ended' ? outcome.reason : 'none' };
  }

  /** Re-runs `fn` when another write to the attempt won the race (optimistic concurrency). */
  async function retrying<T>(fn: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof ConflictError) || i >= 4) throw err;
      }
    }
  }

  return {
    flushOutbox,

    async launch(user: LaunchUser, input: { packageId: string; itemId?: string }, returnUrl: string, deps: ExternalLaunchDeps): Promise<LaunchDescriptor> {
      const pkg = await loadPackage(input.packageId);
      if (!isScorm(pkg.kind)) {
        const version = await loadVersion(pkg, pkg.currentVersion);
        const launched = await launchExternal(pkg.kind as 'cmi5' | 'xapi', { user, pkg, version, auId: input.itemId, returnUrl }, deps);
        return {
          attemptId: launched.sessionId ?? launched.registration,
          registration: launched.registration,
          kind: pkg.kind,
          version: version.version,
          attemptNumber: 1,
          title: pkg.title,
          url: launched.url,
          launchMethod: launched.launchMethod,
          ...(launched.auId ? { itemId: launched.auId } : {}),
          ...(launched.parts ? { parts: launched.parts.map((p) => ({ itemId: p.auId, title: p.title, satisfied: p.satisfied })) } : {}),
        };
      }
      let attempt = await latestAttempt(user.id, pkg._id.toHexString());
      if (!attempt || attemptIsFinished(attempt)) attempt = await newAttempt(user, pkg, attempt);
      const version = await loadVersion(pkg, attempt.version);
      const structure = version.structure as ScormPackage;
      let opened: { attempt: AttemptDoc; session?: ScoSessionView; ended?: string };
      if (sequenced(attempt)) {
        const want = input.itemId !== undefined ? { request: 'choice' as const, itemId: input.itemId } : { request: 'start' as const };
        opened = await navigateSequenced(user, pkg, attempt, structure, want);
      } else {
        opened = await openSession(user, pkg, attempt, structure, pickItem(structure, attempt, input.itemId));
      }
      const { attempt: saved, session } = opened;
      if (!session) throw new HttpError(409, 'sequencing_refused', 'Nothing in this course can be started now: its sequencing rules allow no activity', 'packageId');
      return {
        attemptId: saved._id,
        registration: saved.registration,
        kind: pkg.kind,
        version: saved.version,
        attemptNumber: saved.number,
        title: pkg.title,
        url: session.url,
        launchMethod: 'iframe',
        contentOrigin: new URL(session.url).origin,
        scorm: { standard: standardOf(pkg.kind), commitUrl: `/api/attempts/${saved._id}/cmi`, session },
        toc: tocOf(structure, saved),
        ...(saved.sequencing ? { navigation: navigationOf(saved) } : {}),
      };
    },

    /**
     * Opens another SCO of the same attempt: the one chosen (table of contents), or for
     * SCORM 2004 what continue / previous lead to, or (no request) what the sequencing
     * decided when the last SCO ended. Without a SCO to open, says why (`ended`).
     */
    startSession(user: LaunchUser, attemptId: string, input: SessionRequest): Promise<SessionAnswer> {
      return retrying(() => this.startSessionOnce(user, attemptId, input));
    },

    async startSessionOnce(user: LaunchUser, attemptId: string, input: SessionRequest): Promise<SessionAnswer> {
      const a = await loadOwnAttempt(user, attemptId);
      if (!isScorm(a.kind)) throw new ValidationError('Only SCORM attempts have SCO sessions', 'attemptId');
      assertOpen(a);
      const pkg = await loadPackage(a.packageId);
      const version = await loadVersion(pkg, a.version);
      const structure = version.structure as ScormPackage;
      let opened: { attempt: AttemptDoc; session?: ScoSessionView; ended?: string };
      if (sequenced(a)) {
        if (input.itemId !== undefined && !launchableItems(structure).some((i) => i.identifier === input.itemId)) {
          throw new ValidationError(`itemId: no launchable item “${input.itemId}” in this package`, 'itemId');
        }
        const want = input.itemId !== undefined ? { request: 'choice' as const, itemId: input.itemId } : { request: input.request ?? ('next' as const) };
        opened = await navigateSequenced(user, pkg, a, structure, want);
      } else {
        if (input.itemId === undefined) throw new ValidationError('itemId: required (SCORM 1.2 courses have no sequencing to decide)', 'itemId');
        opened = await openSession(user, pkg, a, structure, pickItem(structure, a, input.itemId));
      }
      const { attempt, session } = opened;
      const answer: SessionAnswer = { toc: tocOf(structure, attempt) };
      if (attempt.sequencing) answer.navigation = navigationOf(attempt)!;
      if (session) {
        answer.url = session.url;
        answer.scorm = { standard: standardOf(a.kind), commitUrl: `/api/attempts/${a._id}/cmi`, session };
      } else answer.ended = opened.ended ?? 'none';
      return answer;
    },

    /**
     * A commit from the player: validated against the SCO's data model, applied once per
     * (session, seq), stored, and turned into statements (written through the outbox).
     */
    commit(user: LaunchUser, attemptId: string, body: unknown) {
      return retrying(() => this.commitOnce(user, attemptId, body));
    },

    async commitOnce(
      user: LaunchUser,
      attemptId: string,
      body: unknown,
    ): Promise<{ result: 'true'; errorCode: 0; duplicate: boolean; completion: Completion; success: Success; toc: TocItemView[]; next: NextView; navigation?: NavigationView }> {
      let a = await loadOwnAttempt(user, attemptId);
      if (!isScorm(a.kind)) throw new ValidationError('Only SCORM attempts take CMI commits', 'attemptId');
      assertOpen(a);
      const standard = standardOf(a.kind);
      const input = parseInput(commitSchema(standard), body);
      const session = a.sessions.find((s) => s.id === input.sessionId);
      if (!session) throw new NotFoundError('Session');
      const pkg = await loadPackage(a.packageId);
      const version = await loadVersion(pkg, a.version);
      const structure = version.structure as ScormPackage;
      const item = launchableItems(structure).find((i) => i.identifier === session.itemId);
      if (!item) throw new NotFoundError('Item');

      if (input.seq > session.seq) {
        const prior = a.scos.find((s) => s.itemId === item.identifier) ?? emptySco(item.identifier);
        const cmi = withoutLmsOwned(standard, input.cmi as Record<string, unknown>);
        const before = Object.keys(prior.cmi).length ? summarize(standard, prior.cmi, item.masteryScore) : null;
        const after = summarize(standard, cmi, item.masteryScore);
        const totalSeconds = Math.max(0, prior.totalSeconds - session.seconds + after.sessionSeconds);
        // Once completed or passed within this attempt, a SCO stays so (a later session may start over).
        const completion = prior.completion === 'completed' ? 'completed' : after.completion;
        const success = after.success !== 'unknown' ? (prior.success === 'passed' ? 'passed' : after.success) : prior.success;
        const record: ScoRecord = {
          ...prior,
          cmi,
          completion,
          success,
          lastExit: input.terminated ? after.exit : prior.lastExit,
          totalSeconds,
        };
        for (const k of ['scoreScaled', 'scoreRaw', 'scoreMin', 'scoreMax'] as const) {
          if (after[k] !== undefined) record[k] = after[k];
        }
        const scos = a.scos.some((s) => s.itemId === record.itemId) ? a.scos.map((s) => (s.itemId === record.itemId ? record : s)) : [...a.scos, record];
        const sessions = a.sessions.map((s) =>
          s.id === session.id ? { ...s, seq: input.seq, seconds: after.sessionSeconds, initialized: true, terminated: s.terminated || input.terminated } : s,
        );
        const courseBefore: CourseState = { completion: a.completion, success: a.success, scoreScaled: a.scoreScaled };
        // SCORM 2004 with sequencing: the engine ends the SCO's attempt when its session ends
        // (rollup, objective maps, the navigation request); the course is its root activity.
        let courseAfter: CourseState;
        let sequencing: SequencingRecord | undefined;
        if (standard === '2004' && a.sequencing) {
          courseAfter = courseBefore;
          if (!input.terminated && !session.terminated && trackedPart(cmi, readsProgress(structure)) !== trackedPart(prior.cmi, readsProgress(structure))) {
            // The SCO reported something the sequencing reads: what it may request now changes with it.
            // Cheap checks first (the stored snapshot says which SCO is active); the record is
            // rewritten only when the predictions moved (most progress commits change none).
            const latest = [...a.sessions].reverse().find((s) => s.itemId === item.identifier);
            if (latest?.id === session.id && Sequencer.activeItemIn(a.sequencing.state) === item.identifier) {
              const live = livePredictions(sequencerFor(a, structure), structure, a.sequencing, cmi);
              if (!samePredictions(live, a.sequencing)) sequencing = live;
            }
          }
          if (input.terminated && !session.terminated) {
            const seq = sequencerFor(a, structure);
            // Only the SCO the engine delivered ends an activity attempt (a stale session's late terminate does not).
            const latest = [...a.sessions].reverse().find((s) => s.itemId === item.identifier);
            if (seq.activeItem === item.identifier && latest?.id === session.id) {
              const sessionTime = typeof cmi['session_time'] === 'string' ? cmi['session_time'] : undefined;
              const outcome = seq.endSco(cmi, input.navRequest ?? '', sessionTime);
              sequencing = recordOf(seq, structure, outcome, seq.selection);
              courseAfter = settled(courseBefore, courseStateOf(seq, launchableItems(structure).map((i) => i.identifier)));
            }
          }
        } else {
          courseAfter = settled(courseBefore, rollup(scos, rollupIds(structure)));
        }
        const base = statementContext(user, pkg, a);
        const statements = [
          ...deriveScoStatements(scoContext(base, item, session.id), {
            standard,
            seq: input.seq,
            entry: session.entry,
            wasInitialized: session.initialized,
            wasTerminated: session.terminated,
            terminated: input.terminated,
            before: before ? { ...before, completion: prior.completion, success: prior.success } : null,
            after: { ...after, completion, success },
            beforeInteractions: interactionsOf(standard, prior.cmi),
            afterInteractions: interactionsOf(standard, cmi),
            totalSeconds,
          }),
          ...deriveCourseStatements(base, courseBefore, courseAfter, scos.reduce((n, s) => n + s.totalSeconds, 0)),
        ];
        const set: Partial<AttemptDoc> = { ...courseFields(a, courseAfter), scos, sessions, outbox: [...a.outbox, ...statements] };
        if (sequencing) set.sequencing = sequencing;
        const sharedData = writtenSharedData(item, a.sharedData, input.adlData);
        if (sharedData) set.sharedData = sharedData;
        a = await save(a, set);
        await flushOutbox(a._id, a);
        return { result: 'true', errorCode: 0, duplicate: false, completion: a.completion, success: a.success, toc: tocOf(structure, a), ...sequencedAnswer(a) };
      }
      // A repeat (the player retried after losing the answer): nothing to apply, but finish any unsent statements.
      await flushOutbox(a._id);
      return { result: 'true', errorCode: 0, duplicate: true, completion: a.completion, success: a.success, toc: tocOf(structure, a), ...sequencedAnswer(a) };
    },

    /** The learner's own attempt (or, for HR and admins, anyone's) with its CMI data. */
    async getAttempt(viewer: LaunchUser & { roles: string[] }, attemptId: string) {
      const a = await attempts.findById(attemptId).lean<AttemptDoc>().exec();
      if (!a || (a.userId !== viewer.id && !viewer.roles.some((r) => r === 'hr' || r === 'admin'))) throw new NotFoundError('Attempt');
      const { outbox, rev, ...rest } = a;
      return { ...rest, id: a._id, pendingStatements: pending(outbox).length, rev };
    },

    /** Every package the learner may launch (`allowed`, from the launch gate) with their status on it (their latest attempt). */
    async courses(user: LaunchUser, allowed: ReadonlySet<string> | 'all' = 'all'): Promise<CourseView[]> {
      const pkgs = (await content.packages.find({ currentVersion: { $gt: 0 } }).sort({ title: 1 }).lean<ContentPackageDoc[]>().exec()).filter(
        (p) => allowed === 'all' || allowed.has(p._id.toHexString()),
      );
      const mine = await attempts.find({ userId: user.id }).lean<AttemptDoc[]>().exec();
      const external = opts.externalStatus
        ? await opts.externalStatus(user.id, pkgs.filter((p) => !isScorm(p.kind)).map((p) => ({ id: p._id.toHexString(), kind: p.kind, identity: p.identity })))
        : new Map<string, 'in_progress' | 'completed'>();
      // An archived package stays listed only for those who started it (content/package-lifecycle.ts).
      const archived = new Set(pkgs.filter((p) => p.archivedAt).map((p) => p._id.toHexString()));
      return pkgs.map((p): CourseView => {
        const id = p._id.toHexString();
        if (!isScorm(p.kind)) return { packageId: id, title: p.title, kind: p.kind, status: external.get(id) ?? 'not_started' };
        const latest = mine.filter((a) => a.packageId === id).sort((x, y) => y.number - x.number)[0];
        const view: CourseView = { packageId: id, title: p.title, kind: p.kind, status: 'not_started' };
        if (!latest) return view;
        // A finished earlier attempt counts while a newer one has not got anywhere yet, and
        // an earlier pass counts over a newer attempt that ended without one (a pass is on
        // the record whatever a retake does).
        const finished = mine.filter((a) => a.packageId === id && a.completion === 'completed').sort((x, y) => y.number - x.number);
        const best = finished.find((a) => a.success === 'passed') ?? finished[0];
        const latestCounts = latest.completion === 'completed' && (latest.success === 'passed' || best?.success !== 'passed');
        const shown = latestCounts || !best ? latest : best;
        view.status =
          shown.completion === 'completed' ? (shown.success === 'passed' ? 'passed' : shown.success === 'failed' ? 'failed' : 'completed') : shown.sessions.length ? 'in_progress' : 'not_started';
        if (shown.scoreScaled !== undefined) view.scoreScaled = shown.scoreScaled;
        view.attemptNumber = latest.number;
        view.attemptId = latest._id;
        view.updatedAt = new Date(latest.updatedAt).toISOString();
        return view;
      }).filter((v) => !archived.has(v.packageId) || v.status !== 'not_started' || v.attemptNumber !== undefined);
    },
  };
}

export type LaunchService = ReturnType<typeof createLaunchService>;
