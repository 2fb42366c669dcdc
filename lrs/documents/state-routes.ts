/**
 * State Resource, `/activities/state`: documents scoped by activityId + agent
 * (+ registration), identified by stateId. Without stateId, GET lists the ids and DELETE
 * removes every document of the activity and agent (and registration, when given).
 */
import type { Router } from 'express';
import { ifiKey } from '../agents.js';
import { agentParam, iriParam, optionalUuidParam } from './params.js';
import type { DocumentScope } from './document-repo.js';
import { documentRouter } from './document-routes.js';
import type { DocumentService } from './document-service.js';

export function stateRouter(deps: { service: DocumentService; maxBytes: number }): Router {
  return documentRouter({
    path: '/activities/state',
    access: 'state',
    idParam: 'stateId',
    scopeParams: ['activityId', 'agent', 'registration'],
    scope(query, forList) {
      const activityId = iriParam(query, 'activityId');
      const agentKey = ifiKey(agentParam(query, 'agent', { allowGroup: true }))!;
      const registration = optionalUuidParam(query, 'registration');
      const scope: DocumentScope = { activityId, agentKey };
      // One document: no registration means "the document stored without one". A list or
      // delete-all without registration covers every registration.
      if (registration !== undefined || !forList) scope.registration = registration ?? null;
      return scope;
    },
    deleteAll: true,
    service: deps.service,
    maxBytes: deps.maxBytes,
  });
}
