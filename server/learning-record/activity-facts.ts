/**
 * What a person's record says about some activities: started, completed (a COMPLETION_VERBS
 * statement, with its score), latest score. Paths and competencies read the LRS through this.
 */
import { COMPLETION_VERBS } from './identity.js';
import type { RecordReader, StoredStatement } from './records.js';

export interface Completion {
  statementId: string;
  verb: string;
  at: string;
  score?: number;
}

export interface ActivityFacts {
  activityId: string;
  /** Every statement by the person on the activity, oldest first. */
  statements: StoredStatement[];
  completions: Completion[];
}

const COMPLETION = new Set(COMPLETION_VERBS);

export function scoreOf(s: StoredStatement): number | undefined {
  const scaled = (s.result as { score?: { scaled?: unknown } } | undefined)?.score?.scaled;
  return typeof scaled === 'number' ? scaled : undefined;
}

/** The person's statements on these activities (hand it the trusted reader: trusted-records.ts). */
export async function activityFacts(reader: RecordReader, agent: object, activityIds: string[]): Promise<Map<string, ActivityFacts>> {
  const ids = [...new Set(activityIds)];
  const facts = new Map<string, ActivityFacts>(ids.map((id) => [id, { activityId: id, statements: [], completions: [] }]));
  if (!ids.length) return facts;
  for await (const page of reader.pages({ agent, activityIds: ids })) {
    for (const s of page.statements) {
      const objectId = (s.object as { id?: string }).id;
      const f = objectId ? facts.get(objectId) : undefined;
      if (!f) continue;
      f.statements.push(s);
      if (COMPLETION.has(s.verb.id)) f.completions.push({ statementId: s.id, verb: s.verb.id, at: s.timestamp, score: scoreOf(s) });
    }
  }
  return facts;
}

/** The first completion meeting a minimum score (when given), or null. */
export function completionMeeting(f: ActivityFacts | undefined, minScore?: number): Completion | null {
  if (!f) return null;
  return f.completions.find((c) => minScore === undefined || (c.score !== undefined && c.score >= minScore)) ?? null;
}
