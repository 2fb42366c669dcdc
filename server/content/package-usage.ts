/**
 * Where a package is used: learners on each version (SCORM attempts, cmi5 and xAPI
 * registrations), statements about it in the LRS, learning paths with a step for it,
 * assignment rules (requirements) and assignments naming it, competency frameworks whose
 * evidence reads its activity, and onboarding milestones set on it. The package page shows it,
 * and delete is refused while any of it exists.
 *
 * Read from the other domains' collections by name (as compliance/target-activity.ts
 * does), so content does not import their services.
 */
import type { RecordReader } from '../../lrs/index.js';
import { packageActivityId } from '../learning-record/identity.js';
import type { StoreDb } from '../store/types.js';
import type { PackageUsage } from '#contract/packages.js';
import type { ContentPackageDoc } from './package-model.js';

export type { PackageUsage } from '#contract/packages.js';

/** Counting statements stops here: the page says "1000 or more", and delete needs only "some". */
export const STATEMENT_CAP = 1000;

/** The collections of launch records, one per player kind, keyed by userId/packageId/version. */
const LAUNCH_RECORDS = ['launch_attempts', 'cmi5_registrations', 'tincan_registrations'] as const;

export function createPackageUsage(deps: { db: StoreDb; records: RecordReader; homePage: string }) {
  return {
    async of(pkg: ContentPackageDoc): Promise<PackageUsage> {
      const id = pkg._id.toHexString();
      const learners = new Map<number, Set<string>>();
      let attempts = 0;
      for (const name of LAUNCH_RECORDS) {
        const rows = await deps.db.collection(name).find({ packageId: id }, { projection: { userId: 1, version: 1 } }).toArray();
        attempts += rows.length;
        for (const r of rows) {
          const v = Number(r.version);
          if (!learners.has(v)) learners.set(v, new Set());
          learners.get(v)!.add(String(r.userId));
        }
      }
      const activityId = packageActivityId(pkg, deps.homePage);
      const page = await deps.records.find({ activityIds: [activityId], relatedActivities: true, limit: STATEMENT_CAP });
      const paths = await deps.db
        .collection('learning_paths')
        // Package ids are ObjectIds: no policy, path or activity step has the same ref.
        .find({ $or: [{ 'steps.ref': id }, { 'versions.steps.ref': id }] }, { projection: { title: 1 } })
        .toArray();
      const rules = await deps.db.collection('assignment_rules').find({ 'target.type': 'package', 'target.id': id }, { projection: { name: 1, active: 1 } }).toArray();
      const assignments = await deps.db.collection('assignments').countDocuments({ 'target.type': 'package', 'target.id': id });
      const frameworks = await deps.db.collection('competency_frameworks').find({ 'evidenceRules.activityId': activityId }, { projection: { name: 1 } }).toArray();
      const milestones = await deps.db.collection('productivity_milestones').find({ 'target.type': 'package', 'target.id': id }, { projection: { jobRole: 1 } }).toArray();
      return {
        learnersByVersion: Object.fromEntries([...learners].sort(([a], [b]) => a - b).map(([v, s]) => [v, s.size])),
        attempts,
        statements: page.statements.length,
        paths: paths.map((p) => ({ id: String(p._id), title: String(p.title) })),
        rules: rules.map((r) => ({ id: String(r._id), name: String(r.name), active: r.active !== false })),
        assignments,
        competencyFrameworks: frameworks.map((f) => ({ id: String(f._id), name: String(f.name) })),
        milestones: milestones.map((m) => ({ jobRole: String(m.jobRole) })),
      };
    },
  };
}

/** What keeps a package from being deleted, in words ('' when nothing does). */
export function usageBlockingDelete(u: PackageUsage): string {
  const parts: string[] = [];
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  if (u.attempts) parts.push(n(u.attempts, 'attempt'));
  if (u.statements) parts.push(u.statements >= STATEMENT_CAP ? `${STATEMENT_CAP} or more statements` : n(u.statements, 'statement'));
  if (u.paths.length) parts.push(`${n(u.paths.length, 'learning path')} (${u.paths.map((p) => `“${p.title}”`).join(', ')})`);
  if (u.rules.length) parts.push(`${n(u.rules.length, 'assignment rule')} (${u.rules.map((r) => `“${r.name}”`).join(', ')})`);
  if (u.assignments) parts.push(n(u.assignments, 'assignment'));
  if (u.competencyFrameworks.length) parts.push(`${n(u.competencyFrameworks.length, 'competency framework')} (${u.competencyFrameworks.map((f) => `“${f.name}”`).join(', ')})`);
  if (u.milestones.length) parts.push(`the onboarding milestone of ${u.milestones.map((m) => `“${m.jobRole}”`).join(', ')}`);
  return parts.join(', ');
}
