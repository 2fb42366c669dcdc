/**
 * SCIM Groups: kept as the identity provider sends them, with their members (people ids).
 * They are SCIM's own data for now: assignment rules cannot target a group yet.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { scimPatch, type ScimPatchOperation } from 'scim-patch';
import type { UserModel } from '../people/user-model.js';
import { ScimError } from './scim-errors.js';
import { compileScimFilter } from './scim-filter.js';
import type { ScimCollections, ScimGroupDoc } from './scim-model.js';
import { assertPatchBody, patchFailure } from './scim-patch-body.js';
import { assertVersion, type ListQuery, type ListResult } from './scim-paging.js';
import { groupResource, type Resource } from './scim-resources.js';
import { GROUP_ATTRIBUTE_NAMES, GROUP_SCHEMA } from './scim-schemas.js';

export interface ScimGroups {
  list(q: ListQuery, excludeMembers: boolean): Promise<ListResult>;
  get(id: string): Promise<Resource>;
  create(body: unknown): Promise<Resource>;
  replace(id: string, body: unknown, ifMatch?: string): Promise<Resource>;
  patch(id: string, body: unknown, ifMatch?: string): Promise<Resource>;
  remove(id: string, ifMatch?: string): Promise<void>;
}

/** Members of one group: Entra and Okta send large groups in several PATCHes. */
const MAX_MEMBERS = 50_000;

/**
 * Entra removes members as `{ op: Remove, path: members, value: [{ value: id }] }`; scim-patch
 * would remove only members equal to the whole object, so each becomes `members[value eq "id"]`.
 */
function removeMembersByValue(op: ScimPatchOperation): ScimPatchOperation[] {
  const o = op as { op: string; path?: string; value?: unknown };
  if (o.op !== 'remove' || o.path?.trim().toLowerCase() !== 'members' || !Array.isArray(o.value)) return [op];
  return o.value.map((m) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(String((m as { value?: unknown })?.value ?? m))}]` }) as ScimPatchOperation);
}

interface GroupInput {
  displayName: string;
  externalId?: string;
  members: string[];
}

export function createScimGroups(deps: { users: UserModel; cols: ScimCollections; base: string; now: () => Date }): ScimGroups {
  const { users, cols, base, now } = deps;
  const notFound = (id: string) => new ScimError(404, `Group ${id} not found`);

  async function render(groups: ScimGroupDoc[], withMembers = true): Promise<Resource[]> {
    const ids = [...new Set(groups.flatMap((g) => g.members))].map((id) => new Types.ObjectId(id));
    const people = withMembers && ids.length ? await users.find({ _id: { $in: ids } }, { name: 1 }).lean<Array<{ _id: Types.ObjectId; name: string }>>().exec() : [];
    const names = new Map(people.map((p) => [p._id.toHexString(), p.name]));
    return groups.map((g) => {
      const r = groupResource(base, g, names);
      if (!withMembers) delete r.members;
      return r;
    });
  }

  async function load(id: string): Promise<{ doc: ScimGroupDoc; resource: Resource }> {
    const doc = await cols.groups.findOne({ _id: id });
    if (!doc) throw notFound(id);
    return { doc, resource: (await render([doc]))[0]! };
  }

  async function readGroup(body: unknown): Promise<GroupInput> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ScimError(400, 'body: must be a SCIM Group object', 'invalidSyntax');
    const r = body as Resource;
    if (r.schemas !== undefined && (!Array.isArray(r.schemas) || !r.schemas.includes(GROUP_SCHEMA))) throw new ScimError(400, `schemas: must include ${GROUP_SCHEMA}`, 'invalidValue');
    for (const key of Object.keys(r)) if (!GROUP_ATTRIBUTE_NAMES.has(key.toLowerCase())) throw new ScimError(400, `${key}: not an attribute of the Group schema`, 'invalidValue');
    const displayName = typeof r.displayName === 'string' ? r.displayName.trim() : '';
    if (!displayName || displayName.length > 256) throw new ScimError(400, 'displayName: is required (at most 256 characters)', 'invalidValue');
    const raw: unknown[] = r.members === undefined || r.members === null ? [] : Array.isArray(r.members) ? r.members : [r.members];
    const members = [...new Set(raw.map((m) => (typeof m === 'string' ? m : (m as { value?: unknown })?.value)).map((v) => String(v ?? '').toLowerCase()))];
    if (members.length > MAX_MEMBERS) throw new ScimError(400, `members: at most ${MAX_MEMBERS} in one group`, 'tooMany');
    const bad = members.find((m) => !/^[0-9a-f]{24}$/.test(m));
    if (bad !== undefined) throw new ScimError(400, `members: "${bad}" is not the id of a User`, 'invalidValue');
    const found = members.length ? await users.countDocuments({ _id: { $in: members.map((m) => new Types.ObjectId(m)) } }).exec() : 0;
    if (found !== members.length) {
      const existing = new Set((await users.find({ _id: { $in: members.map((m) => new Types.ObjectId(m)) } }, { _id: 1 }).lean<Array<{ _id: Types.ObjectId }>>().exec()).map((d) => d._id.toHexString()));
      throw new ScimError(400, `members: no User with the id ${members.find((m) => !existing.has(m))}`, 'invalidValue');
    }
    return { displayName, members, ...(typeof r.externalId === 'string' && r.externalId.trim() ? { externalId: r.externalId.trim() } : {}) };
  }

  async function save(id: string, input: GroupInput, ifMatch?: string): Promise<Resource> {
    const { doc, resource } = await load(id);
    assertVersion(ifMatch, resource.meta.version);
    const next: ScimGroupDoc = { _id: doc._id, createdAt: doc.createdAt, updatedAt: now(), ...input };
    await cols.groups.replaceOne({ _id: id }, next);
    return (await render([next]))[0]!;
  }

  return {
    async list(q, excludeMembers) {
      const filter = q.filter ? compileScimFilter(q.filter, GROUP_ATTRIBUTE_NAMES) : null;
      if (!filter) {
        const [page, total] = await Promise.all([q.count === 0 ? [] : cols.groups.find({}).sort({ _id: 1 }).skip(q.startIndex - 1).limit(q.count).toArray(), cols.groups.countDocuments({})]);
        return { totalResults: total, resources: await render(page, !excludeMembers) };
      }
      const eq = filter.equality;
      const found = await cols.groups.find(eq?.attribute === 'id' ? { _id: eq.value } : eq?.attribute === 'externalid' ? { externalId: eq.value } : {}).sort({ _id: 1 }).toArray();
      // Filters may name members, so they are judged on the whole resource.
      const matching = (await render(found)).filter((r) => filter.matches(r));
      if (excludeMembers) for (const r of matching) delete r.members;
      return { totalResults: matching.length, resources: matching.slice(q.startIndex - 1, q.startIndex - 1 + q.count) };
    },

    get: async (id) => (await load(id)).resource,

    async create(body) {
      const input = await readGroup(body);
      const doc: ScimGroupDoc = { _id: randomBytes(12).toString('hex'), createdAt: now(), updatedAt: now(), ...input };
      await cols.groups.insertOne(doc);
      return (await render([doc]))[0]!;
    },

    replace: async (id, body, ifMatch) => save(id, await readGroup(body), ifMatch),

    async patch(id, body, ifMatch) {
      const operations = assertPatchBody(body, GROUP_ATTRIBUTE_NAMES).flatMap(removeMembersByValue);
      const { resource } = await load(id);
      let patched: Resource;
      try {
        patched = scimPatch(structuredClone(resource) as never, operations, { mutateDocument: true, treatMissingAsAdd: true }) as Resource;
      } catch (err) {
        throw patchFailure(err);
      }
      const { meta: _meta, id: _id, ...writable } = patched;
      return save(id, await readGroup(writable), ifMatch);
    },

    async remove(id, ifMatch) {
      const { resource } = await load(id);
      assertVersion(ifMatch, resource.meta.version);
      await cols.groups.deleteOne({ _id: id });
    },
  };
}
