/**
 * Who may still get in: deactivating someone keeps every record of theirs but ends their
 * browser sessions and launch tokens at once (not at their next request); reactivating
 * lets them sign in again. Also the bulk actions on a directory selection. Assignment
 * rules and dashboards leave inactive people out (the people service's change hook
 * re-evaluates them).
 */
import { ForbiddenError, ValidationError } from '../http/errors.js';
import { hasRole, type Actor, type PeopleService, type User } from './user-service.js';

export interface PeopleAccess {
  deactivate(ids: string[], actor: Actor): Promise<User[]>;
  reactivate(ids: string[], actor: Actor): Promise<User[]>;
  /** End the browser sessions and launch sessions of people already marked inactive (e.g. by an import). */
  endAccess(ids: string[]): Promise<void>;
  /** All or nothing: a cycle anywhere in the selection refuses the whole change, naming the person. */
  setManager(ids: string[], managerId: string | null, actor: Actor): Promise<User[]>;
}

export interface PeopleAccessDeps {
  people: PeopleService;
  /** Browser sessions in the store (see auth/session-store.ts). */
  sessions: { destroyForUser(userId: string): Promise<number> };
  /** Launch sessions (server/launch/launch-access.ts, handed in by runtime.ts). */
  launches: { endFor(userId: string): Promise<number> };
}

export function createPeopleAccess(deps: PeopleAccessDeps): PeopleAccess {
  const { people } = deps;

  async function load(ids: string[]): Promise<User[]> {
    const unique = [...new Set(ids)];
    const found = await people.getMany(unique);
    const byId = new Map(found.map((u) => [u.id, u]));
    const missing = unique.find((id) => !byId.has(id));
    if (missing) throw new ValidationError(`ids: no person with the id ${missing}`, 'ids');
    return unique.map((id) => byId.get(id)!);
  }

  async function endAccess(id: string): Promise<void> {
    await deps.sessions.destroyForUser(id);
    await deps.launches.endFor(id);
  }

  return {
    async endAccess(ids) {
      for (const id of ids) await endAccess(id);
    },

    async deactivate(ids, actor) {
      const targets = await load(ids);
      if (targets.some((u) => u.id === actor.id)) throw new ValidationError('ids: you cannot deactivate your own account', 'ids');
      const admin = targets.find((u) => u.assignedRoles.includes('admin'));
      if (admin && !hasRole(actor, 'admin')) throw new ForbiddenError(`Only an admin can deactivate ${admin.name}, who is an admin`);
      const out: User[] = [];
      for (const u of targets) {
        // Inactive first, so a request racing this one is refused when its user is loaded.
        out.push(u.active ? await people.update(u.id, { active: false }, actor) : u);
        await endAccess(u.id);
      }
      return out;
    },

    async reactivate(ids, actor) {
      const out: User[] = [];
      for (const u of await load(ids)) out.push(u.active ? u : await people.update(u.id, { active: true }, actor));
      return out;
    },

    async setManager(ids, managerId, actor) {
      const targets = await load(ids);
      if (managerId) await people.assertMayManage(managerId, targets.map((u) => u.id));
      const out: User[] = [];
      for (const u of targets) out.push(u.managerId === (managerId ?? undefined) ? u : await people.update(u.id, { managerId }, actor));
      return out;
    },
  };
}
