/**
 * Learning measures per person, the x of the performance correlation:
 * - completion: share of the person's current requirements that are complete (0..100)
 * - score: mean score (result.score.scaled x 100) of their completed requirements
 * - time_to_complete: mean days from assignment to completion
 * - practice: statements the person made per week during the period (from the LRS)
 */
import { userIdOfAgent } from '../learning-record/identity.js';
import { eachStatement, type ComplianceStatusRow, type RecordReader } from '../reports/sources.js';

export const MEASURES = ['completion', 'score', 'time_to_complete', 'practice'] as const;
export type Measure = (typeof MEASURES)[number];

export const MEASURE_LABELS: Record<Measure, string> = {
  completion: 'Completion of assigned learning (%)',
  score: 'Mean assessment score (%)',
  time_to_complete: 'Mean days to complete',
  practice: 'Learning activity (statements per week)',
};

const DAY = 86_400_000;

/** [start, end) of a period: `2026`, `2026-H1`, `2026-Q2`, `2026-05`. */
export function periodRange(period: string): { start: Date; end: Date } {
  const [y, part] = period.split('-');
  const year = Number(y);
  let m0 = 0;
  let months = 12;
  if (part?.startsWith('Q')) [m0, months] = [(Number(part.slice(1)) - 1) * 3, 3];
  else if (part?.startsWith('H')) [m0, months] = [(Number(part.slice(1)) - 1) * 6, 6];
  else if (part) [m0, months] = [Number(part) - 1, 1];
  return { start: new Date(Date.UTC(year, m0, 1)), end: new Date(Date.UTC(year, m0 + months, 1)) };
}

/** Measures from compliance_status rows, per person in `people`. */
export async function complianceMeasures(
  rows: AsyncIterable<ComplianceStatusRow> | Iterable<ComplianceStatusRow>,
  measure: Exclude<Measure, 'practice'>,
  people: ReadonlySet<string>,
): Promise<Map<string, number>> {
  const acc = new Map<string, { n: number; sum: number; count: number }>();
  for await (const r of rows) {
    if (!people.has(r.personId)) continue;
    let a = acc.get(r.personId);
    if (!a) acc.set(r.personId, (a = { n: 0, sum: 0, count: 0 }));
    const valid = r.status === 'complete' || r.status === 'expiring';
    if (measure === 'completion') {
      a.n++;
      if (valid) a.sum++;
    } else if (measure === 'score') {
      if (r.completedAt && typeof r.score === 'number') {
        a.n++;
        a.sum += r.score * 100;
      }
    } else if (r.completedAt) {
      a.n++;
      a.sum += Math.max(0, (new Date(r.completedAt).getTime() - new Date(r.assignedAt).getTime()) / DAY);
    }
  }
  const out = new Map<string, number>();
  for (const [id, a] of acc) {
    if (!a.n) continue;
    out.set(id, measure === 'completion' ? (a.sum / a.n) * 100 : a.sum / a.n);
  }
  return out;
}

/** Statements per week in the period, per person (people with none get 0). */
export async function practiceMeasures(records: RecordReader, homePage: string, period: { start: Date; end: Date }, people: ReadonlySet<string>): Promise<Map<string, number>> {
  const counts = new Map<string, number>([...people].map((id) => [id, 0]));
  const from = period.start.getTime();
  const to = period.end.getTime();
  for await (const s of eachStatement(records, {})) {
    const id = userIdOfAgent(s.actor, homePage);
    if (!id || !counts.has(id)) continue;
    const at = Date.parse(s.timestamp);
    if (at >= from && at < to) counts.set(id, counts.get(id)! + 1);
  }
  const weeks = Math.max(1, (to - from) / (7 * DAY));
  for (const [id, n] of counts) counts.set(id, Math.round((n / weeks) * 1000) / 1000);
  return counts;
}
