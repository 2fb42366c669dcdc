/**
 * Performance data and the learning-performance correlation report. Imports are
 * all-or-nothing (validated first, then written); the report pairs each person's
 * learning measure with their performance value for one metric and period, overall and
 * per cohort, with Pearson, Spearman, a 95% CI, a p-value and a plain reading; cohorts
 * under 5 people are withheld.
 */
import { randomUUID } from 'node:crypto';
import type { PeopleDirectory, PersonFacts } from '../reports/people-directory.js';
import { inScope, type Scope } from '../reports/scope.js';
import type { ComplianceStatusRow, RecordReader } from '../reports/sources.js';
import { summarise, type CorrelationSummary } from '../reports/stats/correlation.js';
import { isSuppressed, MIN_GROUP_SIZE } from '../reports/stats/describe.js';
import { complianceMeasures, MEASURE_LABELS, periodRange, practiceMeasures, type Measure } from './learning-measures.js';
import { validateRows, type ResolvedRow } from './performance-import.js';
import type { PerformanceModel, PerformanceRecordDoc } from './performance-model.js';

export type Cohort = 'all' | 'department' | 'jobRole' | 'location';

export interface CorrelationQuery {
  metric: string;
  period: string;
  measure: Measure;
  cohort: Cohort;
}

export interface CohortResult extends Partial<CorrelationSummary> {
  key: string;
  n: number;
  suppressed: boolean;
  /** The (learning, performance) pairs, for the scatter plot; only for shown cohorts. */
  points?: Array<[number, number]>;
}

export interface CorrelationReport {
  query: CorrelationQuery;
  xLabel: string;
  yLabel: string;
  overall: CohortResult;
  cohorts: CohortResult[];
  minGroupSize: number;
}

export interface PerformanceDeps {
  model: PerformanceModel;
  records: RecordReader;
  homePage: string;
  now: () => Date;
}

export function createPerformanceService(deps: PerformanceDeps) {
  const { model } = deps;
  let reviewedCache: { token: string; value: Set<string> | null } | null = null;

  async function write(rows: ResolvedRow[], importedBy: string): Promise<{ importId: string; imported: number; created: number; updated: number }> {
    const importId = randomUUID();
    const importedAt = deps.now();
    let created = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const results = await Promise.all(
        rows.slice(i, i + 500).map((r) =>
          model
            .updateOne(
              { personId: r.personId, period: r.period, metric: r.metric },
              { $set: { value: r.value, importId, importedBy, importedAt } },
              { upsert: true },
            )
            .exec(),
        ),
      );
      created += results.filter((r) => r.upsertedCount > 0).length;
    }
    return { importId, imported: rows.length, created, updated: rows.length - created };
  }

  return {
    /** Validate every row (throws ImportError with all problems), then write. */
    async import(raw: Array<Record<string, unknown>>, people: PeopleDirectory, importedBy: string, lines?: number[]) {
      const rows = validateRows(raw, people, lines);
      return write(rows, importedBy);
    },

    /** Metrics and periods present, newest period first. */
    async catalogue(): Promise<{ metrics: Array<{ metric: string; periods: string[]; records: number }> }> {
      const docs = await model.find({}, { metric: 1, period: 1, _id: 0 }).lean<Array<Pick<PerformanceRecordDoc, 'metric' | 'period'>>>().exec();
      const by = new Map<string, { periods: Set<string>; records: number }>();
      for (const d of docs) {
        const m = by.get(d.metric) ?? { periods: new Set<string>(), records: 0 };
        m.periods.add(d.period);
        m.records++;
        by.set(d.metric, m);
      }
      return {
        metrics: [...by].map(([metric, m]) => ({ metric, periods: [...m.periods].sort().reverse(), records: m.records })).sort((a, b) => a.metric.localeCompare(b.metric)),
      };
    },

    /** People with any performance record in the latest period imported (review participation), or null. */
    async reviewedInLatestPeriod(): Promise<Set<string> | null> {
      // Re-read only when an import happened since (count and newest import time).
      const [count, newest] = await Promise.all([model.countDocuments({}).exec(), model.findOne({}).sort({ importedAt: -1 }).lean<PerformanceRecordDoc>().exec()]);
      const token = `${count}|${newest?.importedAt ? new Date(newest.importedAt).getTime() : 0}`;
      if (reviewedCache?.token === token) return reviewedCache.value;
      const periods = (await model.distinct('period').exec()) as string[];
      let value: Set<string> | null = null;
      if (periods.length) {
        const latest = periods.sort().at(-1)!;
        value = new Set((await model.distinct('personId', { period: latest }).exec()) as string[]);
      }
      reviewedCache = { token, value };
      return value;
    },

    async correlation(q: CorrelationQuery, ctx: { people: PeopleDirectory; scope: Scope; complianceRows: () => AsyncIterable<ComplianceStatusRow> }): Promise<CorrelationReport> {
      const perf = await model.find({ metric: q.metric, period: q.period }, { personId: 1, value: 1, _id: 0 }).lean<Array<Pick<PerformanceRecordDoc, 'personId' | 'value'>>>().exec();
      const y = new Map<string, number>();
      for (const d of perf) if (inScope(ctx.scope, d.personId) && ctx.people.byId.has(d.personId)) y.set(d.personId, d.value);
      const ids = new Set(y.keys());
      const x =
        q.measure === 'practice'
          ? await practiceMeasures(deps.records, deps.homePage, periodRange(q.period), ids)
          : await complianceMeasures(ctx.complianceRows(), q.measure, ids);
      const pairs: Array<{ person: PersonFacts; x: number; y: number }> = [];
      for (const [id, yv] of y) {
        const xv = x.get(id);
        if (xv !== undefined) pairs.push({ person: ctx.people.byId.get(id)!, x: xv, y: yv });
      }
      const result = (key: string, list: typeof pairs): CohortResult => {
        if (isSuppressed(list.length)) return { key, n: list.length, suppressed: true };
        const xs = list.map((p) => p.x);
        const ys = list.map((p) => p.y);
        return { key, suppressed: false, ...summarise(xs, ys), points: list.map((p) => [round(p.x), round(p.y)]) };
      };
      const cohorts: CohortResult[] = [];
      if (q.cohort !== 'all') {
        const groups = new Map<string, typeof pairs>();
        for (const p of pairs) {
          const key = p.person[q.cohort] ?? '(not set)';
          const g = groups.get(key);
          if (g) g.push(p);
          else groups.set(key, [p]);
        }
        for (const [key, list] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
          const r = result(key, list);
          // A withheld cohort shows no count either: "fewer than 5" is all it says.
          cohorts.push(r.suppressed ? { key, n: 0, suppressed: true } : r);
        }
      }
      return { query: q, xLabel: MEASURE_LABELS[q.measure], yLabel: `${q.metric} (${q.period})`, overall: result('all', pairs), cohorts, minGroupSize: MIN_GROUP_SIZE };
    },
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export type PerformanceService = ReturnType<typeof createPerformanceService>;
