/**
 * Completion facts: per (person, activity), when the person first did anything on it and
 * their completions (time, score, statement id). A projection of the LRS read through
 * `lrs.records` from an `ord` checkpoint, so re-evaluation reads only what was stored since
 * the last run; `rebuild()` starts again from zero. Activities that become requirements
 * later are caught up from the start on their own (an indexed read of just those ids).
 * Voiding statements remove the completion they void.
 */
import type { RecordReader, StoredStatement } from '../../lrs/index.js';
import { COMPLETION_VERBS, userIdOfAgent, VERBS } from '../learning-record/identity.js';
import type { BulkWriteOperation, StoreDb } from '../store/types.js';
import type { CompletionAuthority, CompletionJudge, CompletionSource } from '../learning-record/completion-authority.js';

export interface CompletionEntry {
  at: Date;
  statementId: string;
  score?: number;
  /** Where it came from (provenance for the record and the evidence pack). */
  source?: CompletionSource;
}

/** A completion statement that did not count, and why (the person's record shows it). */
export interface NotCountedEntry {
  at: Date;
  statementId: string;
  reason: string;
  source: string;
}

export interface CompletionFactDoc {
  /** `${personId}|${activityId}`. */
  _id: string;
  personId: string;
  activityId: string;
  /** Earliest counting statement by the person on the activity (in progress from then); absent when only statements that do not count were seen. */
  firstSeenAt?: Date;
  /** Completions, oldest first (at most MAX_KEPT, the newest). */
  completions: CompletionEntry[];
  /** Statement ids of the completions, for voiding. */
  statementIds: string[];
  /** Whether other (non-completion) counting statements were seen (0 or 1: re-reading a statement changes nothing): a fact whose completions are all voided and has none is dropped. */
  others: number;
  /** Completions that did not count (newest MAX_KEPT), with the reason. */
  notCounted?: NotCountedEntry[];
}

interface Checkpoint {
  _id: string;
  lastOrd: number;
  activityIds: string[];
  /** FACTS_VERSION the facts were built with; another version rebuilds from zero. */
  version?: number;
}

/** 2: completions judged by CompletionAuthority, with their source. */
const FACTS_VERSION = 2;

const MAX_KEPT = 20;
const CHUNK = 5000;
const READ_PAGE = 10_000;
/** What "little was stored since the last run" means: fewer statements than one page (tests pass a smaller one). */
const RECENT_PAGE = 5000;
const factKey = (personId: string, activityId: string) => `${personId}|${activityId}`;
const COMPLETION = new Set(COMPLETION_VERBS);

export interface CompletionFacts {
  /** Read what was stored since the checkpoint for these activities; returns how many statements were read. */
  update(activityIds: string[]): Promise<{ read: number; changed: number }>;
  /** Forget everything and read from zero. */
  rebuild(activityIds: string[]): Promise<{ read: number; changed: number }>;
  /**
   * Judge these activities' statements again (who may assert them changed): their facts are
   * dropped and the next update reads their history from the start.
   */
  forget(activityIds: string[]): Promise<void>;
  /** Facts for these people (all people when omitted), keyed `${personId}|${activityId}`. */
  load(personIds?: string[]): Promise<Map<string, CompletionFactDoc>>;
}

export async function openCompletionFacts(db: StoreDb, records: RecordReader, homePage: string, authority: CompletionAuthority, opts: { recentPage?: number } = {}): Promise<CompletionFacts> {
  const recentPage = opts.recentPage ?? RECENT_PAGE;
  const facts = db.collection<CompletionFactDoc>('completion_facts');
  const checkpoints = db.collection<Checkpoint>('projection_checkpoints');
  await facts.createIndex({ personId: 1 });
  await facts.createIndex({ statementIds: 1 });
  const ID = 'completion_facts';

  async function readInto(acc: Map<string, CompletionFactDoc>, activityIds: string[], afterOrd: number | undefined, untilOrd?: number): Promise<{ read: number; lastOrd: number }> {
    let read = 0;
    let lastOrd = afterOrd ?? 0;
    // One activity per query: each page then examines only that activity's index entries
    // (one query over many activities re-examines all of their entries for every page).
    for (const activityId of activityIds) {
      // The largest page the reader allows: each page re-examines the activity's index entries.
      pages: for await (const page of records.pages({ activityIds: [activityId], afterOrd, pageSize: READ_PAGE })) {
        const judge = await authority.judgeFor(page.statements);
        for (const s of page.statements) {
          if (untilOrd !== undefined && s.ord > untilOrd) break pages;
          read++;
          apply(acc, s, homePage, judge);
        }
        lastOrd = Math.max(lastOrd, page.lastOrd ?? 0);
      }
    }
    return { read, lastOrd };
  }

  /**
   * Merge freshly read facts into the stored ones and write the changed documents: one
   * ordered bulk write, the stored versions' deletes before the inserts that replace them
   * (separate calls could reach MongoDB in either order on a connection pool).
   */
  async function save(acc: Map<string, CompletionFactDoc>, fresh: boolean): Promise<number> {
    const keys = [...acc.keys()];
    const ops: BulkWriteOperation<CompletionFactDoc>[] = [];
    if (!fresh) {
      for (let i = 0; i < keys.length; i += CHUNK) {
        const olds = await facts.find({ _id: { $in: keys.slice(i, i + CHUNK) } }).toArray();
        for (const old of olds) merge(acc.get(old._id)!, old);
        if (olds.length) ops.push({ deleteMany: { filter: { _id: { $in: olds.map((o) => o._id) } } } });
      }
    }
    for (const k of keys) ops.push({ insertOne: { document: acc.get(k)! } });
    if (ops.length) await facts.bulkWrite(ops);
    return keys.length;
  }

  async function removeVoided(afterOrd: number | undefined): Promise<{ read: number; lastOrd?: number; changed: number }> {
    let read = 0;
    let changed = 0;
    let lastOrd: number | undefined;
    for await (const page of records.pages({ verbs: [VERBS.voided], afterOrd, pageSize: CHUNK })) {
      lastOrd = page.lastOrd ?? lastOrd;
      read += page.statements.length;
      changed += await applyVoids(page.statements);
    }
    return { read, lastOrd, changed };
  }

  /** Drop the completions these voiding statements void; returns how many facts changed. */
  async function applyVoids(voiding: StoredStatement[]): Promise<number> {
    let changed = 0;
    for (const s of voiding) {
      const target = (s.object as { id?: string }).id?.toLowerCase();
      if (!target) continue;
      const hit = await facts.findOne({ statementIds: target });
      if (!hit) continue;
      const keep = hit.completions.filter((c) => c.statementId !== target);
      if (!keep.length && !hit.others) await facts.deleteOne({ _id: hit._id });
      else await facts.updateOne({ _id: hit._id }, { $set: { completions: keep, statementIds: keep.map((c) => c.statementId) } });
      changed++;
    }
    return changed;
  }

  /**
   * The usual re-evaluation: little was stored since the checkpoint. One page of everything
   * after it, in storage order (an ordered walk from the checkpoint, whatever the activity),
   * costs what was stored since; a query per activity would examine each activity's whole
   * history in the index. Null when a page does not hold it all (the per-activity reads then
   * take over from the same checkpoint).
   */
  async function readRecent(acc: Map<string, CompletionFactDoc>, activityIds: string[], afterOrd: number): Promise<{ read: number; lastOrd: number; voiding: StoredStatement[] } | null> {
    const page = await records.find({ afterOrd, limit: recentPage });
    if (page.statements.length >= recentPage) return null;
    const wanted = new Set(activityIds);
    const voiding: StoredStatement[] = [];
    let read = 0;
    const judge = await authority.judgeFor(page.statements);
    for (const s of page.statements) {
      if (s.verb.id === VERBS.voided) {
        voiding.push(s);
        continue;
      }
      const obj = s.object as { objectType?: string; id?: string };
      // The same statements the per-activity read keeps: the activity as the statement's own object.
      if ((obj.objectType !== undefined && obj.objectType !== 'Activity') || !wanted.has(obj.id!)) continue;
      read++;
      apply(acc, s, homePage, judge);
    }
    return { read: read + voiding.length, lastOrd: page.lastOrd ?? afterOrd, voiding };
  }

  async function run(activityIds: string[], rebuild: boolean): Promise<{ read: number; changed: number }> {
    const wanted = [...new Set(activityIds)].sort();
    const stored = await checkpoints.findOne({ _id: ID });
    // Facts built by another version of the rules are read again from zero.
    const fromZero = rebuild || (stored !== null && stored.version !== FACTS_VERSION);
    const cp = fromZero ? null : stored;
    if (fromZero) {
      await facts.deleteMany({});
      await checkpoints.deleteOne({ _id: ID });
    }
    // Taken before reading: every statement at or below it is visible, so the reads below
    // see them all and the checkpoint may move there. Above it a statement may still land
    // late; those are read again next time (apply is idempotent).
    const settled = await records.settledOrd();
    const acc = new Map<string, CompletionFactDoc>();
    let read = 0;
    const known = new Set(cp?.activityIds ?? []);
    const added = wanted.filter((id) => !known.has(id));
    if (cp && added.length) {
      // New requirements: their history up to the checkpoint, before reading on with the rest.
      read += (await readInto(acc, added, undefined, cp.lastOrd)).read;
    }
    const after = cp?.lastOrd;
    const recent = after !== undefined ? await readRecent(acc, wanted, after) : null;
    if (recent) {
      read += recent.read;
      await save(acc, false);
      const changed = await applyVoids(recent.voiding);
      await checkpoints.replaceOne({ _id: ID }, { _id: ID, lastOrd: Math.max(after!, settled), activityIds: wanted, version: FACTS_VERSION }, { upsert: true });
      return { read, changed: acc.size + changed };
    }
    // The checkpoint moves to the settled mark, past other activities' statements too (else
    // the next run would find them all again after its checkpoint).
    const main = await readInto(acc, wanted, after);
    read += main.read;
    await save(acc, fromZero || !cp);
    const voids = await removeVoided(after);
    read += voids.read;
    const lastOrd = Math.max(after ?? 0, settled);
    await checkpoints.replaceOne({ _id: ID }, { _id: ID, lastOrd, activityIds: wanted, version: FACTS_VERSION }, { upsert: true });
    return { read, changed: acc.size + voids.changed };
  }

  return {
    update: (ids) => run(ids, false),
    rebuild: (ids) => run(ids, true),
    async forget(activityIds) {
      if (!activityIds.length) return;
      // The checkpoint first: should the process stop between the two, the activities are read again anyway.
      await checkpoints.updateOne({ _id: ID }, { $pull: { activityIds: { $in: activityIds } } });
      await facts.deleteMany({ activityId: { $in: activityIds } });
    },
    async load(personIds) {
      const out = new Map<string, CompletionFactDoc>();
      if (!personIds) {
        for (const f of await facts.find({}).toArray()) out.set(f._id, f);
        return out;
      }
      for (let i = 0; i < personIds.length; i += CHUNK) {
        for (const f of await facts.find({ personId: { $in: personIds.slice(i, i + CHUNK) } }).toArray()) out.set(f._id, f);
      }
      return out;
    },
  };
}

/**
 * Fold one statement into the facts. Idempotent (a statement read twice changes nothing), so
 * a reader may re-read what lies above the LRS's settled mark.
 */
function apply(acc: Map<string, CompletionFactDoc>, s: StoredStatement, homePage: string, judge: CompletionJudge): void {
  const personId = userIdOfAgent(s.actor, homePage);
  const activityId = (s.object as { id?: string }).id;
  if (!personId || !activityId) return;
  const isCompletion = COMPLETION.has(s.verb.id);
  const verdict = judge(s);
  // Statements from sources that may not assert this activity do not move anything;
  // completions among them are kept, with the reason, for the person's record.
  if (!verdict.counts && !isCompletion) return;
  const key = factKey(personId, activityId);
  const at = new Date(s.timestamp ?? s.stored);
  let f = acc.get(key);
  if (!f) {
    f = { _id: key, personId, activityId, completions: [], statementIds: [], others: 0 };
    acc.set(key, f);
  }
  if (!verdict.counts) {
    addNotCounted(f, { at, statementId: s.id.toLowerCase(), reason: verdict.reason ?? 'its source may not assert this activity', source: verdict.source.label });
    return;
  }
  if (!f.firstSeenAt || at < f.firstSeenAt) f.firstSeenAt = at;
  if (!isCompletion) {
    f.others = 1;
    return;
  }
  const scaled = (s.result as { score?: { scaled?: unknown } } | undefined)?.score?.scaled;
  const entry: CompletionEntry = { at, statementId: s.id.toLowerCase(), source: verdict.source };
  if (typeof scaled === 'number') entry.score = scaled;
  addCompletion(f, entry);
}

function addNotCounted(f: CompletionFactDoc, e: NotCountedEntry): void {
  const list = (f.notCounted ??= []);
  if (list.some((n) => n.statementId === e.statementId)) return;
  list.push(e);
  list.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
  if (list.length > MAX_KEPT) list.splice(0, list.length - MAX_KEPT);
}

function addCompletion(f: CompletionFactDoc, e: CompletionEntry): void {
  if (f.statementIds.includes(e.statementId)) return;
  f.completions.push(e);
  f.completions.sort((a, b) => a.at.getTime() - b.at.getTime());
  if (f.completions.length > MAX_KEPT) f.completions.splice(0, f.completions.length - MAX_KEPT);
  f.statementIds = f.completions.map((c) => c.statementId);
}

/** Fold a stored fact into a fresh one (the fresh one holds only statements read this run). */
function merge(into: CompletionFactDoc, old: CompletionFactDoc): void {
  if (old.firstSeenAt) {
    const firstSeen = new Date(old.firstSeenAt);
    if (!into.firstSeenAt || firstSeen < into.firstSeenAt) into.firstSeenAt = firstSeen;
  }
  into.others = Math.max(into.others, old.others ? 1 : 0);
  for (const c of old.completions) addCompletion(into, { ...c, at: new Date(c.at) });
  for (const n of old.notCounted ?? []) addNotCounted(into, { ...n, at: new Date(n.at) });
}
