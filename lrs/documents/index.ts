/**
 * The Document Resources (State, Activity Profile, Agent Profile) and the Activities and
 * Agents Resources: their storage, indexes, services and routers, ready for `createLrs`
 * to mount.
 */
import type { Router } from 'express';
import type { LrsDb } from '../store.js';
import { activitiesRouter } from './activities-routes.js';
import { activityProfileRouter } from './activity-profile-routes.js';
import { ActivityRepo } from './activity-repo.js';
import { ActivityService } from './activity-service.js';
import { agentProfileRouter } from './agent-profile-routes.js';
import { agentsRouter } from './agents-routes.js';
import { DocumentRepo } from './document-repo.js';
import { DEFAULT_MAX_DOCUMENT_BYTES } from './document-routes.js';
import { DocumentService } from './document-service.js';
import { stateRouter } from './state-routes.js';

export interface DocumentResourcesOptions {
  db: LrsDb;
  now?: () => Date;
  /** Largest document accepted, in bytes (413 above); 10 MB by default. */
  maxDocumentBytes?: number;
}

export interface DocumentResources {
  /** State, Activity Profile, Agent Profile, Activities and Agents routers, in mounting order. */
  routers: Router[];
  activities: ActivityService;
  /** The State Resource's service, for hosts that write state directly (cmi5 LMS.LaunchData). */
  state: DocumentService;
}

export async function createDocumentResources(opts: DocumentResourcesOptions): Promise<DocumentResources> {
  const now = opts.now ?? (() => new Date());
  const maxBytes = opts.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const stateRepo = new DocumentRepo(opts.db, {
    collection: 'lrs_state_documents',
    keyFields: ['activityId', 'agentKey', 'registration'],
    listFields: ['activityId', 'agentKey'],
  });
  const activityProfileRepo = new DocumentRepo(opts.db, { collection: 'lrs_activity_profiles', keyFields: ['activityId'], listFields: ['activityId'] });
  const agentProfileRepo = new DocumentRepo(opts.db, { collection: 'lrs_agent_profiles', keyFields: ['agentKey'], listFields: ['agentKey'] });
  await Promise.all([stateRepo.ensureIndexes(), activityProfileRepo.ensureIndexes(), agentProfileRepo.ensureIndexes()]);

  const activities = new ActivityService({ repo: new ActivityRepo(opts.db), now });
  const state = new DocumentService({ repo: stateRepo, resource: 'state', now });
  const routers = [
    stateRouter({ service: state, maxBytes }),
    activityProfileRouter({ service: new DocumentService({ repo: activityProfileRepo, resource: 'activityProfile', now }), maxBytes }),
    agentProfileRouter({ service: new DocumentService({ repo: agentProfileRepo, resource: 'agentProfile', now }), maxBytes }),
    activitiesRouter({ service: activities }),
    agentsRouter(),
  ];
  return { routers, activities, state };
}
