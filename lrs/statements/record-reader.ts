/**
 * `lrs.records`: the read service the LMS uses to consume the learning record (compliance,
 * paths, reports) without HTTP. Every filter is a key of the multikey `keys` index and the
 * walk follows `ord`, so a reader keeps a checkpoint and asks only for what was stored
 * since; nothing rescans the whole collection. Voided statements are left out.
 *
 * Statements become visible out of `ord` order (a slow insert, another process writing to
 * the same store), so a checkpoint moves to at most `settledOrd()`: see RecordReader.
 */
import { ifiKey, type Agent } from '../agents.js';
import { BadRequestError } from '../errors.js';
import type { Filter } from '../store.js';
import { keyOfRegistration, keyOfVerb, keysOfActivity } from './statement-keys.js';
import type { StatementRecord, StatementRepo } from './statement-repo.js';
import type { Statement } from './statement-types.js';

export interface RecordQuery {
  /** Any of these verb ids. */
  verbs?: string[];
  /** Any of these activity ids, as the statement's object (or also in context with `relatedActivities`). */
  activityIds?: string[];
  relatedActivities?: boolean;
  /** The actor or object agent. */
  agent?: object;
  registration?: string;
  /** Only statements stored after this order (a checkpoint from an earlier `lastOrd`). */
  afterOrd?: number;
  /** Page size; default 1000, at most 10,000. */
  limit?: number;
  includeVoided?: false;
}

/**
 * The statement as stored, plus what the LRS keeps beside it: its storage order (pass `ord`
 * back as `afterOrd` to page) and `sessionId`, the launch session whose token sent it
 * (absent for clients and the host's own writes; the statement's `authority` names the client).
 * None of these is part of the statement.
 */
export type StoredStatement = Statement & { id: string; stored: string; timestamp: string; ord: number; sessionId?: string };

export interface RecordPage {
  statements: StoredStatement[];
  /** The `ord` of the last statement returned (null when none): the next `afterOrd`. */
  lastOrd: number | null;
}

/**
 * Checkpoints: a statement is numbered (`ord`) before its insert lands, so one with a lower
 * `ord` can become visible after one with a higher `ord` has been read. A reader should move
 * its checkpoint to at most `settledOrd()` (e.g. `min(page.lastOrd, await settledOrd())`)
 * and handle the statements above it idempotently, as it will read them again. A checkpoint
 * at `lastOrd` or `highestOrd()` alone can skip a statement for good.
 */
export interface RecordReader {
  find(q: RecordQuery): Promise<RecordPage>;
  /** Every matching statement after `afterOrd`, page by page (in storage order). */
  pages(q: Omit<RecordQuery, 'limit'> & { pageSize?: number }): AsyncGenerator<RecordPage>;
  /**
   * The `ord` of the newest statement stored (0 when none): a checkpoint a reader of some
   * activities may move to after reading them, past statements about anything else.
   */
  highestOrd(): Promise<number>;
  /**
   * The highest `ord` at or below which every statement is visible (none still in flight):
   * the furthest a checkpoint may safely move. Statements of another process writing to the
   * same store are assumed visible once `settleLagMs` (createLrs) has passed since they were stored.
   */
  settledOrd(): Promise<number>;
}

const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 10_000;

export function createRecordReader(repo: StatementRepo, ready: () => Promise<void>, settledOrd: () => number): RecordReader {
  async function read(q: RecordQuery): Promise<{ page: RecordPage; full: boolean }> {
    await ready();
    const limit = q.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new BadRequestError(`limit must be 1..${MAX_LIMIT}`, 'limit');
    // No projection: the store would copy each record and then project the copy.
    const records = await repo.statements.find(filterOf(q), { sort: { ord: 1 }, limit }).toArray();
    const matches = matcherOf(q);
    const statements: StoredStatement[] = [];
    for (const r of records) {
      const s = JSON.parse(r.raw) as StoredStatement;
      s.ord = r.ord;
      if (r.sessionId) s.sessionId = r.sessionId;
      if (matches(s)) statements.push(s);
    }
    // lastOrd is the last record examined, so a caller's checkpoint moves past filtered ones too.
    return { page: { statements, lastOrd: records.length ? records[records.length - 1]!.ord : null }, full: records.length === limit };
  }

  return {
    find: async (q) => (await read(q)).page,
    async highestOrd() {
      await ready();
      return repo.highestOrd();
    },
    async settledOrd() {
      await ready();
      return settledOrd();
    },
    async *pages(q) {
      let afterOrd = q.afterOrd;
      for (;;) {
        const { page, full } = await read({ ...q, afterOrd, limit: q.pageSize ?? 5000 });
        if (page.lastOrd === null) return;
        yield page;
        afterOrd = page.lastOrd;
        if (!full) return;
      }
    },
  };
}

/**
 * The index also finds statements that merely reference a match (a voiding statement
 * carries its target's keys, as the Statement API requires); readers of the record want
 * statements that themselves have the verb, activity, agent or registration asked for.
 */
function matcherOf(q: RecordQuery): (s: StoredStatement) => boolean {
  const verbs = q.verbs ? new Set(q.verbs) : null;
  const acts = q.activityIds ? new Set(q.activityIds) : null;
  const agentKey = q.agent ? ifiKey(q.agent as Agent) : null;
  const reg = q.registration?.toLowerCase();
  return (s) => {
    if (verbs && !verbs.has(s.verb.id)) return false;
    const obj = s.object as { objectType?: string; id?: string };
    const isActivity = obj.objectType === undefined || obj.objectType === 'Activity';
    if (acts) {
      const own = isActivity && acts.has(obj.id!);
      if (!own && !(q.relatedActivities && contextActivityIds(s).some((id) => acts.has(id)))) return false;
    }
    if (agentKey && ifiKey(s.actor) !== agentKey && !(!isActivity && ifiKey(s.object as Agent) === agentKey)) return false;
    if (reg && s.context?.registration?.toLowerCase() !== reg) return false;
    return true;
  };
}

function contextActivityIds(s: Statement): string[] {
  const ca = s.context?.contextActivities ?? {};
  return Object.values(ca).flatMap((list) => (Array.isArray(list) ? list : [list])).map((a) => (a as { id: string }).id);
}

function filterOf(q: RecordQuery): Filter<StatementRecord> {
  const filter: Filter<StatementRecord> = { voided: false };
  const all: Array<{ keys: string | { $in: string[] } }> = [];
  const anyOf = (keys: string[]) => ({ keys: keys.length === 1 ? keys[0]! : { $in: keys } });
  if (q.verbs) {
    if (!q.verbs.length) throw new BadRequestError('verbs must name at least one verb', 'verbs');
    all.push(anyOf(q.verbs.map(keyOfVerb)));
  }
  if (q.activityIds) {
    if (!q.activityIds.length) throw new BadRequestError('activityIds must name at least one activity', 'activityIds');
    all.push(anyOf(q.activityIds.flatMap((id) => keysOfActivity(id, q.relatedActivities ?? false))));
  }
  if (q.agent) {
    const key = ifiKey(q.agent as Agent);
    if (!key) throw new BadRequestError('agent has no identifier', 'agent');
    all.push({ keys: `a:${key}` });
  }
  if (q.registration) all.push({ keys: keyOfRegistration(q.registration) });
  if (all.length) filter.$and = all;
  if (q.afterOrd !== undefined && q.afterOrd !== null) filter.ord = { $gt: q.afterOrd };
  return filter;
}
