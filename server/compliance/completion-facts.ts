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
import type { BulkWriteOperation, StoreCollection, StoreDb } from '../store/types.js';

export interface CompletionEntry {
  at: Date;
  statementId: string;
  score?: number;
}

export interface CompletionFactDoc {
  /** `${personId}|${activityId}`. */
  _id: string;
  personId: string;
  activityId: string;
  /** Earliest statement by the person on the activity (in progress from then). */
  firstSeenAt: Date;
  /** Completions, oldest first (at most MAX_KEPT, the newest). */
  completions: CompletionEntry[];
  /** Statement ids of the completions, for voiding. */
  statementIds: string[];
  /** How many other (non-completion) statements were seen: a fact whose completions are all voided and has none is dropped. */
  others: number;
}

interface Checkpoint {
  _id: string;
  lastOrd: number;
  activityIds: string[];
}

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
  /** Facts for these people (all people when omitted), keyed `${personId}|${activityId}`. */
  load(personIds?: string[]): Promise<Map<string, CompletionFactDoc>>;
}

export async function openCompletionFacts(db: StoreDb, records: RecordReader, homePage: string, opts: { recentPage?: number } = {}): Promise<CompletionFacts> {
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
        for (const s of page.statements) {
          if (untilOrd !== undefined && s.ord > untilOrd) break pages;
          read++;
          apply(acc, s, homePage);
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
    for (const s of page.statements) {
      if (s.verb.id === VERBS.voided) {
        voiding.push(s);
        continue;
      }
      const obj = s.object as { objectType?: string; id?: string };
      // The same statements the per-activity read keeps: the activity as the statement's own object.
      if ((obj.objectType !== undefined && obj.objectType !== 'Activity') || !wanted.has(obj.id!)) continue;
      read++;
      apply(acc, s, homePage);
    }
    return { read: read + voiding.length, lastOrd: page.lastOrd ?? afterOrd, voiding };
  }

  async function run(activityIds: string[], fromZero: boolean): Promise<{ read: number; changed: number }> {
    const wanted = [...new Set(activityIds)].sort();
    const cp = fromZero ? null : await checkpoints.findOne({ _id: ID });
    if (fromZero) {
      await facts.deleteMany({});
      await checkpoints.deleteOne({ _id: ID });
    }
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
      await checkpoints.replaceOne({ _id: ID }, { _id: ID, lastOrd: recent.lastOrd, activityIds: wanted }, { upsert: true });
      return { read, changed: acc.size + changed };
    }
    // Everything up to here is read below: the checkpoint moves past other activities'
    // statements too (else the next run would find them all again after its checkpoint).
    const highWater = await records.highestOrd();
    const main = await readInto(acc, wanted, after);
    read += main.read;
    await save(acc, fromZero || !cp);
    const voids = await removeVoided(after);
    read += voids.read;
    const lastOrd = Math.max(after ?? 0, highWater, main.lastOrd, voids.lastOrd ?? 0);
    await checkpoints.replaceOne({ _id: ID }, { _id: ID, lastOrd, activityIds: wanted }, { upsert: true });
    return { read, changed: acc.size + voids.changed };
  }

  return {
    update: (ids) => run(ids, false),
    rebuild: (ids) => run(ids, true),
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

function apply(acc: Map<string, CompletionFactDoc>, s: StoredStatement, homePage: string): void {
  const personId = userIdOfAgent(s.actor, homePage);
  const activityId = (s.object as { id?: string }).id;
  if (!personId || !activityId) return;
  const key = factKey(personId, activityId);
  const at = new Date(s.timestamp ?? s.stored);
  let f = acc.get(key);
  if (!f) {
    f = { _id: key, personId, activityId, firstSeenAt: at, completions: [], statementIds: [], others: 0 };
    acc.set(key, f);
  } else if (at < f.firstSeenAt) f.firstSeenAt = at;
  if (!COMPLETION.has(s.verb.id)) {
    f.others++;
    return;
  }
  const scaled = (s.result as { score?: { scaled?: unknown } } | undefined)?.score?.scaled;
  const entry: CompletionEntry = { at, statementId: s.id.toLowerCase() };
  if (typeof scaled === 'number') entry.score = scaled;
  addCompletion(f, entry);
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
  const firstSeen = new Date(old.firstSeenAt);
  if (firstSeen < into.firstSeenAt) into.firstSeenAt = firstSeen;
  into.others += old.others ?? 0;
  for (const c of old.completions) addCompletion(into, { ...c, at: new Date(c.at) });
}
