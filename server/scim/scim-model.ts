/**
 * What SCIM keeps beside the people records (server/people stays unaware of SCIM): the
 * link of a person to the identity provider's userName, externalId and name parts, and
 * the groups with their members.
 */
import type { StoreDb, StoreCollection } from '../store/types.js';

export interface ScimUserLinkDoc {
  _id: string;
  /** Unset while the person is being created (the link reserves the userName first). */
  userId?: string;
  userName: string;
  userNameLower: string;
  externalId?: string;
  /** The name parts as the identity provider sent them (the LMS keeps one display name). */
  name?: Record<string, string>;
  /** Deleted over SCIM: the person stays (deactivated), the SCIM resource is gone. */
  deletedAt?: Date;
  updatedAt: Date;
}

export interface ScimGroupDoc {
  _id: string;
  displayName: string;
  externalId?: string;
  /** Person ids. */
  members: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ScimCollections {
  links: StoreCollection<ScimUserLinkDoc>;
  groups: StoreCollection<ScimGroupDoc>;
}

export async function openScimCollections(db: StoreDb): Promise<ScimCollections> {
  const links = db.collection<ScimUserLinkDoc>('scim_users');
  const groups = db.collection<ScimGroupDoc>('scim_groups');
  await Promise.all([
    links.createIndex({ userNameLower: 1 }, { unique: true }),
    links.createIndex({ userId: 1 }, { unique: true, sparse: true }),
    links.createIndex({ externalId: 1 }, { sparse: true }),
    groups.createIndex({ members: 1 }),
    groups.createIndex({ displayName: 1 }),
  ]);
  return { links, groups };
}
