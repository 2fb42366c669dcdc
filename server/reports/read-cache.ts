/**
 * Keeps the last full read of `compliance_status` and of the people directory in memory,
 * valid while a cheap change token is unchanged: (count, newest `evaluatedAt`) for the
 * statuses (hr-org's evaluation rewrites every changed document with a new `evaluatedAt`,
 * and removals change the count), (count, newest `updatedAt`) for people. A report then
 * costs its computation, not a fresh copy of 200,000 documents; any change is seen at the
 * next request. Time-dependent figures are still computed per request from `now`.
 * When the statuses change, only the documents evaluated since the last read are read
 * again (an evaluation rewrites what it changes with a new `evaluatedAt`); a removal
 * (the count falls behind what is held) reads everything afresh.
 */
import type { UserDoc, UserModel } from '../people/user-model.js';
import type { StoreCollection } from '../store/types.js';
import { loadPeople, type PeopleDirectory } from './people-directory.js';
import type { ComplianceStatusRow } from './sources.js';

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

/** compliance_status held in memory, refreshed by what was evaluated since the last read. */
function statusCache(statuses: StoreCollection<ComplianceStatusRow>, ready: Promise<unknown>) {
  let held: { token: string; newest: number; byKey: Map<string, ComplianceStatusRow>; rows: ComplianceStatusRow[] } | null = null;
  const readToken = async () => {
    await ready;
    const [count, newest] = await Promise.all([statuses.countDocuments({}), statuses.find({}, { sort: { evaluatedAt: -1 }, limit: 1 }).toArray()]);
    return { count, newest: time(newest[0]?.evaluatedAt) };
  };
  const load = tokenCache(
    async () => {
      const { count, newest } = await readToken();
      return `${count}|${newest}`;
    },
    async () => {
      const { count, newest } = await readToken();
      const token = `${count}|${newest}`;
      if (held) {
        // Documents evaluated at or after the newest one held (same-millisecond writes included).
        const changed = await statuses.find({ evaluatedAt: { $gte: new Date(held.newest) } }).toArray();
        const byKey = new Map(held.byKey);
        for (const r of changed) byKey.set(statusKey(r), r);
        if (byKey.size === count) {
          held = { token, newest, byKey, rows: [...byKey.values()] };
          return held.rows;
        }
      }
      const rows = await statuses.find({}).toArray();
      held = { token, newest, byKey: new Map(rows.map((r) => [statusKey(r), r])), rows };
      return rows;
    },
  );
  return load;
}

export function createReadCache(statuses: StoreCollection<ComplianceStatusRow>, users: UserModel) {
  // Indexes that make the change tokens a walk of one index entry, not a sort.
  const ready = statuses.createIndex({ evaluatedAt: 1 }, { name: 'reports_evaluatedAt' });
  const usersReady = users.collection.createIndex({ updatedAt: 1 }, { name: 'reports_updatedAt' });
  const allStatuses = statusCache(statuses, ready);
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
