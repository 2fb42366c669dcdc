/**
 * Which external LRS clients HR allows to certify which activities. A client's statements
 * are always stored; a completion from it counts toward a requirement only for an activity
 * listed here (a vendor's LMS certifying its own course, say).
 */
import type { StoreDb } from '../store/types.js';

export interface AllowanceDoc {
  _id: string; // the client's key
  activityIds: string[];
  updatedAt: Date;
  updatedBy: string;
}

export interface CertificationAllowances {
  /** Replace the activities a client may certify (empty: none). */
  set(clientKey: string, activityIds: string[], by: string): Promise<string[]>;
  /** Every client's allowed activities (cached briefly; a change in this process is seen at once). */
  all(): Promise<Map<string, Set<string>>>;
}

/** Other processes' changes are seen within this. */
const CACHE_MS = 3_000;

export interface AllowanceOptions {
  now?: () => Date;
  /** Told which activities' allowances changed (completions on them must be judged again). */
  onChange?: (activityIds: string[]) => Promise<void>;
}

export function createCertificationAllowances(db: StoreDb, opts: AllowanceOptions = {}): CertificationAllowances {
  const now = opts.now ?? (() => new Date());
  const docs = db.collection<AllowanceDoc>('lrs_client_certifications');
  let cache: { at: number; map: Map<string, Set<string>> } | null = null;
  return {
    async set(clientKey, activityIds, by) {
      const ids = [...new Set(activityIds)].sort();
      const before = (await docs.findOne({ _id: clientKey }))?.activityIds ?? [];
      if (ids.length) await docs.replaceOne({ _id: clientKey }, { _id: clientKey, activityIds: ids, updatedAt: now(), updatedBy: by }, { upsert: true });
      else await docs.deleteOne({ _id: clientKey });
      cache = null;
      const changed = [...ids.filter((id) => !before.includes(id)), ...before.filter((id) => !ids.includes(id))];
      if (changed.length) await opts.onChange?.(changed);
      return ids;
    },
    async all() {
      if (cache && now().getTime() - cache.at < CACHE_MS) return cache.map;
      const map = new Map<string, Set<string>>();
      for (const d of await docs.find({}).toArray()) map.set(d._id, new Set(d.activityIds));
      cache = { at: now().getTime(), map };
      return map;
    },
  };
}
