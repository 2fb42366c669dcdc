/**
 * SCIM 2.0 provisioning: opened from a runtime (the web server and the CLI alike), so it
 * writes through the same people services as the rest of the app.
 */
import type { Router } from 'express';
import { userModel } from '../people/user-model.js';
import type { Runtime } from '../runtime.js';
import { openScimCollections } from './scim-model.js';
import { createScimGroups, type ScimGroups } from './scim-groups.js';
import { createScimRouter } from './scim-routes.js';
import { createScimTokenRouter } from './scim-token-routes.js';
import { openScimTokens, type ScimTokens } from './scim-tokens.js';
import { createScimUsers, type ScimUsers } from './scim-users.js';

export const SCIM_PATH = '/scim/v2';

export interface Scim {
  tokens: ScimTokens;
  users: ScimUsers;
  groups: ScimGroups;
  /** Mount at SCIM_PATH, outside the browser session and CSRF. */
  router(): Router;
  /** The admin API (/api/scim/tokens), mounted with the other session routes. */
  tokenRouter(): Router;
}

export async function openScim(runtime: Pick<Runtime, 'store' | 'conn' | 'services' | 'config' | 'clock' | 'logger'>): Promise<Scim> {
  const now = () => runtime.clock.now();
  const base = runtime.config.publicUrl.replace(/\/$/, '') + SCIM_PATH;
  const users = userModel(runtime.conn);
  const [cols, tokens] = await Promise.all([openScimCollections(runtime.store.db), openScimTokens(runtime.store.db, now)]);
  const scimUsers = createScimUsers({ users, people: runtime.services.people, access: runtime.services.peopleAccess, cols, base, now });
  const groups = createScimGroups({ users, cols, base, now });
  return {
    tokens,
    users: scimUsers,
    groups,
    router: () => createScimRouter({ tokens, users: scimUsers, groups, base, logger: runtime.logger.child({ part: 'scim' }) }),
    tokenRouter: () => createScimTokenRouter(tokens),
  };
}
