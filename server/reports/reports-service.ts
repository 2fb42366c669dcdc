/**
 * The reports as one service the routes call: it loads the people directory, works out
 * the viewer's scope, and hands the plain computations (dashboard, drill-down,
 * onboarding, learning) their data; performance reads the same scoped view for its
 * correlation report. The clock is passed in.
 */
import type { Filter } from '../store/types.js';
import type { StoreDb } from '../store/types.js';
import type { UserModel } from '../people/user-model.js';
import type { Actor } from '../people/user-service.js';
import { computeDashboard, type DashboardFilters } from './compliance-dashboard.js';
import { drillDown, type DrillDownQuery } from './compliance-people.js';
import { loadPeople, type PeopleDirectory } from './people-directory.js';
import { createReadCache } from './read-cache.js';
import { scopeFor, type Scope } from './scope.js';
import { eachStatement, reportSources, type ComplianceStatusRow, type RecordReader, type StoredStatement, type TargetType } from './sources.js';
import { COMPLETION_VERBS, learnerAgent, pathActivityId } from '../learning-record/identity.js';
import { computeOnboarding, type NewHireCheckpoints } from './onboarding.js';
import { computeLearningAnalytics } from './learning-analytics.js';
import type { MilestoneDoc, MilestoneModel } from './milestone-model.js';
import { resolveTarget } from './evidence/evidence-target.js';

export interface ReportsDeps {
  db: StoreDb;
  users: UserModel;
  records: RecordReader;
  homePage: string;
  /**
   * The people with a performance record in the latest period, for the dashboard's review
   * figure (performance provides it; runtime.ts wires it, since performance builds on reports).
   */
  reviewedInLatestPeriod: () => Promise<ReadonlySet<string> | null>;
  milestones: MilestoneModel;
  now: () => Date;
  /** Per new hire on an onboarding template: the 30/60/90-day checkpoints (server/blended), for the people given. */
  checkpoints?: (personIds?: ReadonlySet<string>) => Promise<NewHireCheckpoints[]>;
}

const DAY = 86_400_000;

export type ViewChoice = 'self' | 'team' | undefined;

export function createReportsService(deps: ReportsDeps) {
  const sources = reportSources(deps.db);

  const cache = createReadCache(sources.complianceStatus, sources.complianceRevisions, deps.users);

  /**
   * The rows a scope can see: one person's by an indexed query; a team's or everyone's
   * from the cached full read (the computations filter by scope and filters themselves).
   */
  async function statusRows(scope: Scope, filters: DashboardFilters = {}): Promise<ComplianceStatusRow[]> {
    if (scope.kind === 'people' && scope.ids.size <= 1) {
      const q: Filter<ComplianceStatusRow> = { personId: [...scope.ids][0] ?? '' };
      if (filters.targetId) q.targetId = filters.targetId;
      return sources.complianceStatus.find(q).toArray();
    }
    return cache.allStatuses();
  }

  async function context(actor: Actor, view: ViewChoice): Promise<{ people: PeopleDirectory; scope: Scope }> {
    const people = await cache.people();
    return { people, scope: scopeFor(actor, people, view) };
  }

  /** The statements a scope may read: everything, or each person's own (indexed by agent). */
  async function* scopedStatements(scope: Scope): AsyncGenerator<StoredStatement> {
    if (scope.kind === 'all') {
      yield* eachStatement(deps.records, {});
      return;
    }
    for (const id of scope.ids) yield* eachStatement(deps.records, { agent: learnerAgent({ id }, deps.homePage) });
  }

  /** Per job role with a milestone: who first completed it when. */
  async function milestoneCompletions() {
    const out = new Map<string, { label: string; firstCompletion: Map<string, Date> }>();
    for (const m of await deps.milestones.find({}).lean<MilestoneDoc[]>().exec()) {
      const target = await resolveTarget(deps.db, deps.homePage, m.target).catch(() => null);
      const first = new Map<string, Date>();
      if (target) {
        for await (const st of eachStatement(deps.records, { verbs: [...COMPLETION_VERBS], activityIds: target.activityIds })) {
          const id = st.actor && (st.actor as { account?: { homePage?: string; name?: string } }).account;
          if (!id || id.homePage !== deps.homePage || !id.name) continue;
          const at = new Date(st.timestamp);
          const prev = first.get(id.name);
          if (!prev || at < prev) first.set(id.name, at);
        }
      }
      out.set(m.jobRole, { label: m.label ?? target?.title ?? m.target.id, firstCompletion: first });
    }
    return out;
  }

  return {
    loadPeople: () => loadPeople(deps.users),

    /**
     * Reads compliance_status and the people directory into the report cache, so the first
     * dashboard after a start answers as fast as the later ones (the server calls it once
     * it listens; requests arriving meanwhile share the same read).
     */
    async warm(): Promise<void> {
      await Promise.all([cache.allStatuses(), cache.people()]);
    },

    async onboarding(actor: Actor, q: { hiredFrom?: string; hiredTo?: string }, view: ViewChoice) {
      const { people, scope } = await context(actor, view);
      const now = deps.now();
      const hiredTo = q.hiredTo ? new Date(q.hiredTo) : now;
      const hiredFrom = q.hiredFrom ? new Date(q.hiredFrom) : new Date(now.getTime() - 365 * DAY);
      const report = await computeOnboarding({ rows: await statusRows(scope), people, scope, now, hiredFrom, hiredTo, milestones: await milestoneCompletions() });
      // Each new hire's checkpoints on their onboarding journey: named people, so the viewer's scope only (no aggregate to withhold).
      const inWindow = (d: string) => d >= report.window.from && d <= report.window.to;
      const hires = deps.checkpoints ? (await deps.checkpoints(scope.kind === 'all' ? undefined : scope.ids)).filter((h) => inWindow(h.hireDate)) : [];
      return { ...report, hires };
    },

    async learning(actor: Actor, q: { from?: string; to?: string; granularity: 'day' | 'week' }, view: ViewChoice) {
      const { scope } = await context(actor, view);
      const now = deps.now();
      const to = q.to ? new Date(Date.parse(q.to) + (/^\d{4}-\d{2}-\d{2}$/.test(q.to) ? DAY - 1 : 0)) : now;
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 90 * DAY);
      const pathDocs = await sources.learningPaths.find({}).toArray();
      const assigned = new Map<string, Set<string>>();
      for await (const a of deps.db.collection<{ personId: string; target: { type: string; id: string }; active: boolean }>('assignments').find({ 'target.type': 'path', active: true })) {
        if (scope.kind === 'people' && !scope.ids.has(a.personId)) continue;
        const set = assigned.get(a.target.id) ?? new Set<string>();
        set.add(a.personId);
        assigned.set(a.target.id, set);
      }
      const paths = pathDocs.map((p) => {
        const id = String(p._id);
        return { id, title: p.title, activityId: pathActivityId(deps.homePage, id), assigned: assigned.get(id) ?? new Set<string>() };
      });
      return computeLearningAnalytics({
        statements: scopedStatements(scope),
        homePage: deps.homePage,
        from,
        to,
        granularity: q.granularity,
        suppress: !(scope.kind === 'people' && scope.label === 'self'),
        paths,
      });
    },

    async milestones(): Promise<Array<{ jobRole: string; target: { type: TargetType; id: string }; label?: string; setAt: string }>> {
      const docs = await deps.milestones.find({}).sort({ jobRole: 1 }).lean<MilestoneDoc[]>().exec();
      return docs.map((d) => ({ jobRole: d.jobRole, target: { type: d.target.type, id: d.target.id }, ...(d.label ? { label: d.label } : {}), setAt: new Date(d.setAt).toISOString() }));
    },

    async setMilestone(jobRole: string, input: { target: { type: TargetType; id: string }; label?: string }, actor: Actor) {
      await resolveTarget(deps.db, deps.homePage, input.target);
      await deps.milestones
        .updateOne({ jobRole }, { $set: { target: input.target, label: input.label, setBy: actor.id, setAt: deps.now() } }, { upsert: true })
        .exec();
      return { jobRole, ...input };
    },

    async removeMilestone(jobRole: string): Promise<boolean> {
      return (await deps.milestones.deleteOne({ jobRole }).exec()).deletedCount > 0;
    },

    async dashboard(actor: Actor, filters: DashboardFilters, view: ViewChoice) {
      const { people, scope } = await context(actor, view);
      const [reviewed, rows] = await Promise.all([deps.reviewedInLatestPeriod(), statusRows(scope, filters)]);
      return computeDashboard({ rows, people, scope, now: deps.now(), filters, reviewed });
    },

    async drillDown(actor: Actor, q: DrillDownQuery, view: ViewChoice) {
      const { people, scope } = await context(actor, view);
      return drillDown(toAsync(await statusRows(scope, q)), people, scope, q, deps.now());
    },

    /** What a viewer may see of the people and their compliance, for reports built on this one (performance). */
    async scopedCompliance(actor: Actor, view: ViewChoice): Promise<{ people: PeopleDirectory; scope: Scope; complianceRows: () => AsyncIterable<ComplianceStatusRow> }> {
      const { people, scope } = await context(actor, view);
      const rows = await statusRows(scope);
      return { people, scope, complianceRows: () => toAsync(rows) };
    },
  };
}

async function* toAsync<T>(rows: T[]): AsyncGenerator<T> {
  yield* rows;
}

export type ReportsService = ReturnType<typeof createReportsService>;
