/**
 * Org data: departments, locations and job roles (with levels), as managed lists. The lists
 * HR manages are kept in `org_lists`; values people already carry (an import, SCIM, an
 * edit) are added (derived), with head counts, so no value a person has is off the list.
 * A value HR types on the person form joins the managed list (adopt); the import's values
 * join it as derived values.
 * A rename carries through to every person, every assignment rule and every catalogue
 * audience that names the old value; a delete is refused while anything uses the value.
 */
import type { RuleDoc } from '../assignments/assignment-types.js';
import { ConflictError, NotFoundError } from '../http/errors.js';
import type { UserModel } from '../people/user-model.js';
import type { StoreDb } from '../store/types.js';
import { offersCollection } from '../catalogue/catalogue-store.js';
import { criteriaNaming, renameInCriteria } from './org-criteria.js';

export const ORG_KINDS = ['departments', 'locations', 'jobRoles'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** The person field each list holds the values of. */
export const ORG_FIELD: Record<OrgKind, 'department' | 'location' | 'jobRole'> = { departments: 'department', locations: 'location', jobRoles: 'jobRole' };
/** Singular, for messages. */
const ORG_NOUN: Record<OrgKind, string> = { departments: 'department', locations: 'location', jobRoles: 'job role' };

export interface OrgEntry {
  name: string;
  /** Job roles: their levels, lowest first. */
  levels?: string[];
  people: number;
  managed: boolean;
}

export interface OrgValue {
  name: string;
  levels?: string[];
}

export interface RenameResult {
  /** People whose value changed (re-evaluated). */
  people: number;
  /** Rules whose criteria named the old value. */
  rules: number;
}

export interface OrgService {
  lists(): Promise<Record<OrgKind, OrgEntry[]>>;
  setList(kind: OrgKind, values: OrgValue[]): Promise<OrgEntry[]>;
  /** Adds one value to a managed list; 409 when the list has it already. */
  add(kind: OrgKind, value: OrgValue): Promise<OrgEntry>;
  /**
   * Puts a person's department, location and job role on the managed lists when they are not
   * there yet: HR typing a new value on the person form adds it to the list ("add new").
   */
  adopt(values: Partial<Record<'department' | 'location' | 'jobRole', string | null | undefined>>): Promise<void>;
  rename(kind: OrgKind, from: string, to: string): Promise<RenameResult>;
  /** Removes a managed value nobody and no rule uses; 409 naming what uses it. */
  remove(kind: OrgKind, name: string): Promise<void>;
}

export interface OrgServiceDeps {
  db: StoreDb;
  users: UserModel;
  /** After a rename: re-evaluate the people whose value changed (the compliance service). */
  peopleChanged?: (personIds: string[]) => Promise<unknown>;
}

export function createOrgService(deps: OrgServiceDeps): OrgService {
  const lists = deps.db.collection<{ _id: OrgKind; values: OrgValue[] }>('org_lists');
  const rules = deps.db.collection<RuleDoc>('assignment_rules');
  const offers = offersCollection(deps.db);

  async function all(): Promise<Record<OrgKind, OrgEntry[]>> {
    const people = await deps.users.find({ active: true }, { department: 1, location: 1, jobRole: 1, jobLevel: 1 }).lean<Array<{ department?: string; location?: string; jobRole?: string; jobLevel?: string }>>().exec();
    const out = {} as Record<OrgKind, OrgEntry[]>;
    for (const kind of ORG_KINDS) {
      const managed = await managedValues(kind);
      const entries = new Map<string, OrgEntry>(managed.map((v) => [v.name, { name: v.name, ...(v.levels ? { levels: [...v.levels] } : {}), people: 0, managed: true }]));
      for (const p of people) {
        const name = p[ORG_FIELD[kind]];
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

  async function managedValues(kind: OrgKind): Promise<OrgValue[]> {
    return (await lists.findOne({ _id: kind }))?.values ?? [];
  }

  async function setList(kind: OrgKind, values: OrgValue[]): Promise<void> {
    await lists.replaceOne({ _id: kind }, { _id: kind, values }, { upsert: true });
  }

  const peopleWith = async (kind: OrgKind, name: string) =>
    (await deps.users.find({ [ORG_FIELD[kind]]: name }, { _id: 1 }).lean<Array<{ _id: { toHexString(): string } }>>().exec()).map((d) => d._id.toHexString());

  return {
    lists: all,
    async setList(kind, values) {
      await setList(kind, values);
      return (await all())[kind];
    },
    async add(kind, value) {
      const current = (await all())[kind];
      if (current.some((e) => e.name === value.name)) throw new ConflictError(`name: there is already a ${ORG_NOUN[kind]} “${value.name}”`, 'name');
      await setList(kind, [...(await managedValues(kind)), value]);
      return (await all())[kind].find((e) => e.name === value.name)!;
    },
    async adopt(values) {
      for (const kind of ORG_KINDS) {
        const name = values[ORG_FIELD[kind]]?.trim();
        if (!name) continue;
        const managed = await managedValues(kind);
        if (!managed.some((v) => v.name === name)) await setList(kind, [...managed, { name }]);
      }
    },
    async rename(kind, from, to) {
      const current = (await all())[kind];
      if (!current.some((e) => e.name === from)) throw new NotFoundError(`The ${ORG_NOUN[kind]} “${from}”`);
      if (from === to) return { people: 0, rules: 0 };
      if (current.some((e) => e.name === to)) throw new ConflictError(`to: there is already a ${ORG_NOUN[kind]} “${to}”`, 'to');
      // People and rules first, the list last: a rename that fails half-way is finished by
      // repeating it (the old name is still on the list until everything else moved).
      const ids = await peopleWith(kind, from);
      if (ids.length) await deps.users.updateMany({ [ORG_FIELD[kind]]: from }, { $set: { [ORG_FIELD[kind]]: to } }).exec();
      const naming = (await rules.find({}).toArray()).filter((r) => criteriaNaming(r.criteria, kind, from));
      for (const r of naming) await rules.updateOne({ _id: r._id }, { $set: { criteria: renameInCriteria(r.criteria, kind, from, to) } });
      // Catalogue audiences use the same criteria.
      for (const o of await offers.find({}).toArray()) {
        if (o.audience && criteriaNaming(o.audience, kind, from)) await offers.updateOne({ _id: o._id }, { $set: { audience: renameInCriteria(o.audience, kind, from, to) } });
      }
      const managed = await managedValues(kind);
      if (managed.some((v) => v.name === from)) await setList(kind, managed.map((v) => (v.name === from ? { ...v, name: to } : v)));
      if (ids.length && deps.peopleChanged) await deps.peopleChanged(ids);
      return { people: ids.length, rules: naming.length };
    },
    async remove(kind, name) {
      const managed = await managedValues(kind);
      const ids = await peopleWith(kind, name);
      const naming = (await rules.find({}).toArray()).filter((r) => criteriaNaming(r.criteria, kind, name));
      const audiences = (await offers.find({}).toArray()).filter((o) => o.audience && criteriaNaming(o.audience, kind, name));
      if (!managed.some((v) => v.name === name) && !ids.length) throw new NotFoundError(`The ${ORG_NOUN[kind]} “${name}”`);
      if (ids.length || naming.length || audiences.length) {
        const uses = [
          ...(ids.length ? [`${ids.length} ${ids.length === 1 ? 'person' : 'people'}`] : []),
          ...(naming.length ? [`the rule${naming.length === 1 ? '' : 's'} ${naming.map((r) => `“${r.name}”`).join(', ')}`] : []),
          ...(audiences.length ? [`who may enrol in ${audiences.length} catalogue course${audiences.length === 1 ? '' : 's'}`] : []),
        ];
        throw new ConflictError(`name: the ${ORG_NOUN[kind]} “${name}” is used by ${uses.join(' and ')}; rename it instead, or change those first`, 'name');
      }
      await setList(kind, managed.filter((v) => v.name !== name));
    },
  };
}
