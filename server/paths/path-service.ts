/**
 * Learning paths: a DAG of steps checked on save (references, cycles, nested-path cycles),
 * versioned on every save, and each person's progress computed from the LRS.
 *
 * Versioning rule: saving a path publishes a new version. A person keeps the version they
 * started (the first time their progress showed any step started or complete, that version
 * is recorded for them; publishing also records it for assigned people already under way);
 * everyone who has not started gets the newest version.
 *
 * Completion: a step is complete when the person's record holds a COMPLETION_VERBS
 * statement on the step's activity (with a score at or above `minScore` for assessments;
 * a nested path when that path is complete). When every required step is complete the LMS
 * states `completed` on the path's activity, once per person and version (a statement id
 * derived from both makes a repeat a no-op).
 */
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import type { StatementWriter } from '../../lrs/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import { activityFacts, completionMeeting, type ActivityFacts } from '../learning-record/activity-facts.js';
import { learnerAgent, packageActivityId, pathActivityId, policyActivityId, VERBS } from '../learning-record/identity.js';
import type { RecordReader } from '../learning-record/records.js';
import type { User } from '../people/user-service.js';
import { eventActivityId, observationActivityId, taskActivityId, BLENDED_VERBS } from '../blended/blended-identity.js';
import { findCycle, layers } from './dag.js';
import { NestedPathCycleError, StepCycleError } from './path-errors.js';
import type { PathDoc, PathModels, PathStep, PathVersion } from './path-model.js';
import type { PathInput } from './path-schema.js';

export type StepState = 'locked' | 'unlocked' | 'in_progress' | 'complete';

export type LockReason =
  | { kind: 'prerequisite'; stepId: string; title: string }
  | { kind: 'gate'; competencyId: string; competency: string; level: number; levelName: string; current: number | null; currentName: string | null };

export interface StepProgress {
  id: string;
  title: string;
  type: PathStep['type'];
  ref: string;
  required: boolean;
  prerequisites: string[];
  state: StepState;
  /** Why a locked step is locked: each unmet prerequisite and gate. */
  reasons: LockReason[];
  activityId: string | null;
  completedAt?: string;
  score?: number;
  minScore?: number;
  /** For policy steps: the version to sign now. */
  policyVersion?: number;
  /** Set when the step's target no longer exists. */
  unavailable?: string;
}

export interface PathProgress {
  pathId: string;
  title: string;
  version: number;
  currentVersion: number;
  activityId: string;
  status: 'not_started' | 'in_progress' | 'complete';
  completedAt?: string;
  completionStatementId?: string;
  steps: StepProgress[];
  layers: string[][];
}

/** One assigned person's standing on a path, for HR. */
export interface PathPerson {
  personId: string;
  name: string;
  jobRole: string | null;
  version: number;
  status: PathProgress['status'];
  completedAt: string | null;
  requiredDone: number;
  requiredTotal: number;
}

export interface PathView {
  id: string;
  title: string;
  description?: string;
  version: number;
  steps: PathStep[];
  layers: string[][];
  versions: Array<{ version: number; publishedAt: string; steps: number }>;
  updatedAt: string;
}

export interface PathDeps {
  models: PathModels;
  records: RecordReader;
  writer: () => Promise<StatementWriter>;
  homePage: string;
  packages: (id: string) => Promise<{ title: string; kind: string; identity: string } | null>;
  policies: (id: string) => Promise<{ title: string; currentVersion: number } | null>;
  competencies: {
    levelsOf(personId: string, ids: string[]): Promise<Map<string, number | null>>;
    describe(ids: string[]): Promise<Map<string, { name: string; levels: Array<{ level: number; name: string }> }>>;
  };
  /** People assigned a path (to record the version of those under way when a new one is published). */
  peopleAssigned: (pathId: string) => Promise<string[]>;
  people: { get(id: string): Promise<User | null> };
  /** Whether a blended task, observation form or event exists (server/blended). */
  blended?: (type: 'task' | 'observation' | 'session', ref: string) => Promise<boolean>;
  now?: () => Date;
}

/** A UUID (version 8, RFC 9562) derived from a name: the same person, path and version give the same statement id. */
export function derivedUuid(name: string): string {
  const b = createHash('sha256').update(name).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function pathExtensions(homePage: string) {
  return { version: `${homePage}/xapi/extensions/path/version` };
}

function toView(doc: PathDoc): PathView {
  const v: PathView = {
    id: doc._id.toHexString(),
    title: doc.title,
    version: doc.version,
    steps: doc.steps,
    layers: layers(doc.steps),
    versions: doc.versions.map((x) => ({ version: x.version, publishedAt: new Date(x.publishedAt).toISOString(), steps: x.steps.length })),
    updatedAt: doc.updatedAt.toISOString(),
  };
  if (doc.description) v.description = doc.description;
  return v;
}

export function createPathService(deps: PathDeps) {
  const { paths, starts } = deps.models;
  const now = deps.now ?? (() => new Date());
  const ext = () => pathExtensions(deps.homePage);

  async function load(id: string): Promise<PathDoc> {
    const doc = Types.ObjectId.isValid(id) ? await paths.findById(id).lean<PathDoc>().exec() : null;
    if (!doc) throw new NotFoundError('Learning path');
    return doc;
  }

  /** Everything a saved path must satisfy; returns the normalised steps. Throws a 4xx naming the field. */
  async function check(input: PathInput, pathId?: string): Promise<PathStep[]> {
    const steps: PathStep[] = input.steps.map((s) => {
      const step: PathStep = { id: s.id, title: s.title, type: s.type, ref: s.ref, prerequisites: [...new Set(s.prerequisites)], gates: s.gates, required: s.required };
      if (s.minScore !== undefined) step.minScore = s.minScore;
      return step;
    });
    const ids = new Set<string>();
    steps.forEach((s, i) => {
      if (ids.has(s.id)) throw new ValidationError(`steps.${i}.id: the id "${s.id}" is used by two steps`, `steps.${i}.id`);
      ids.add(s.id);
    });
    const gateIds = [...new Set(steps.flatMap((s) => s.gates.map((g) => g.competencyId)))];
    const competencies = await deps.competencies.describe(gateIds);
    for (const [i, s] of steps.entries()) {
      s.prerequisites.forEach((p, j) => {
        if (p === s.id) throw new ValidationError(`steps.${i}.prerequisites.${j}: a step cannot require itself`, `steps.${i}.prerequisites.${j}`);
        if (!ids.has(p)) throw new ValidationError(`steps.${i}.prerequisites.${j}: no step "${p}" in this path`, `steps.${i}.prerequisites.${j}`);
      });
      s.gates.forEach((g, j) => {
        const c = competencies.get(g.competencyId);
        if (!c) throw new ValidationError(`steps.${i}.gates.${j}.competencyId: no competency "${g.competencyId}"`, `steps.${i}.gates.${j}.competencyId`);
        if (!c.levels.some((l) => l.level === g.level)) throw new ValidationError(`steps.${i}.gates.${j}.level: “${c.name}” has no level ${g.level}`, `steps.${i}.gates.${j}.level`);
      });
      if (s.minScore !== undefined && s.type !== 'package' && s.type !== 'activity') {
        throw new ValidationError(`steps.${i}.minScore: only package and activity steps can require a score`, `steps.${i}.minScore`);
      }
      const field = `steps.${i}.ref`;
      if (s.type === 'package' && !(await deps.packages(s.ref))) throw new ValidationError(`${field}: no package with id "${s.ref}"`, field);
      if (s.type === 'policy' && !(await deps.policies(s.ref))) throw new ValidationError(`${field}: no policy with id "${s.ref}"`, field);
      if (s.type === 'activity' && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(s.ref)) throw new ValidationError(`${field}: an external activity is named by an absolute IRI`, field);
      if (s.type === 'task' || s.type === 'observation' || s.type === 'session') {
        const what = { task: 'checklist task', observation: 'observation form', session: 'live event' }[s.type];
        if (!(await deps.blended?.(s.type, s.ref))) throw new ValidationError(`${field}: no ${what} with id "${s.ref}"`, field);
      }
      if (s.type === 'path') {
        if (s.ref === pathId) throw new NestedPathCycleError([{ pathId: s.ref, title: input.title, stepId: s.id }, { pathId: s.ref, title: input.title }]);
        if (!Types.ObjectId.isValid(s.ref) || !(await paths.exists({ _id: s.ref }))) throw new ValidationError(`${field}: no learning path with id "${s.ref}"`, field);
      }
    }
    const cycle = findCycle(steps);
    if (cycle) throw new StepCycleError(cycle.map((id) => ({ id, title: steps.find((s) => s.id === id)!.title })));
    if (pathId) await checkNesting(pathId, input.title, steps);
    return steps;
  }

  /** Walks nested paths (their current versions): reaching `pathId` again is a cycle. */
  async function checkNesting(pathId: string, title: string, steps: PathStep[]): Promise<void> {
    const walk = async (chain: Array<{ pathId: string; title: string; stepId?: string }>, nested: PathStep[], seen: Set<string>): Promise<void> => {
      for (const s of nested.filter((x) => x.type === 'path')) {
        const link = [...chain.slice(0, -1), { ...chain[chain.length - 1]!, stepId: s.id }];
        if (s.ref === pathId) throw new NestedPathCycleError([...link, { pathId, title }]);
        if (seen.has(s.ref)) continue;
        seen.add(s.ref);
        const child = Types.ObjectId.isValid(s.ref) ? await paths.findById(s.ref).lean<PathDoc>().exec() : null;
        if (child) await walk([...link, { pathId: s.ref, title: child.title }], child.steps, seen);
      }
    };
    await walk([{ pathId, title }], steps, new Set());
  }

  async function stepActivity(step: PathStep): Promise<{ activityId: string | null; policyVersion?: number; unavailable?: string }> {
    switch (step.type) {
      case 'activity':
        return { activityId: step.ref };
      case 'package': {
        const pkg = await deps.packages(step.ref);
        return pkg ? { activityId: packageActivityId(pkg, deps.homePage) } : { activityId: null, unavailable: 'The package was removed' };
      }
      case 'policy': {
        const policy = await deps.policies(step.ref);
        return policy
          ? { activityId: policyActivityId(deps.homePage, step.ref, policy.currentVersion), policyVersion: policy.currentVersion }
          : { activityId: null, unavailable: 'The policy was removed' };
      }
      case 'path':
        return { activityId: pathActivityId(deps.homePage, step.ref) };
      case 'task':
        return { activityId: taskActivityId(deps.homePage, step.ref) };
      case 'observation':
        return { activityId: observationActivityId(deps.homePage, step.ref) };
      case 'session':
        return { activityId: eventActivityId(deps.homePage, step.ref) };
    }
  }

  /** The version a person follows: the one they started, else the newest. */
  async function versionFor(personId: string, doc: PathDoc): Promise<{ version: PathVersion; pinned: boolean }> {
    const start = await starts.findOne({ personId, pathId: doc._id.toHexString() }).lean().exec();
    const version = start && doc.versions.find((v) => v.version === start.version);
    return version ? { version, pinned: true } : { version: doc.versions.find((v) => v.version === doc.version)!, pinned: false };
  }

  async function writeCompletion(person: User, doc: PathDoc, version: number, existing: ActivityFacts | undefined): Promise<{ id: string; at: string }> {
    const id = derivedUuid(`path-completion|${person.id}|${doc._id.toHexString()}|${version}`);
    const found = existing?.statements.find((s) => s.id === id);
    if (found) return { id, at: found.timestamp };
    const at = now().toISOString();
    const write = await deps.writer();
    try {
      await write({
        id,
        actor: learnerAgent(person, deps.homePage),
        verb: { id: VERBS.completed, display: { 'en-US': 'completed' } },
        object: { objectType: 'Activity', id: pathActivityId(deps.homePage, doc._id.toHexString()), definition: { name: { 'en-US': doc.title }, type: 'http://adlnet.gov/expapi/activities/course' } },
        result: { completion: true },
        context: { extensions: { [ext().version]: version } },
        timestamp: at,
      });
    } catch (err) {
      // The same id already stored (by a concurrent evaluation): it is written once, as wanted.
      if ((err as { status?: number }).status !== 409) throw err;
    }
    return { id, at };
  }

  async function progressOf(person: User, doc: PathDoc, visiting: Set<string>): Promise<PathProgress> {
    const pathId = doc._id.toHexString();
    visiting.add(pathId);
    const { version, pinned } = await versionFor(person.id, doc);
    const steps = version.steps;
    const targets = await Promise.all(steps.map(stepActivity));
    const ownActivity = pathActivityId(deps.homePage, pathId);
    const facts = await activityFacts(
      deps.records,
      learnerAgent(person, deps.homePage),
      [...targets.map((t) => t.activityId).filter((a): a is string => !!a), ownActivity],
    );
    const gateIds = [...new Set(steps.flatMap((s) => s.gates.map((g) => g.competencyId)))];
    const [levels, described] = await Promise.all([deps.competencies.levelsOf(person.id, gateIds), deps.competencies.describe(gateIds)]);

    // Nested paths are evaluated first: their completion (and statement) feeds this one.
    const nested = new Map<string, PathProgress>();
    for (const s of steps.filter((x) => x.type === 'path')) {
      if (visiting.has(s.ref) || nested.has(s.ref)) continue;
      const child = Types.ObjectId.isValid(s.ref) ? await paths.findById(s.ref).lean<PathDoc>().exec() : null;
      if (child) nested.set(s.ref, await progressOf(person, child, visiting));
    }

    const byId = new Map<string, StepProgress>();
    const order = layers(steps).flat();
    for (const id of order) {
      const i = steps.findIndex((s) => s.id === id);
      const s = steps[i]!;
      const target = targets[i]!;
      const f = target.activityId ? facts.get(target.activityId) : undefined;
      const p: StepProgress = { id: s.id, title: s.title, type: s.type, ref: s.ref, required: s.required, prerequisites: s.prerequisites, state: 'unlocked', reasons: [], activityId: target.activityId };
      if (s.minScore !== undefined) p.minScore = s.minScore;
      if (target.policyVersion !== undefined) p.policyVersion = target.policyVersion;
      if (target.unavailable) p.unavailable = target.unavailable;
      let done = completionMeeting(f, s.minScore);
      // A live session completes on attendance the trainer marked as full (partial attendance does not).
      if (s.type === 'session') {
        const attended = f?.statements.find((st) => st.verb.id === BLENDED_VERBS.attended && (st.result as { completion?: unknown } | undefined)?.completion === true);
        done = attended ? { statementId: attended.id, verb: attended.verb.id, at: attended.timestamp } : null;
      }
      const child = s.type === 'path' ? nested.get(s.ref) : undefined;
      if (child?.status === 'complete') done ??= { statementId: child.completionStatementId!, verb: VERBS.completed, at: child.completedAt! };
      const scores = (f?.completions ?? []).map((c) => c.score).filter((x): x is number => x !== undefined);
      if (scores.length) p.score = Math.max(...scores);
      for (const pre of s.prerequisites) {
        const q = byId.get(pre);
        if (q && q.state !== 'complete') p.reasons.push({ kind: 'prerequisite', stepId: q.id, title: q.title });
      }
      for (const g of s.gates) {
        const current = levels.get(g.competencyId) ?? null;
        if (current !== null && current >= g.level) continue;
        const c = described.get(g.competencyId);
        const nameOf = (l: number | null) => (l === null ? null : (c?.levels.find((x) => x.level === l)?.name ?? String(l)));
        p.reasons.push({ kind: 'gate', competencyId: g.competencyId, competency: c?.name ?? g.competencyId, level: g.level, levelName: nameOf(g.level)!, current, currentName: nameOf(current) });
      }
      // The record is the record: a completion counts even if it happened while locked.
      if (done) {
        p.state = 'complete';
        p.completedAt = done.at;
        p.reasons = [];
      } else if (p.reasons.length) p.state = 'locked';
      else if ((f?.statements.length ?? 0) > 0 || child?.status === 'in_progress') p.state = 'in_progress';
      byId.set(s.id, p);
    }
    const stepProgress = steps.map((s) => byId.get(s.id)!);
    const required = stepProgress.filter((s) => s.required);
    const complete = required.length > 0 && required.every((s) => s.state === 'complete');
    const started = stepProgress.some((s) => s.state === 'complete' || s.state === 'in_progress');
    if (started && !pinned) {
      await starts.updateOne({ personId: person.id, pathId }, { $setOnInsert: { version: version.version, startedAt: now() } }, { upsert: true }).exec();
    }
    const progress: PathProgress = {
      pathId,
      title: version.title,
      version: version.version,
      currentVersion: doc.version,
      activityId: ownActivity,
      status: complete ? 'complete' : started ? 'in_progress' : 'not_started',
      steps: stepProgress,
      layers: layers(steps),
    };
    if (complete) {
      const written = await writeCompletion(person, doc, version.version, facts.get(ownActivity));
      progress.completedAt = written.at;
      progress.completionStatementId = written.id;
    }
    visiting.delete(pathId);
    return progress;
  }

  return {
    async list(): Promise<PathView[]> {
      return (await paths.find({}).sort({ title: 1 }).lean<PathDoc[]>().exec()).map(toView);
    },

    async get(id: string): Promise<PathView> {
      return toView(await load(id));
    },

    async exists(id: string): Promise<boolean> {
      return Types.ObjectId.isValid(id) && !!(await paths.exists({ _id: id }));
    },

    /** Checks a path without saving it: the normalised steps and their layers, or the 4xx a save would give. */
    async validate(input: PathInput, pathId?: string): Promise<{ valid: true; layers: string[][] }> {
      const steps = await check(input, pathId);
      return { valid: true, layers: layers(steps) };
    },

    async create(input: PathInput, by: string): Promise<PathView> {
      const steps = await check(input);
      const version: PathVersion = { version: 1, title: input.title, steps, publishedAt: now(), publishedBy: by };
      const created = await paths.create({ title: input.title, description: input.description, version: 1, steps, versions: [version] });
      return toView(created.toObject() as PathDoc);
    },

    /** Saves a new version; people under way keep theirs (recorded now if not yet). */
    async update(id: string, input: PathInput, by: string): Promise<PathView> {
      const doc = await load(id);
      const steps = await check(input, id);
      for (const personId of await deps.peopleAssigned(id)) {
        const person = await deps.people.get(personId);
        if (person) await progressOf(person, doc, new Set());
      }
      const next = Math.max(...doc.versions.map((v) => v.version)) + 1;
      const version: PathVersion = { version: next, title: input.title, steps, publishedAt: now(), publishedBy: by };
      const updated = await paths
        .findOneAndUpdate(
          { _id: doc._id, version: doc.version },
          { $set: { title: input.title, description: input.description ?? '', version: next, steps }, $push: { versions: version } },
          { returnDocument: 'after' },
        )
        .lean<PathDoc>()
        .exec();
      if (!updated) throw new ValidationError('version: the path was changed meanwhile; reload and save again', 'version');
      return toView(updated);
    },

    /**
     * Deletes a path no other path nests. The record keeps every statement about it
     * (completions stay in transcripts); enrolments and recorded versions go with it.
     */
    async remove(id: string): Promise<void> {
      const doc = await load(id);
      const nesting = await paths.find({ steps: { $elemMatch: { type: 'path', ref: id } } }).lean<PathDoc[]>().exec();
      if (nesting.length) throw new ConflictError(`id: “${doc.title}” is a step of ${nesting.map((p) => `“${p.title}”`).join(', ')}; remove it there first`, 'id');
      await paths.deleteOne({ _id: doc._id }).exec();
      await starts.deleteMany({ pathId: id }).exec();
      await deps.models.enrolments.deleteMany({ targetType: 'path', targetId: id }).exec();
    },

    /** Titles of paths whose current version gates a step on one of these competencies. */
    async gatingOn(competencyIds: string[]): Promise<string[]> {
      if (!competencyIds.length) return [];
      const docs = await paths.find({ steps: { $elemMatch: { gates: { $elemMatch: { competencyId: { $in: competencyIds } } } } } }).lean<PathDoc[]>().exec();
      return docs.map((d) => d.title);
    },

    /** A person's progress on a path (callers check who may see it). Writes the path completion once when due. */
    async progress(person: User, pathId: string): Promise<PathProgress> {
      return progressOf(person, await load(pathId), new Set());
    },

    /** Who is assigned the path (rules or enrolment) and how far each is, by name. */
    async peopleOn(pathId: string): Promise<PathPerson[]> {
      const doc = await load(pathId);
      const out: PathPerson[] = [];
      for (const personId of await deps.peopleAssigned(pathId)) {
        const person = await deps.people.get(personId);
        if (!person) continue;
        const p = await progressOf(person, doc, new Set());
        const required = p.steps.filter((s) => s.required);
        out.push({
          personId,
          name: person.name,
          jobRole: person.jobRole ?? null,
          version: p.version,
          status: p.status,
          completedAt: p.completedAt ?? null,
          requiredDone: required.filter((s) => s.state === 'complete').length,
          requiredTotal: required.length,
        });
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },

    /** Titles of paths, for listings. */
    async titleOf(id: string): Promise<string | null> {
      return Types.ObjectId.isValid(id) ? ((await paths.findById(id).lean<PathDoc>().exec())?.title ?? null) : null;
    },

    /** Ids of policies any path's current version asks for, per path. */
    async policySteps(pathId: string): Promise<string[]> {
      const doc = Types.ObjectId.isValid(pathId) ? await paths.findById(pathId).lean<PathDoc>().exec() : null;
      return doc ? doc.steps.filter((s) => s.type === 'policy').map((s) => s.ref) : [];
    },

    /**
     * Package ids the steps of these paths launch, through the paths they contain, in any
     * version (people keep the version they started on): what an assigned path lets its learner launch.
     */
    async packagesInPaths(pathIds: string[]): Promise<string[]> {
      const out = new Set<string>();
      const seen = new Set<string>();
      let next = pathIds.filter((id) => Types.ObjectId.isValid(id));
      while (next.length) {
        next.forEach((id) => seen.add(id));
        const docs = await paths.find({ _id: { $in: next.map((id) => new Types.ObjectId(id)) } }).lean<PathDoc[]>().exec();
        const nested = new Set<string>();
        for (const step of docs.flatMap((d) => [...d.steps, ...d.versions.flatMap((v) => v.steps)])) {
          if (step.type === 'package') out.add(step.ref);
          else if (step.type === 'path' && !seen.has(step.ref) && Types.ObjectId.isValid(step.ref)) nested.add(step.ref);
        }
        next = [...nested];
      }
      return [...out];
    },

    async pathsWithPolicy(policyId: string): Promise<string[]> {
      return (await paths.find({ steps: { $elemMatch: { type: 'policy', ref: policyId } } }).lean<PathDoc[]>().exec()).map((d) => d._id.toHexString());
    },
  };
}

export type PathService = ReturnType<typeof createPathService>;
