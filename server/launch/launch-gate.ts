/**
 * Who may launch a package: a learner launches what they are assigned (a rule, HR's
 * enrolment, a recertification, a path that has the package as a step, nested paths
 * included), what they enrolled in themselves, or what the catalogue offers them (open,
 * and HR's restriction includes them), and what they already started (to resume or review
 * it once the assignment ended or the package was archived). Authors, HR and admins may launch anything, to
 * preview it. Every launch route asks here first; the Courses list shows the same set.
 */
import { HttpError, NotFoundError } from '../http/errors.js';

export interface LaunchGateDeps {
  /** The person's active assignments, whatever made them (rules, enrolments, self-enrolment). */
  assignmentsOf: (personId: string) => Promise<Array<{ targetType: string; targetId: string }>>;
  /** Package ids the steps of these paths launch (nested paths included). */
  packagesInPaths: (pathIds: string[]) => Promise<string[]>;
  /** Package ids the catalogue offers this person. */
  offeredTo: (personId: string) => Promise<string[]>;
  /** Package ids the person has an attempt or registration of. */
  startedBy: (personId: string) => Promise<string[]>;
  /** Whether a package with this id exists (a missing one is 404, as for previewers, not 403). */
  exists: (packageId: string) => Promise<boolean>;
}

export interface LaunchGate {
  /** Every package this person may launch, or 'all' for those who preview. */
  launchable(user: { id: string; roles: readonly string[] }): Promise<ReadonlySet<string> | 'all'>;
  /** Throws 403 (naming packageId) unless this person may launch the package; 404 when there is no such package. */
  assertMayLaunch(user: { id: string; roles: readonly string[] }, packageId: string): Promise<void>;
}

const PREVIEWERS = new Set(['author', 'hr', 'admin']);

export class NotLaunchableError extends HttpError {
  constructor() {
    super(403, 'not_assigned', 'This course is not assigned to you and not open to you in the catalogue; ask HR if you need it', 'packageId');
  }
}

export function createLaunchGate(deps: LaunchGateDeps): LaunchGate {
  async function launchable(user: { id: string; roles: readonly string[] }): Promise<ReadonlySet<string> | 'all'> {
    if (user.roles.some((r) => PREVIEWERS.has(r))) return 'all';
    const assigned = await deps.assignmentsOf(user.id);
    const ids = new Set(assigned.filter((a) => a.targetType === 'package').map((a) => a.targetId));
    const pathIds = assigned.filter((a) => a.targetType === 'path').map((a) => a.targetId);
    if (pathIds.length) for (const id of await deps.packagesInPaths(pathIds)) ids.add(id);
    for (const id of await deps.offeredTo(user.id)) ids.add(id);
    for (const id of await deps.startedBy(user.id)) ids.add(id);
    return ids;
  }
  return {
    launchable,
    async assertMayLaunch(user, packageId) {
      const allowed = await launchable(user);
      if (allowed === 'all' || allowed.has(packageId)) return;
      if (!(await deps.exists(packageId))) throw new NotFoundError('Package');
      throw new NotLaunchableError();
    },
  };
}
