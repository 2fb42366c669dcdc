/**
 * Keeps the last full read of `compliance_status` and of the people directory in memory,
 * valid while a cheap change token is unchanged: (count, newest `evaluatedAt`) for the
 * statuses (hr-org's evaluation rewrites every changed document with a new `evaluatedAt`,
 * and removals change the count), (count, newest `updatedAt`) for people. A report then
 * costs its computation, not a fresh copy of 200,000 documents; any change is seen at the
 * next request. Time-dependent figures are still computed per request from `now`.
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

export function createReadCache(statuses: StoreCollection<ComplianceStatusRow>, users: UserModel) {
  // Indexes that make the change tokens a walk of one index entry, not a sort.
  const ready = statuses.createIndex({ evaluatedAt: 1 }, { name: 'reports_evaluatedAt' });
  const usersReady = users.collection.createIndex({ updatedAt: 1 }, { name: 'reports_updatedAt' });
  const allStatuses = tokenCache(
    async () => {
      await ready;
      const [count, newest] = await Promise.all([statuses.countDocuments({}), statuses.find({}, { sort: { evaluatedAt: -1 }, limit: 1 }).toArray()]);
      return `${count}|${time(newest[0]?.evaluatedAt)}`;
    },
    () => statuses.find({}).toArray(),
  );
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
