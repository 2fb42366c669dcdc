/**
 * Which activities stand for a requirement in the LRS, following CONTRACTS.md: a package's
 * course activity, a path's activity, every version of a policy (each version is its own
 * activity), or an external activity's own IRI.
 */
import { packageActivityId, pathActivityId, policyActivityId } from '../../learning-record/identity.js';
import { NotFoundError } from '../../http/errors.js';
import type { StoreDb } from '../../store/types.js';
import type { PolicyDoc, TargetType } from '../sources.js';
import { Types } from 'mongoose';

export interface ResolvedTarget {
  type: TargetType;
  id: string;
  title: string;
  activityIds: string[];
  /** The version an activity stands for (policies), for the "version" column. */
  versionOf: Map<string, number>;
  policy?: PolicyDoc;
}

type DocId = Types.ObjectId | string;
const asId = (id: string): DocId => (Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : id);

export async function resolveTarget(db: StoreDb, homePage: string, target: { type: TargetType; id: string }): Promise<ResolvedTarget> {
  const base = { type: target.type, id: target.id, versionOf: new Map<string, number>() };
  switch (target.type) {
    case 'activity': {
      // An external activity has no document of its own: the requirement's title is the one its assignment rule gave.
      const status = await db.collection<{ title?: string }>('compliance_status').findOne({ targetType: 'activity', targetId: target.id });
      return { ...base, title: status?.title ?? target.id, activityIds: [target.id] };
    }
    case 'path': {
      const path = await db.collection<{ _id: DocId; title: string }>('learning_paths').findOne({ _id: asId(target.id) });
      return { ...base, title: path?.title ?? `Path ${target.id}`, activityIds: [pathActivityId(homePage, target.id)] };
    }
    case 'package': {
      const pkg = await db.collection<{ _id: DocId; title: string; kind: string; identity: string }>('content_packages').findOne({ _id: asId(target.id) });
      if (!pkg) throw new NotFoundError('Package');
      return { ...base, title: pkg.title, activityIds: [packageActivityId(pkg, homePage)] };
    }
    case 'policy': {
      const policy = await db.collection<PolicyDoc & { _id: DocId }>('policies').findOne({ _id: asId(target.id) });
      if (!policy) throw new NotFoundError('Policy');
      const versionOf = new Map<string, number>();
      for (const v of policy.versions) versionOf.set(policyActivityId(homePage, target.id, v.version), v.version);
      return { ...base, title: policy.title, activityIds: [...versionOf.keys()], versionOf, policy };
    }
  }
}
