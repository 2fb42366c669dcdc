/** People and groups rendered as SCIM resources, with their version (the ETag). */
import { createHash } from 'node:crypto';
import type { User } from '../people/user-service.js';
import type { ScimGroupDoc, ScimUserLinkDoc } from './scim-model.js';
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './scim-schemas.js';

// biome-ignore lint/suspicious/noExplicitAny: a SCIM resource is open JSON that clients extend; fields are read by name
export type Resource = Record<string, any>;

/** A weak ETag over the resource's content: any change to what a client sees changes it. */
function withVersion(resource: Resource): Resource {
  const version = `W/"${createHash('sha256').update(JSON.stringify(resource)).digest('base64url').slice(0, 22)}"`;
  resource.meta.version = version;
  return resource;
}

const later = (a: string, b?: Date) => (b && b.toISOString() > a ? b.toISOString() : a);

export function userResource(base: string, user: User, link: ScimUserLinkDoc | null, groups: ScimGroupDoc[]): Resource {
  const enterprise: Resource = {};
  if (user.employeeId) enterprise.employeeNumber = user.employeeId;
  if (user.department) enterprise.department = user.department;
  if (user.managerId) enterprise.manager = { value: user.managerId, $ref: `${base}/Users/${user.managerId}` };
  const resource: Resource = {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    id: user.id,
    ...(link?.externalId ? { externalId: link.externalId } : {}),
    userName: link?.userName ?? user.email,
    name: link?.name ?? { formatted: user.name },
    displayName: user.name,
    ...(user.jobRole ? { title: user.jobRole } : {}),
    active: user.active,
    emails: [{ value: user.email, type: 'work', primary: true }],
    ...(user.location ? { addresses: [{ type: 'work', locality: user.location, primary: true }] } : {}),
    groups: groups.map((g) => ({ value: g._id, display: g.displayName, $ref: `${base}/Groups/${g._id}` })),
    [ENTERPRISE_SCHEMA]: enterprise,
    meta: { resourceType: 'User', created: user.createdAt, lastModified: later(user.updatedAt, link?.updatedAt), location: `${base}/Users/${user.id}` },
  };
  return withVersion(resource);
}

export function groupResource(base: string, group: ScimGroupDoc, names: Map<string, string>): Resource {
  return withVersion({
    schemas: [GROUP_SCHEMA],
    id: group._id,
    ...(group.externalId ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
    members: group.members.map((id) => ({ value: id, $ref: `${base}/Users/${id}`, type: 'User', ...(names.has(id) ? { display: names.get(id) } : {}) })),
    meta: { resourceType: 'Group', created: group.createdAt.toISOString(), lastModified: group.updatedAt.toISOString(), location: `${base}/Groups/${group._id}` },
  });
}

/** The same resource with the enterprise attributes also at top level: filters name them either way. */
export function filterView(resource: Resource): Resource {
  return { ...(resource[ENTERPRISE_SCHEMA] ?? {}), ...resource };
}
