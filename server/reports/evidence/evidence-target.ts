/**
 * Which activities stand for a requirement in the LRS, following CONTRACTS.md: a package's
 * course activity, a path's activity, every version of a policy (each version is its own
 * activity), or an external activity's own IRI.
 */
import { eventActivityId, observationActivityId, packageActivityId, pathActivityId, policyActivityId, taskActivityId } from '../../learning-record/identity.js';
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
  /**
   * A path's blended steps (checklist tasks, observations, live events), by their activity:
   * an evidence pack reads their statements too and lists them in blended.csv. Not in
   * `activityIds`: a task's completion is not the path's.
   */
  blended?: Map<string, { step: string; kind: BlendedKind }>;
}

export type BlendedKind = 'task' | 'observation' | 'attendance';

/** The activities a path's blended steps stand for (the ids server/blended mints), over every version of the path. */
function blendedActivities(homePage: string, versions: Array<{ steps?: Array<{ type: string; ref: string; title: string }> }>): Map<string, { step: string; kind: BlendedKind }> {
  const out = new Map<string, { step: string; kind: BlendedKind }>();
  for (const v of versions) {
    for (const s of v.steps ?? []) {
      if (s.type === 'task') out.set(taskActivityId(homePage, s.ref), { step: s.title, kind: 'task' });
      else if (s.type === 'observation') out.set(observationActivityId(homePage, s.ref), { step: s.title, kind: 'observation' });
      else if (s.type === 'session') out.set(eventActivityId(homePage, s.ref), { step: s.title, kind: 'attendance' });
    }
  }
  return out;
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
      type Steps = Array<{ type: string; ref: string; title: string }>;
      const path = await db.collection<{ _id: DocId; title: string; steps?: Steps; versions?: Array<{ steps?: Steps }> }>('learning_paths').findOne({ _id: asId(target.id) });
      const blended = blendedActivities(homePage, path ? [path, ...(path.versions ?? [])] : []);
      const resolved: ResolvedTarget = { ...base, title: path?.title ?? `Path ${target.id}`, activityIds: [pathActivityId(homePage, target.id)] };
      if (blended.size) resolved.blended = blended;
      return resolved;
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
