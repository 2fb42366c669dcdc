/**
 * The reports as one service the routes call: it loads the people directory, works out
 * the viewer's scope, and hands the plain computations (dashboard, drill-down,
 * correlation) their data. The clock is passed in.
 */
import type { Filter } from '../store/types.js';
import type { StoreDb } from '../store/types.js';
import type { UserModel } from '../people/user-model.js';
import type { Actor } from '../people/user-service.js';
import type { PerformanceService, CorrelationQuery } from '../performance/performance-service.js';
import { computeDashboard, type DashboardFilters } from './compliance-dashboard.js';
import { drillDown, type DrillDownQuery } from './compliance-people.js';
import { loadPeople, type PeopleDirectory } from './people-directory.js';
import { scopeFor, type Scope } from './scope.js';
import { reportSources, type ComplianceStatusRow, type RecordReader } from './sources.js';

export interface ReportsDeps {
  db: StoreDb;
  users: UserModel;
  records: RecordReader;
  homePage: string;
  performance: PerformanceService;
  now: () => Date;
}

export type ViewChoice = 'self' | 'team' | undefined;

export function createReportsService(deps: ReportsDeps) {
  const sources = reportSources(deps.db);

  /** The rows a scope can see, narrowed in the query where that is cheap. */
  function statusRows(scope: Scope, filters: DashboardFilters = {}): AsyncIterable<ComplianceStatusRow> {
    const q: Filter<ComplianceStatusRow> = {};
    if (filters.targetId) q.targetId = filters.targetId;
    if (scope.kind === 'people') q.personId = scope.ids.size === 1 ? [...scope.ids][0]! : { $in: [...scope.ids] };
    return sources.complianceStatus.find(q);
  }

  async function context(actor: Actor, view: ViewChoice): Promise<{ people: PeopleDirectory; scope: Scope }> {
    const people = await loadPeople(deps.users);
    return { people, scope: scopeFor(actor, people, view) };
  }

  return {
    loadPeople: () => loadPeople(deps.users),

    async dashboard(actor: Actor, filters: DashboardFilters, view: ViewChoice) {
      const { people, scope } = await context(actor, view);
      const reviewed = await deps.performance.reviewedInLatestPeriod();
      return computeDashboard({ rows: statusRows(scope, filters), people, scope, now: deps.now(), filters, reviewed });
    },

    async drillDown(actor: Actor, q: DrillDownQuery, view: ViewChoice) {
      const { people, scope } = await context(actor, view);
      return drillDown(statusRows(scope, q), people, scope, q, deps.now());
    },

    async correlation(actor: Actor, q: CorrelationQuery, view: ViewChoice) {
      const { people, scope } = await context(actor, view);
      return deps.performance.correlation(q, { people, scope, complianceRows: () => statusRows(scope) });
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
