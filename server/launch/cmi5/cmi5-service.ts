/**
 * cmi5, the LMS side: registrations, AU launch (session, `LMS.LaunchData`, `launched`,
 * the launch URL with endpoint/fetch/actor/registration/activityId), the fetch URL's
 * one-time token, moveOn evaluation with `satisfied` for blocks and the course,
 * `abandoned` for sessions that never terminated, and `waived`.
 *
 * Registration rule: a learner has one registration per course, shared by all its AUs
 * and kept across sessions. Once the course is satisfied, a launch keeps using it (for
 * review) unless `newAttempt` is asked for, which starts a new registration (on the
 * package's current version) and so a fresh moveOn evaluation.
 */
import { randomUUID } from 'node:crypto';
import { Types, type Model } from 'mongoose';
import { CMI5, type Lrs, type LaunchMode, type LaunchSession } from '../../../lrs/index.js';
import type { Cmi5Au, Cmi5Package } from '../../content/manifest/cmi5.js';
import type { ContentModels, ContentPackageDoc, PackageVersionDoc } from '../../content/package-model.js';
import { ConflictError, NotFoundError, ValidationError } from '../../http/errors.js';
import { learnerAgent, packageActivityId, type LearnerAgent } from '../../learning-record/identity.js';
import { allAus, allBlocks, auActivityId, blockActivityId, evaluateCourse, type AuProgress } from './course-tree.js';
import { abandonedStatement, launchedStatement, satisfiedStatement, waivedStatement, type WaiveReason } from './lms-statements.js';
import type { Cmi5RegistrationDoc } from './registration-model.js';

import { CMI5_AUTHORITY } from './cmi5-authority.js';

export interface Cmi5ServiceDeps {
  lrs: Lrs;
  registrations: Model<Cmi5RegistrationDoc>;
  content: ContentModels;
  /** PUBLIC_URL (read on each call): the actor's homePage, the xAPI endpoint and the fetch URL's base. */
  publicUrl: string;
  /** Where a version's file is served for one registration (the content origin's capability URL). */
  contentUrl: (grant: { packageId: string; version: number; registration: string }, path: string) => string;
  /** How long a launch token lives at most. */
  tokenTtlMs: number;
  now?: () => Date;
}

export interface Cmi5LaunchInput {
  user: { id: string; name?: string };
  pkg: { id: string; kind: string; identity: string };
  /** The version a new registration starts on (an existing registration keeps its own). */
  version: number;
  /** Publisher id of the AU; default: the first AU not yet satisfied, else the first. */
  auId?: string;
  returnUrl?: string;
  launchMode?: LaunchMode;
  newAttempt?: boolean;
}

export interface Cmi5Launch {
  url: string;
  launchMethod: 'iframe' | 'new-window';
  registration: string;
  sessionId: string;
  auId: string;
  /** Every AU of the course in order, so the player can offer a choice of them. */
  parts: { auId: string; title: string; satisfied: boolean }[];
}

/** Keys of `aus`: AU ids are IRIs, whose dots a document path would split; base64url has none. */
export function auKey(auId: string): string {
  return Buffer.from(auId).toString('base64url');
}

function progressById(reg: Cmi5RegistrationDoc): Record<string, AuProgress> {
  return Object.fromEntries(Object.entries(reg.aus ?? {}).map(([k, v]) => [Buffer.from(k, 'base64url').toString('utf8'), v]));
}

export interface RegistrationView {
  registration: string;
  packageId: string;
  version: number;
  courseActivityId: string;
  title: string;
  aus: { auId: string; title: string; moveOn: string; satisfied: boolean; completed: boolean; passed: boolean; waived: string | null }[];
  satisfiedBlocks: string[];
  courseSatisfiedAt: string | null;
  createdAt: string;
}

function firstText(m: Record<string, string>): string | undefined {
  return m['en-US'] ?? m['en'] ?? Object.values(m)[0];
}

export type FetchAnswer = { 'auth-token': string } | { 'error-code': '1' | '2' | '3'; 'error-text': string };

export function createCmi5Service(deps: Cmi5ServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const writer = deps.lrs.internalWriter(CMI5_AUTHORITY);
  const write = async (statements: object[]) => (await writer)(statements);

  async function structureOf(packageId: string, version: number): Promise<{ course: Cmi5Package; doc: PackageVersionDoc }> {
    const doc = await deps.content.versions.findOne({ packageId, version }).lean<PackageVersionDoc>().exec();
    if (!doc || doc.kind !== 'cmi5') throw new NotFoundError('cmi5 package version');
    return { course: doc.structure as Cmi5Package, doc };
  }

  /** Issue `satisfied` for blocks and the course newly satisfied by the registration's AU progress. */
  async function satisfyNew(reg: Cmi5RegistrationDoc, course: Cmi5Package, actor: LearnerAgent, sessionId: string): Promise<void> {
    const result = evaluateCourse(course, progressById(reg));
    const newBlocks = result.blocks.filter((b) => !reg.satisfiedBlocks.includes(b));
    const courseNow = result.course && !reg.courseSatisfiedAt;
    if (!newBlocks.length && !courseNow) return;
    const claimed = await deps.registrations
      .findOneAndUpdate(
        { _id: reg._id, satisfiedBlocks: { $nin: newBlocks }, ...(courseNow ? { courseSatisfiedAt: { $exists: false } } : {}) },
        { $addToSet: { satisfiedBlocks: { $each: newBlocks } }, ...(courseNow ? { $set: { courseSatisfiedAt: now() } } : {}) },
        { returnDocument: 'after' },
      )
      .lean<Cmi5RegistrationDoc>()
      .exec();
    if (!claimed) return; // another request issued them
    const blocks = new Map(allBlocks(course.children).map((b) => [b.id, b]));
    const statements = newBlocks.map((id) =>
      satisfiedStatement({
        actor, registration: reg._id, sessionId, publisherId: id, timestamp: now(),
        activityId: blockActivityId(reg.courseActivityId, id), type: 'block', title: blocks.get(id)?.title,
      }),
    );
    if (courseNow) {
      statements.push(
        satisfiedStatement({ actor, registration: reg._id, sessionId, publisherId: course.course.id, timestamp: now(), activityId: reg.courseActivityId, type: 'course', title: course.course.title }),
      );
    }
    await write(statements);
  }

  async function abandonSession(s: LaunchSession): Promise<boolean> {
    const open = await deps.lrs.sessions.abandon(s._id);
    if (!open) return false;
    await write([
      abandonedStatement({
        actor: open.actor as LearnerAgent, registration: open.registration, sessionId: open._id, publisherId: open.publisherId ?? open.activityId,
        timestamp: now(), auActivityId: open.activityId, durationMs: (open.lastStatementAt ?? open.openedAt).getTime() - open.openedAt.getTime(),
      }),
    ]);
    return true;
  }

  async function currentRegistration(userId: string, packageId: string): Promise<Cmi5RegistrationDoc | null> {
    return deps.registrations.findOne({ userId, packageId }).sort({ createdAt: -1, _id: 1 }).lean<Cmi5RegistrationDoc>().exec();
  }

  const service = {
    async launch(input: Cmi5LaunchInput): Promise<Cmi5Launch> {
      const actor = learnerAgent(input.user, deps.publicUrl);
      let reg = await currentRegistration(input.user.id, input.pkg.id);
      if (!reg || (input.newAttempt && reg.courseSatisfiedAt)) {
        const created = await deps.registrations.create({
          _id: randomUUID(), userId: input.user.id, packageId: input.pkg.id, version: input.version,
          courseActivityId: packageActivityId(input.pkg, deps.publicUrl), aus: {}, satisfiedBlocks: [],
        });
        reg = created.toObject() as Cmi5RegistrationDoc;
      }
      const { course } = await structureOf(input.pkg.id, reg.version);
      const aus = allAus(course.children);
      const satisfiedNow = evaluateCourse(course, progressById(reg)).aus;
      const au: Cmi5Au | undefined = input.auId ? aus.find((a) => a.id === input.auId) : (aus.find((a) => !satisfiedNow.has(a.id)) ?? aus[0]);
      if (!au) throw new ValidationError(`auId: no AU ${input.auId} in this course`, 'auId');

      // A new session ends any the registration left open (cmi5 9.3.6).
      for (const s of await deps.lrs.sessions.openSessions(reg._id)) await abandonSession(s);

      const sessionId = randomUUID();
      // NotApplicable AUs are satisfied as soon as the learner is in the course: the
      // blocks and course they complete are stated before this launch's `launched`.
      await satisfyNew(reg, course, actor, sessionId);

      const activityId = auActivityId(reg.courseActivityId, au.id);
      const launchMode = input.launchMode ?? 'Normal';
      const { fetchKey } = await deps.lrs.sessions.open({
        profile: 'cmi5', actor, registration: reg._id, activityId, sessionId, authorityName: CMI5_AUTHORITY, publisherId: au.id,
        launchMode, masteryScore: au.masteryScore, moveOn: au.moveOn, expiresAt: new Date(now().getTime() + deps.tokenTtlMs),
        // The AU, its course and blocks: what its token may report on among claimed activities.
        activityScope: [reg.courseActivityId, ...allBlocks(course.children).map((b) => blockActivityId(reg.courseActivityId, b.id))],
      });
      const launchData: Record<string, unknown> = {
        contextTemplate: {
          contextActivities: { grouping: [{ objectType: 'Activity', id: au.id }] },
          extensions: { [CMI5.extSessionId]: sessionId },
        },
        launchMode,
        moveOn: au.moveOn,
      };
      if (au.launchParameters !== undefined) launchData.launchParameters = au.launchParameters;
      if (au.masteryScore !== undefined) launchData.masteryScore = au.masteryScore;
      if (input.returnUrl) launchData.returnURL = input.returnUrl;
      if (au.entitlementKey !== undefined) launchData.entitlementKey = { courseStructure: au.entitlementKey };
      await deps.lrs.putState({ activityId, agent: actor, registration: reg._id, stateId: 'LMS.LaunchData' }, launchData);

      const base = /^https?:\/\//i.test(au.url) ? au.url : deps.contentUrl({ packageId: input.pkg.id, version: reg.version, registration: reg._id }, au.url);
      await write([
        launchedStatement({
          actor, registration: reg._id, sessionId, publisherId: au.id, timestamp: now(), auActivityId: activityId,
          launchMode, launchUrl: base, moveOn: au.moveOn, masteryScore: au.masteryScore, launchParameters: au.launchParameters,
        }),
      ]);
      const url = new URL(base);
      url.searchParams.set('endpoint', `${deps.publicUrl}/xapi`);
      url.searchParams.set('fetch', `${deps.publicUrl}/cmi5/fetch/${fetchKey}`);
      url.searchParams.set('actor', JSON.stringify(actor));
      url.searchParams.set('registration', reg._id);
      url.searchParams.set('activityId', activityId);
      return { url: url.toString(), launchMethod: au.launchMethod === 'OwnWindow' ? 'new-window' : 'iframe', registration: reg._id, sessionId, auId: au.id,
        parts: aus.map((a) => ({ auId: a.id, title: firstText(a.title) ?? a.id, satisfied: satisfiedNow.has(a.id) })) };
    },

    /** Launch by package id, on its current version (the route's entry). */
    async launchPackage(input: Omit<Cmi5LaunchInput, 'pkg' | 'version'> & { packageId: string }): Promise<Cmi5Launch> {
      const pkg = Types.ObjectId.isValid(input.packageId) ? await deps.content.packages.findById(input.packageId).lean<ContentPackageDoc>().exec() : null;
      if (!pkg || pkg.kind !== 'cmi5') throw new NotFoundError('cmi5 package');
      const { packageId, ...rest } = input;
      return service.launch({ ...rest, pkg: { id: packageId, kind: pkg.kind, identity: pkg.identity }, version: pkg.currentVersion });
    },

    /** The fetch URL (cmi5 8.2): always 200; the token once, then error-code 1. */
    async fetch(fetchKey: string): Promise<FetchAnswer> {
      const r = await deps.lrs.sessions.redeemFetch(fetchKey);
      if ('token' in r) return { 'auth-token': r.token };
      if (r.error === 'already-used') return { 'error-code': '1', 'error-text': 'This fetch URL was already used: an auth token is given once per launch. Launch the AU again.' };
      return { 'error-code': '2', 'error-text': 'This fetch URL names no open launch session.' };
    },

    /** The LRS stored statements of a cmi5 session: note completed/passed and issue satisfied. */
    async onStored(session: LaunchSession, statements: Record<string, unknown>[]): Promise<void> {
      if (session.profile !== 'cmi5' || !session.publisherId) return;
      const verbs = statements.map((s) => (s.verb as { id?: string } | undefined)?.id);
      const completed = verbs.includes('http://adlnet.gov/expapi/verbs/completed');
      const passed = verbs.includes('http://adlnet.gov/expapi/verbs/passed');
      if (!completed && !passed) return;
      const key = `aus.${auKey(session.publisherId)}`;
      const set: Record<string, boolean> = {};
      if (completed) set[`${key}.completed`] = true;
      if (passed) set[`${key}.passed`] = true;
      const reg = await deps.registrations.findOneAndUpdate({ _id: session.registration }, { $set: set }, { returnDocument: 'after' }).lean<Cmi5RegistrationDoc>().exec();
      if (!reg) return;
      const { course } = await structureOf(reg.packageId, reg.version);
      await satisfyNew(reg, course, session.actor as LearnerAgent, session._id);
    },

    /** Waive an AU for a registration (cmi5 9.3.7): `waived`, then any `satisfied` it brings, under a new session id. */
    async waive(input: { registration: string; auId: string; reason: WaiveReason }): Promise<{ sessionId: string }> {
      const reg = await deps.registrations.findById(input.registration).lean<Cmi5RegistrationDoc>().exec();
      if (!reg) throw new NotFoundError('Registration');
      const { course } = await structureOf(reg.packageId, reg.version);
      if (!allAus(course.children).some((a) => a.id === input.auId)) throw new ValidationError(`auId: no AU ${input.auId} in this course`, 'auId');
      const claimed = await deps.registrations
        .findOneAndUpdate({ _id: reg._id, [`aus.${auKey(input.auId)}.waived`]: { $exists: false } }, { $set: { [`aus.${auKey(input.auId)}.waived`]: input.reason } }, { returnDocument: 'after' })
        .lean<Cmi5RegistrationDoc>()
        .exec();
      if (!claimed) throw new ConflictError('This AU is already waived in this registration', 'auId');
      const actor = learnerAgent({ id: reg.userId }, deps.publicUrl);
      const sessionId = randomUUID();
      await write([
        waivedStatement({ actor, registration: reg._id, sessionId, publisherId: input.auId, timestamp: now(), auActivityId: auActivityId(reg.courseActivityId, input.auId), reason: input.reason }),
      ]);
      await satisfyNew(claimed, course, actor, sessionId);
      return { sessionId };
    },

    /** End one open session now, with its `abandoned` statement (false if it had already ended). */
    abandonSession,

    /** Abandon sessions idle since before `before` (the repeatable job). */
    async abandonStale(before: Date): Promise<number> {
      let n = 0;
      for (const s of await deps.lrs.sessions.staleSessions(before)) if (s.profile === 'cmi5' && (await abandonSession(s))) n += 1;
      return n;
    },

    /** A learner's registrations with each AU's state, newest first (HR's waive view, the learner's own). */
    async registrationsOf(userId: string, packageId?: string): Promise<RegistrationView[]> {
      const list = await deps.registrations.find({ userId, ...(packageId ? { packageId } : {}) }).sort({ createdAt: -1 }).lean<Cmi5RegistrationDoc[]>().exec();
      const out: RegistrationView[] = [];
      for (const r of list) {
        const { course } = await structureOf(r.packageId, r.version);
        const progress = progressById(r);
        const satisfied = evaluateCourse(course, progress).aus;
        out.push({
          registration: r._id, packageId: r.packageId, version: r.version, courseActivityId: r.courseActivityId,
          title: firstText(course.course.title) ?? course.course.id,
          aus: allAus(course.children).map((a) => ({
            auId: a.id, title: firstText(a.title) ?? a.id, moveOn: a.moveOn, satisfied: satisfied.has(a.id),
            completed: !!progress[a.id]?.completed, passed: !!progress[a.id]?.passed, waived: progress[a.id]?.waived ?? null,
          })),
          satisfiedBlocks: r.satisfiedBlocks, courseSatisfiedAt: r.courseSatisfiedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
        });
      }
      return out;
    },
  };
  deps.lrs.sessions.onStored((session, statements) => service.onStored(session, statements));
  return service;
}

export type Cmi5Service = ReturnType<typeof createCmi5Service>;

/** The launcher the player's launch service calls for kind `cmi5` (CONTRACTS.md "Launch"). */
export function createCmi5Launcher(deps: { cmi5: Cmi5Service }) {
  return { launch: (input: Cmi5LaunchInput) => deps.cmi5.launch(input) };
}
