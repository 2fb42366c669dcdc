/**
 * Which xAPI activity stands for an assignment target (CONTRACTS.md "completion of anything
 * = a statement"): a package's course activity, a path's activity, the current version of a
 * policy, or an external activity's own IRI. Resolved in bulk once per evaluation.
 */
import { Types } from 'mongoose';
import { packageActivityId, pathActivityId, policyActivityId } from '../learning-record/identity.js';
import type { StoreDb } from '../store/types.js';
import type { Target } from '../assignments/assignment-types.js';

export type ActivityOf = (target: Target) => string;

export async function resolveTargetActivities(db: StoreDb, homePage: string, targets: Target[]): Promise<ActivityOf> {
  const packageIds = [...new Set(targets.filter((t) => t.type === 'package').map((t) => t.id))];
  const policyIds = [...new Set(targets.filter((t) => t.type === 'policy').map((t) => t.id))];
  const packages = new Map<string, { kind: string; identity: string }>();
  const validIds = packageIds.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
  if (validIds.length) {
    for (const p of await db.collection('content_packages').find({ _id: { $in: validIds } }, { projection: { kind: 1, identity: 1 } }).toArray()) {
      packages.set(String(p._id), { kind: String(p.kind), identity: String(p.identity) });
    }
  }
  // Policies are hr-paths' documents; their ids may be strings or ObjectIds.
  const versions = new Map<string, number>();
  if (policyIds.length) {
    const ids: unknown[] = [...policyIds, ...policyIds.filter((id) => Types.ObjectId.isValid(id) && id.length === 24).map((id) => new Types.ObjectId(id))];
    for (const p of await db.collection('policies').find({ _id: { $in: ids as never[] } }, { projection: { currentVersion: 1 } }).toArray()) {
      versions.set(String(p._id), Number(p.currentVersion) || 1);
    }
  }
  return (t) => {
    switch (t.type) {
      case 'activity':
        return t.id;
      case 'path':
        return pathActivityId(homePage, t.id);
      case 'policy':
        return policyActivityId(homePage, t.id, versions.get(t.id) ?? 1);
      case 'package': {
        const pkg = packages.get(t.id);
        // An unknown package (deleted, or not imported yet) still has a stable, unmatched id.
        return pkg ? packageActivityId(pkg, homePage) : `${homePage}/activities/package/${encodeURIComponent(t.id)}`;
      }
    }
  };
}
