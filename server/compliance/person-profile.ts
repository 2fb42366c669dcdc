/**
 * A person's page: their record, the managers above them (nearest first), their direct
 * reports, and their current assignments with compliance statuses (from compliance_status).
 * Compliance builds it because it reads both people and statuses; people's route serves it.
 */
import { managerChainOf } from '../org/person-facts.js';
import type { UserModel } from '../people/user-model.js';
import type { PeopleService, User } from '../people/user-service.js';
import { listStatuses, type StatusView } from './compliance-queries.js';
import type { Compliance } from './index.js';
import type { ComplianceStatus } from './compliance-types.js';

export interface PersonRef {
  id: string;
  name: string;
  jobRole?: string;
  active: boolean;
}

export interface PersonProfile {
  person: User;
  managerChain: PersonRef[];
  directReports: PersonRef[];
  /** Reports, if any, beyond the first page shown. */
  directReportsTotal: number;
  assignments: StatusView[];
  statusCounts: Record<ComplianceStatus, number>;
}

const REPORTS_SHOWN = 200;
const ASSIGNMENTS_SHOWN = 500;

const ref = (u: User): PersonRef => ({ id: u.id, name: u.name, ...(u.jobRole ? { jobRole: u.jobRole } : {}), active: u.active });

export function createPersonProfiles(deps: { people: PeopleService; users: UserModel; compliance: Pick<Compliance, 'statuses'> }) {
  return {
    async get(id: string): Promise<PersonProfile | null> {
      const person = await deps.people.get(id);
      if (!person) return null;
      const chainIds = await managerChainOf(deps.users, id);
      const [chain, reports, statuses] = await Promise.all([
        deps.people.getMany(chainIds),
        deps.people.list({ managerId: id, kind: 'all', limit: REPORTS_SHOWN, offset: 0 }),
        listStatuses(deps.compliance.statuses, { personIds: [id] }, { limit: ASSIGNMENTS_SHOWN, offset: 0 }),
      ]);
      const byId = new Map(chain.map((u) => [u.id, u]));
      return {
        person,
        managerChain: chainIds.flatMap((m) => (byId.has(m) ? [ref(byId.get(m)!)] : [])),
        directReports: reports.items.map(ref),
        directReportsTotal: reports.total,
        assignments: statuses.items,
        statusCounts: statuses.counts,
      };
    },
  };
}

export type PersonProfiles = ReturnType<typeof createPersonProfiles>;
