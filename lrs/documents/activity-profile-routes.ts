/** Activity Profile Resource, `/activities/profile`: documents scoped by activityId, identified by profileId. */
import type { Router } from 'express';
import { iriParam } from './params.js';
import { documentRouter } from './document-routes.js';
import type { DocumentService } from './document-service.js';

export function activityProfileRouter(deps: { service: DocumentService; maxBytes: number }): Router {
  return documentRouter({
    path: '/activities/profile',
    access: 'profile',
    idParam: 'profileId',
    scopeParams: ['activityId'],
    scope: (query) => ({ activityId: iriParam(query, 'activityId') }),
    deleteAll: false,
    service: deps.service,
    maxBytes: deps.maxBytes,
  });
}
