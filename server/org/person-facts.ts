/**
 * The facts about a person that assignment rules and compliance read, loaded in bulk from
 * the people collection (one projection query, not one lookup per person), plus the
 * reporting tree for "whole chain under manager X".
 */
import { Types } from 'mongoose';
import type { UserDoc, UserModel } from '../people/user-model.js';

export interface PersonFacts {
  id: string;
  name: string;
  email: string;
  department?: string;
  location?: string;
  jobRole?: string;
  jobLevel?: string;
  managerId?: string;
  hireDate?: Date;
  active: boolean;
  /** false: an account that is not an employee (the install's admin); criteria never match it. */
  isPerson?: boolean;
}

const FIELDS = { name: 1, email: 1, department: 1, location: 1, jobRole: 1, jobLevel: 1, managerId: 1, hireDate: 1, active: 1, isPerson: 1 };

export function toFacts(d: Pick<UserDoc, '_id' | 'name' | 'email' | 'department' | 'location' | 'jobRole' | 'jobLevel' | 'managerId' | 'hireDate' | 'active' | 'isPerson'>): PersonFacts {
  const f: PersonFacts = { id: d._id.toHexString(), name: d.name, email: d.email, active: d.active };
  if (d.department) f.department = d.department;
  if (d.location) f.location = d.location;
  if (d.jobRole) f.jobRole = d.jobRole;
  if (d.jobLevel) f.jobLevel = d.jobLevel;
  if (d.managerId) f.managerId = d.managerId.toHexString();
  if (d.hireDate) f.hireDate = new Date(d.hireDate);
  if (d.isPerson === false) f.isPerson = false;
  return f;
}

/** Everyone (or these ids), active or not. */
export async function loadPeopleFacts(users: UserModel, ids?: string[]): Promise<PersonFacts[]> {
  const filter = ids ? { _id: { $in: ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id)) } } : {};
  const docs = await users.find(filter, FIELDS).lean<UserDoc[]>().exec();
  return docs.map(toFacts);
}

/** Who reports to whom: direct reports and everyone below, computed from the manager links. */
export class ReportingTree {
  private readonly children = new Map<string, string[]>();

  constructor(people: Iterable<Pick<PersonFacts, 'id' | 'managerId'>>) {
    for (const p of people) {
      if (!p.managerId) continue;
      const list = this.children.get(p.managerId);
      if (list) list.push(p.id);
      else this.children.set(p.managerId, [p.id]);
    }
  }

  direct(managerId: string): string[] {
    return this.children.get(managerId) ?? [];
  }

  /** Everyone below the manager (not the manager). Cycles cannot occur (people reject them) but are guarded. */
  chain(managerId: string): Set<string> {
    const out = new Set<string>();
    const queue = [managerId];
    while (queue.length) {
      for (const c of this.direct(queue.pop()!)) {
        if (out.has(c) || c === managerId) continue;
        out.add(c);
        queue.push(c);
      }
    }
    return out;
  }
}

/** The manager ids above someone, nearest first (for chain rules evaluated for one person). */
export async function managerChainOf(users: UserModel, personId: string): Promise<string[]> {
  const out: string[] = [];
  let id: string | undefined = personId;
  for (let depth = 0; id && depth < 100; depth++) {
    const doc: { managerId?: Types.ObjectId } | null = await users.findById(id, { managerId: 1 }).lean<{ managerId?: Types.ObjectId }>().exec();
    const next: string | undefined = doc?.managerId?.toHexString();
    if (!next || out.includes(next)) break;
    out.push(next);
    id = next;
  }
  return out;
}
