/**
 * Org data: departments, locations and job roles (with levels). The lists HR manages are
 * kept in `org_lists`; values people already carry are added (derived), with head counts,
 * so an import or a manual edit never leaves a value off the list.
 */
import type { UserModel } from '../people/user-model.js';
import type { StoreDb } from '../store/types.js';

export const ORG_KINDS = ['departments', 'locations', 'jobRoles'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export interface OrgEntry {
  name: string;
  /** Job roles: their levels, lowest first. */
  levels?: string[];
  people: number;
  managed: boolean;
}

export interface OrgService {
  lists(): Promise<Record<OrgKind, OrgEntry[]>>;
  setList(kind: OrgKind, values: Array<{ name: string; levels?: string[] }>): Promise<OrgEntry[]>;
}

export function createOrgService(deps: { db: StoreDb; users: UserModel }): OrgService {
  const lists = deps.db.collection<{ _id: OrgKind; values: Array<{ name: string; levels?: string[] }> }>('org_lists');
  const field: Record<OrgKind, 'department' | 'location' | 'jobRole'> = { departments: 'department', locations: 'location', jobRoles: 'jobRole' };

  async function all(): Promise<Record<OrgKind, OrgEntry[]>> {
    const people = await deps.users.find({ active: true }, { department: 1, location: 1, jobRole: 1, jobLevel: 1 }).lean<Array<{ department?: string; location?: string; jobRole?: string; jobLevel?: string }>>().exec();
    const out = {} as Record<OrgKind, OrgEntry[]>;
    for (const kind of ORG_KINDS) {
      const managed = (await lists.findOne({ _id: kind }))?.values ?? [];
      const entries = new Map<string, OrgEntry>(managed.map((v) => [v.name, { name: v.name, ...(v.levels ? { levels: [...v.levels] } : {}), people: 0, managed: true }]));
      for (const p of people) {
        const name = p[field[kind]];
        if (!name) continue;
        const e = entries.get(name) ?? { name, people: 0, managed: false };
        e.people++;
        if (kind === 'jobRoles' && p.jobLevel && !e.managed) e.levels = [...new Set([...(e.levels ?? []), p.jobLevel])].sort();
        entries.set(name, e);
      }
      out[kind] = [...entries.values()].sort((a, b) => a.name.localeCompare(b.name));
    }
    return out;
  }

  return {
    lists: all,
    async setList(kind, values) {
      await lists.replaceOne({ _id: kind }, { _id: kind, values }, { upsert: true });
      return (await all())[kind];
    },
  };
}
