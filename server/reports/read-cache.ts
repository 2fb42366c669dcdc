/**
 * Keeps the last full read of `compliance_status` and of the people directory in memory,
 * valid while a cheap change token is unchanged: (count, revision) for the statuses
 * (hr-org's evaluation stamps every document it writes with its revision, and removals
 * change the count), (count, newest `updatedAt`) for people. A report then
 * costs its computation, not a fresh copy of 200,000 documents; any change is seen at the
 * next request. Time-dependent figures are still computed per request from `now`.
 * When the statuses change, only the documents written since the last read are read
 * again; a removal (the count falls behind what is held) reads everything afresh.
 */
import type { UserDoc, UserModel } from '../people/user-model.js';
import type { StoreCollection } from '../store/types.js';
import { loadPeople, type PeopleDirectory } from './people-directory.js';
import type { ComplianceStatusRow } from './sources.js';
import { STATUS_REVISION_ID, type RevisionDoc } from '../compliance/status-revision.js';

interface Entry<T> {
  token: string;
  value: T;
}

/** One load at a time per cache; callers arriving meanwhile share it. */
function tokenCache<T>(token: () => Promise<string>, load: () => Promise<T>) {
  let entry: Entry<T> | null = null;
  let pending: { token: string; promise: Promise<T> } | null = null;
  return async (): Promise<T> => {
    const t = await token();
    if (entry?.token === t) return entry.value;
    if (pending?.token === t) return pending.promise;
    const promise = load().then((value) => {
      entry = { token: t, value };
      return value;
    });
    pending = { token: t, promise };
    try {
      return await promise;
    } finally {
      if (pending?.promise === promise) pending = null;
    }
  };
}

const time = (d: unknown) => (d instanceof Date ? d.getTime() : d ? Date.parse(String(d)) : 0);

const statusKey = (r: ComplianceStatusRow) => `${r.personId}\u0000${r.targetType}\u0000${r.targetId}`;

/**
 * compliance_status held in memory, refreshed by what was written since the last read. The
 * change token is (count, revision): every evaluation that writes stamps its documents with
 * the next revision of hr-org's counter, in write order across processes (evaluations hold a
 * store lease), so documents with a newer revision are exactly what changed, whatever the
 * writing process's clock said in `evaluatedAt`.
 */
function statusCache(statuses: StoreCollection<ComplianceStatusRow>, revisions: StoreCollection<RevisionDoc>, ready: Promise<unknown>) {
  let held: { token: string; rev: number; byKey: Map<string, ComplianceStatusRow>; rows: ComplianceStatusRow[] } | null = null;
  const readToken = async () => {
    await ready;
    const [count, revision] = await Promise.all([statuses.countDocuments({}), revisions.findOne({ _id: STATUS_REVISION_ID })]);
    return { count, rev: revision?.rev ?? 0 };
  };
  const load = tokenCache(
    async () => {
      const { count, rev } = await readToken();
      return `${count}|${rev}`;
    },
    async () => {
      // The token first: a write landing during the read below is seen again next time.
      const { count, rev } = await readToken();
      const token = `${count}|${rev}`;
      if (held) {
        const changed = await statuses.find({ rev: { $gt: held.rev } }).toArray();
        const byKey = new Map(held.byKey);
        for (const r of changed) byKey.set(statusKey(r), r);
        if (byKey.size === count) {
          held = { token, rev, byKey, rows: [...byKey.values()] };
          return held.rows;
        }
      }
      // First read, or something was removed: read everything.
      const rows = await statuses.find({}).toArray();
      held = { token, rev, byKey: new Map(rows.map((r) => [statusKey(r), r])), rows };
      return rows;
    },
  );
  return load;
}

export function createReadCache(statuses: StoreCollection<ComplianceStatusRow>, revisions: StoreCollection<RevisionDoc>, users: UserModel) {
  // Indexes that make the change reads a walk of the new entries, not a scan.
  const ready = statuses.createIndex({ rev: 1 }, { name: 'reports_rev' });
  const usersReady = users.collection.createIndex({ updatedAt: 1 }, { name: 'reports_updatedAt' });
  const allStatuses = statusCache(statuses, revisions, ready);
  const people = tokenCache(
    async () => {
      await usersReady;
      const [count, newest] = await Promise.all([users.countDocuments({}).exec(), users.findOne({}).sort({ updatedAt: -1 }).lean<UserDoc>().exec()]);
      return `${count}|${time(newest?.updatedAt)}`;
    },
    () => loadPeople(users),
  );
  return { allStatuses, people: people as () => Promise<PeopleDirectory> };
}

export type ReadCache = ReturnType<typeof createReadCache>;
