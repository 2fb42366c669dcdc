/** Agent Profile Resource, `/agents/profile`: documents scoped by agent (its IFI), identified by profileId. */
import type { Router } from 'express';
import { ifiKey } from '../agents.js';
import { agentParam } from './params.js';
import { documentRouter } from './document-routes.js';
import type { DocumentService } from './document-service.js';

export function agentProfileRouter(deps: { service: DocumentService; maxBytes: number }): Router {
  return documentRouter({
    path: '/agents/profile',
    access: 'profile',
    idParam: 'profileId',
    scopeParams: ['agent'],
    scope: (query) => ({ agentKey: ifiKey(agentParam(query, 'agent', { allowGroup: true }))! }),
    deleteAll: false,
    service: deps.service,
    maxBytes: deps.maxBytes,
  });
}
