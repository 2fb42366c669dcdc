/**
 * The people facts reports group and scope by, loaded once per report: department,
 * location, job role, manager, hire date. Read straight from the users collection with
 * only the fields needed (a report over 10,000 people reads 10,000 small documents).
 */
import type { UserDoc, UserModel } from '../people/user-model.js';

export interface PersonFacts {
  id: string;
  name: string;
  email: string;
  employeeId?: string;
  department?: string;
  location?: string;
  jobRole?: string;
  managerId?: string;
  hireDate?: Date;
  active: boolean;
  /** false: not an employee (the install's admin); dashboards do not count it. */
  isPerson?: boolean;
}

export interface PeopleDirectory {
  all: PersonFacts[];
  byId: Map<string, PersonFacts>;
}

export function directoryOf(people: PersonFacts[]): PeopleDirectory {
  return { all: people, byId: new Map(people.map((p) => [p.id, p])) };
}

export async function loadPeople(users: UserModel): Promise<PeopleDirectory> {
  // No projection: on the embedded store a projection costs more than the fields it drops.
  const docs = await users.find({}).lean<UserDoc[]>().exec();
  return directoryOf(
    docs.map((d) => {
      const p: PersonFacts = { id: String(d._id), name: d.name, email: d.email, active: d.active !== false };
      if (d.employeeId) p.employeeId = d.employeeId;
      if (d.department) p.department = d.department;
      if (d.location) p.location = d.location;
      if (d.jobRole) p.jobRole = d.jobRole;
      if (d.managerId) p.managerId = String(d.managerId);
      if (d.hireDate) p.hireDate = new Date(d.hireDate);
      if (d.isPerson === false) p.isPerson = false;
      return p;
    }),
  );
}
