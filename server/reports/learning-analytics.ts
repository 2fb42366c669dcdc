/**
 * Learning analytics read from the LRS record: activity over time, per activity
 * (learners, attempts, completions, score histogram of result.score.scaled, time spent
 * from result.duration), the most-failed questions (`answered` with success=false,
 * grouped by question with its interaction description), and path enrolment and
 * completion. Cross-person figures over fewer than 5 learners are withheld.
 */
import { COMPLETION_VERBS, userIdOfAgent, VERBS } from '../learning-record/identity.js';
import type { StoredStatement } from './sources.js';
import { histogram, isSuppressed, percent, type HistogramBin } from './stats/describe.js';

/** ISO 8601 duration (PnDTnHnMnS, PnW) in seconds; null when unreadable. */
export function durationSeconds(d: string | undefined): number | null {
  if (!d) return null;
  const m = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(d);
  if (!m || d === 'P' || d.endsWith('T')) return null;
  const [, w, day, h, min, s] = m.map((v) => (v === undefined ? 0 : Number(v)));
  return w! * 604800 + day! * 86400 + h! * 3600 + min! * 60 + s!;
}

const langText = (map: Record<string, string> | undefined) => (map ? (map['en-US'] ?? map.en ?? Object.values(map)[0]) : undefined);

export interface ActivityStats {
  id: string;
  name: string;
  learners: number;
  suppressed: boolean;
  attempts?: number;
  completions?: number;
  failures?: number;
  scores?: number;
  meanScore?: number | null;
  scoreHistogram?: HistogramBin[];
  timeSpentHours?: number | null;
  meanMinutesPerLearner?: number | null;
}

export interface FailedQuestion {
  id: string;
  description: string;
  failures: number;
  answers: number;
  failureRate: number | null;
  learners: number;
}

export interface PathStats {
  id: string;
  title: string;
  enrolled: number | null;
  completed: number | null;
  completionPct: number | null;
  suppressed: boolean;
}

export interface LearningAnalytics {
  window: { from: string; to: string };
  granularity: 'day' | 'week';
  statements: number;
  learners: number;
  activityOverTime: Array<{ period: string; statements: number }>;
  activities: ActivityStats[];
  mostFailed: FailedQuestion[];
  paths: PathStats[];
  competencies: { available: boolean; note: string };
}

export interface AnalyticsInput {
  statements: AsyncIterable<StoredStatement>;
  homePage: string;
  from: Date;
  to: Date;
  granularity: 'day' | 'week';
  /** False for someone's own view: their own figures are not withheld from them. */
  suppress: boolean;
  /** Paths and who is assigned each (assignments of target type path). */
  paths: Array<{ id: string; title: string; activityId: string; assigned: ReadonlySet<string> }>;
  limit?: number;
}

const SCORE_VERBS = new Set([...COMPLETION_VERBS, VERBS.failed]);

/** Monday of the ISO week, as YYYY-MM-DD. */
function weekOf(ms: number): string {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

export async function computeLearningAnalytics(input: AnalyticsInput): Promise<LearningAnalytics> {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const buckets = new Map<string, number>();
  const learners = new Set<string>();
  const acts = new Map<string, { name?: string; learners: Set<string>; attempts: number; completions: number; failures: number; scores: number[]; seconds: number; timed: Set<string> }>();
  const questions = new Map<string, { description?: string; failures: number; answers: number; learners: Set<string> }>();
  const pathIds = new Map(input.paths.map((p) => [p.activityId, p]));
  const pathStarted = new Map<string, Set<string>>();
  const pathDone = new Map<string, Set<string>>();
  let count = 0;

  for await (const s of input.statements) {
    const at = Date.parse(s.timestamp);
    if (!(at >= from && at <= to)) continue;
    const person = userIdOfAgent(s.actor, input.homePage) ?? JSON.stringify(s.actor);
    count++;
    learners.add(person);
    const key = input.granularity === 'day' ? new Date(at).toISOString().slice(0, 10) : weekOf(at);
    buckets.set(key, (buckets.get(key) ?? 0) + 1);
    const obj = s.object as { id?: string; objectType?: string; definition?: { name?: Record<string, string>; description?: Record<string, string> } };
    if (!obj.id || (obj.objectType && obj.objectType !== 'Activity')) continue;
    const result = s.result as { score?: { scaled?: number }; success?: boolean; duration?: string } | undefined;

    const path = pathIds.get(obj.id);
    if (path) {
      const started = pathStarted.get(path.id) ?? new Set<string>();
      started.add(person);
      pathStarted.set(path.id, started);
      if (COMPLETION_VERBS.includes(s.verb.id)) {
        const done = pathDone.get(path.id) ?? new Set<string>();
        done.add(person);
        pathDone.set(path.id, done);
      }
      continue;
    }

    if (s.verb.id === VERBS.answered) {
      const q = questions.get(obj.id) ?? { failures: 0, answers: 0, learners: new Set<string>() };
      q.description ??= langText(obj.definition?.description) ?? langText(obj.definition?.name);
      q.answers++;
      q.learners.add(person);
      if (result?.success === false) q.failures++;
      questions.set(obj.id, q);
      continue;
    }

    let a = acts.get(obj.id);
    if (!a) acts.set(obj.id, (a = { learners: new Set(), attempts: 0, completions: 0, failures: 0, scores: [], seconds: 0, timed: new Set() }));
    a.name ??= langText(obj.definition?.name);
    a.learners.add(person);
    if (s.verb.id === VERBS.launched || s.verb.id === VERBS.initialized) a.attempts++;
    if (COMPLETION_VERBS.includes(s.verb.id)) a.completions++;
    if (s.verb.id === VERBS.failed) a.failures++;
    const scaled = result?.score?.scaled;
    if (SCORE_VERBS.has(s.verb.id) && typeof scaled === 'number') a.scores.push(scaled);
    const secs = durationSeconds(result?.duration);
    if (secs !== null) {
      a.seconds += secs;
      a.timed.add(person);
    }
  }

  const hold = (n: number) => input.suppress && isSuppressed(n);
  const limit = input.limit ?? 50;
  const activities: ActivityStats[] = [...acts]
    .sort((x, y) => y[1].learners.size - x[1].learners.size || x[0].localeCompare(y[0]))
    .slice(0, limit)
    .map(([id, a]) => {
      const base = { id, name: a.name ?? id, learners: a.learners.size };
      if (hold(a.learners.size)) return { ...base, suppressed: true };
      const mean = a.scores.length ? a.scores.reduce((x, y) => x + y, 0) / a.scores.length : null;
      return {
        ...base,
        suppressed: false,
        attempts: a.attempts,
        completions: a.completions,
        failures: a.failures,
        scores: a.scores.length,
        meanScore: mean === null ? null : Math.round(mean * 1000) / 1000,
        scoreHistogram: histogram(a.scores, 10, 0, 1),
        timeSpentHours: a.timed.size ? Math.round((a.seconds / 3600) * 100) / 100 : null,
        meanMinutesPerLearner: a.timed.size ? Math.round((a.seconds / 60 / a.timed.size) * 10) / 10 : null,
      };
    });
  const mostFailed: FailedQuestion[] = [...questions]
    .filter(([, q]) => q.failures > 0 && !hold(q.learners.size))
    .sort((x, y) => y[1].failures - x[1].failures || x[0].localeCompare(y[0]))
    .slice(0, 20)
    .map(([id, q]) => ({ id, description: q.description ?? id, failures: q.failures, answers: q.answers, failureRate: percent(q.failures, q.answers), learners: q.learners.size }));
  const paths: PathStats[] = input.paths.map((p) => {
    const enrolled = new Set([...p.assigned, ...(pathStarted.get(p.id) ?? [])]);
    const completed = pathDone.get(p.id)?.size ?? 0;
    if (hold(enrolled.size)) return { id: p.id, title: p.title, enrolled: null, completed: null, completionPct: null, suppressed: true };
    return { id: p.id, title: p.title, enrolled: enrolled.size, completed, completionPct: percent(completed, enrolled.size), suppressed: false };
  });
  return {
    window: { from: input.from.toISOString().slice(0, 10), to: input.to.toISOString().slice(0, 10) },
    granularity: input.granularity,
    statements: count,
    learners: learners.size,
    activityOverTime: [...buckets].sort((a, b) => a[0].localeCompare(b[0])).map(([period, statements]) => ({ period, statements })),
    activities,
    mostFailed,
    paths,
    competencies: { available: false, note: 'Competency progression is not part of this report yet: see each person’s competencies on My team and Team competencies.' },
  };
}
