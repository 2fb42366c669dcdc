/**
 * SCIM Users over the people of the LMS. Every write goes through the people service the
 * app itself uses (its validation, its manager checks, its change hook that re-evaluates
 * assignment rules and compliance, as the CSV import's does) and deactivation through
 * people access (which also ends sessions and launch tokens). DELETE deactivates and keeps
 * the person: their learning and compliance record must outlive the account.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { scimPatch } from 'scim-patch';
import { ForbiddenError } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { PeopleAccess } from '../people/people-access.js';
import type { UserDoc, UserModel } from '../people/user-model.js';
import { createUserSchema, updateUserSchema, type UpdateUserInput } from '../people/user-schema.js';
import { toUser, type Actor, type PeopleService, type User } from '../people/user-service.js';
import { isDuplicateKeyError } from '../store/types.js';
import { ScimError } from './scim-errors.js';
import { compileScimFilter } from './scim-filter.js';
import type { ScimCollections, ScimUserLinkDoc } from './scim-model.js';
import { assertPatchBody, patchFailure } from './scim-patch-body.js';
import { filterView, userResource, type Resource } from './scim-resources.js';
import { ENTERPRISE_SCHEMA, USER_ATTRIBUTE_NAMES } from './scim-schemas.js';
import { readUser, type UserInput } from './scim-user-input.js';
import { assertVersion, type ListQuery, type ListResult } from './scim-paging.js';

export interface ScimUsers {
  list(q: ListQuery): Promise<ListResult>;
  get(id: string): Promise<Resource>;
  create(body: unknown, actor: Actor): Promise<Resource>;
  replace(id: string, body: unknown, actor: Actor, ifMatch?: string): Promise<Resource>;
  patch(id: string, body: unknown, actor: Actor, ifMatch?: string): Promise<Resource>;
  remove(id: string, actor: Actor, ifMatch?: string): Promise<void>;
}

export interface ScimUserDeps {
  users: UserModel;
  people: PeopleService;
  access: PeopleAccess;
  cols: ScimCollections;
  base: string;
  now: () => Date;
}

const notFound = (id: string) => new ScimError(404, `User ${id} not found`);

export function createScimUsers(deps: ScimUserDeps): ScimUsers {
  const { users, people, access, cols, base, now } = deps;

  async function render(list: User[]): Promise<Resource[]> {
    const ids = list.map((u) => u.id);
    const [links, groups] = await Promise.all([cols.links.find({ userId: { $in: ids } }).toArray(), cols.groups.find({ members: { $in: ids } }).toArray()]);
    const linkOf = new Map(links.map((l) => [l.userId!, l]));
    return list
      .filter((u) => !linkOf.get(u.id)?.deletedAt)
      .map((u) => userResource(base, u, linkOf.get(u.id) ?? null, groups.filter((g) => g.members.includes(u.id))));
  }

  async function docs(filter: Record<string, unknown>): Promise<User[]> {
    return (await users.find(filter, { passwordHash: 0, passwordToken: 0 }).sort({ _id: 1 }).lean<UserDoc[]>().exec()).map((d) => toUser(d));
  }

  async function load(id: string): Promise<{ user: User; link: ScimUserLinkDoc | null; resource: Resource }> {
    const user = Types.ObjectId.isValid(id) ? await people.get(id) : null;
    if (!user) throw notFound(id);
    const link = await cols.links.findOne({ userId: user.id });
    if (link?.deletedAt) throw notFound(id);
    return { user, link, resource: (await render([user]))[0]! };
  }

  /** People found by an index for a lone `attr eq "value"`, or null when the filter needs a scan. */
  async function candidates(attribute: string, value: string): Promise<User[] | null> {
    switch (attribute) {
      case 'id':
        return Types.ObjectId.isValid(value) ? docs({ _id: new Types.ObjectId(value) }) : [];
      case 'username': {
        const link = await cols.links.findOne({ userNameLower: value.toLowerCase() });
        if (link?.userId) return docs({ _id: new Types.ObjectId(link.userId) });
        // Someone not provisioned yet (from the CSV import, say) is found by their email.
        return docs({ email: value.toLowerCase() });
      }
      case 'externalid': {
        const links = await cols.links.find({ externalId: value }).toArray();
        return docs({ _id: { $in: links.filter((l) => l.userId).map((l) => new Types.ObjectId(l.userId!)) } });
      }
      case 'emails':
      case 'emails.value':
        return docs({ email: value.toLowerCase() });
      case 'employeenumber':
        return docs({ employeeId: value });
      default:
        return null;
    }
  }

  /**
   * The manager reference: the person's SCIM id (what Entra sends), else, as the CSV import
   * resolves managers, their employee id or email (what an Okta mapping can carry).
   */
  async function resolveManager(ref: string | null | undefined): Promise<string | null | undefined> {
    if (ref === undefined || ref === null) return ref;
    const byId = Types.ObjectId.isValid(ref) && /^[0-9a-f]{24}$/i.test(ref) ? await users.findById(ref, { _id: 1 }).lean().exec() : null;
    const found = byId ?? (await users.findOne({ employeeId: ref }, { _id: 1 }).lean().exec()) ?? (await users.findOne({ email: ref.toLowerCase() }, { _id: 1 }).lean().exec());
    if (!found) throw new ScimError(400, `manager: no person with the id, employee number or email ${ref}`, 'invalidValue');
    return (found._id as Types.ObjectId).toHexString();
  }

  /** SCIM manages people, never admins: a leaked SCIM token must not take over an admin account. */
  function assertNotAdmin(user: User): void {
    if (user.assignedRoles.includes('admin')) throw new ForbiddenError(`${user.email} is an admin; admins are managed in the LMS, not over SCIM`);
  }

  async function setActive(user: User, active: boolean | undefined, actor: Actor): Promise<void> {
    if (active === false && user.active) await access.deactivate([user.id], actor);
    if (active === true && !user.active) await access.reactivate([user.id], actor);
  }

  /** Write the link (userName, externalId, name parts): the unique index on userName refuses a taken one. */
  async function saveLink(userId: string, link: ScimUserLinkDoc | null, input: UserInput): Promise<void> {
    const fields = { userName: input.userName, userNameLower: input.userName.toLowerCase(), updatedAt: now(), ...(input.externalId ? { externalId: input.externalId } : {}), ...(input.nameParts ? { name: input.nameParts } : {}) };
    try {
      if (link) await cols.links.updateOne({ _id: link._id }, { $set: fields, ...(input.externalId ? {} : { $unset: { externalId: 1 } }) });
      else await cols.links.insertOne({ _id: randomBytes(12).toString('hex'), userId, ...fields });
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new ScimError(409, `userName: ${input.userName} is already taken by another user`, 'uniqueness');
      throw err;
    }
  }

  async function update(id: string, input: UserInput, actor: Actor, ifMatch?: string): Promise<Resource> {
    const { user, link, resource } = await load(id);
    assertVersion(ifMatch, resource.meta.version);
    assertNotAdmin(user);
    const patch: UpdateUserInput = {};
    if (input.email !== user.email) patch.email = input.email;
    if (input.name !== user.name) patch.name = input.name;
    for (const k of ['department', 'location', 'jobRole', 'employeeId'] as const) if (input[k] !== undefined && input[k] !== user[k]) patch[k] = input[k];
    const managerId = await resolveManager(input.managerRef);
    if (managerId !== undefined && managerId !== (user.managerId ?? null)) patch.managerId = managerId;
    const valid = parseInput(updateUserSchema, patch);
    const before = link ? { ...link } : null;
    await saveLink(user.id, link, input);
    try {
      if (Object.keys(valid).length) await people.update(user.id, valid, actor);
    } catch (err) {
      // The person refused the change: the link goes back to what it was.
      if (before) await cols.links.replaceOne({ _id: before._id }, before);
      else await cols.links.deleteOne({ userId: user.id });
      throw err;
    }
    await setActive(user, input.active, actor);
    return (await load(id)).resource;
  }

  return {
    async list(q) {
      const filter = q.filter ? compileScimFilter(q.filter, USER_ATTRIBUTE_NAMES) : null;
      if (!filter) {
        const hidden = (await cols.links.find({ deletedAt: { $exists: true } }).toArray()).map((l) => new Types.ObjectId(l.userId!));
        const where = hidden.length ? { _id: { $nin: hidden } } : {};
        const [page, total] = await Promise.all([
          // count=0 asks for totalResults alone (and a limit of 0 would mean "no limit" to the store).
          q.count === 0 ? [] : users.find(where, { passwordHash: 0, passwordToken: 0 }).sort({ _id: 1 }).skip(q.startIndex - 1).limit(q.count).lean<UserDoc[]>().exec(),
          users.countDocuments(where).exec(),
        ]);
        return { totalResults: total, resources: await render(page.map((d) => toUser(d))) };
      }
      const found = (filter.equality && (await candidates(filter.equality.attribute, filter.equality.value))) ?? (await docs({}));
      const matching = (await render(found)).filter((r) => filter.matches(filterView(r)));
      return { totalResults: matching.length, resources: matching.slice(q.startIndex - 1, q.startIndex - 1 + q.count) };
    },

    async get(id) {
      return (await load(id)).resource;
    },

    async create(body, actor) {
      const input = readUser(body);
      const managerId = await resolveManager(input.managerRef);
      const valid = parseInput(createUserSchema, { email: input.email, name: input.name, department: input.department, location: input.location, jobRole: input.jobRole, employeeId: input.employeeId, ...(managerId ? { managerId } : {}) });
      // The link is written first, to reserve the userName; if the person is refused, it goes.
      const linkId = randomBytes(12).toString('hex');
      try {
        await cols.links.insertOne({ _id: linkId, userName: input.userName, userNameLower: input.userName.toLowerCase(), updatedAt: now(), ...(input.externalId ? { externalId: input.externalId } : {}), ...(input.nameParts ? { name: input.nameParts } : {}) });
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new ScimError(409, `userName: ${input.userName} is already taken by another user`, 'uniqueness');
        throw err;
      }
      let user: User;
      try {
        user = await people.create(valid, actor);
      } catch (err) {
        await cols.links.deleteOne({ _id: linkId });
        throw err;
      }
      await cols.links.updateOne({ _id: linkId }, { $set: { userId: user.id } });
      await setActive(user, input.active, actor);
      return (await load(user.id)).resource;
    },

    replace: (id, body, actor, ifMatch) => update(id, readUser(body), actor, ifMatch),

    async patch(id, body, actor, ifMatch) {
      const operations = assertPatchBody(body, USER_ATTRIBUTE_NAMES);
      const { resource } = await load(id);
      let patched: Resource;
      try {
        patched = scimPatch(structuredClone(resource) as never, operations, { mutateDocument: true, treatMissingAsAdd: true }) as Resource;
      } catch (err) {
        throw patchFailure(err);
      }
      const { meta: _meta, groups: _groups, id: _id, ...writable } = patched;
      // A removed manager is absent after the patch; PUT leaves an absent one as it was, so say it.
      const enterprise = writable[ENTERPRISE_SCHEMA] ?? {};
      if (resource[ENTERPRISE_SCHEMA]?.manager && !enterprise.manager) writable[ENTERPRISE_SCHEMA] = { ...enterprise, manager: null };
      return update(id, readUser(writable), actor, ifMatch);
    },

    async remove(id, actor, ifMatch) {
      const { user, link, resource } = await load(id);
      assertVersion(ifMatch, resource.meta.version);
      assertNotAdmin(user);
      await setActive(user, false, actor);
      // The SCIM resource is gone (404 from now on) and its userName free again; the person stays.
      const fields = { deletedAt: now(), updatedAt: now(), userNameLower: `#deleted:${user.id}:${now().getTime()}` };
      if (link) await cols.links.updateOne({ _id: link._id }, { $set: fields });
      else await cols.links.insertOne({ _id: randomBytes(12).toString('hex'), userId: user.id, userName: user.email, ...fields });
    },
  };
}
