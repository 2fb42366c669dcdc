/**
 * The xAPI HTTP surface, mounted by the host at `/xapi`. Order matters: CORS, the
 * alternate request syntax (which carries headers in its body) and the version header
 * apply to every request; `/about` is public; then credentials, then the
 * version the request must name, then the resources.
 */
import { Router } from 'express';
import type { CredentialService } from '../credentials/credential-service.js';
import { aboutRouter } from './about-routes.js';
import { alternateRequestSyntax } from './alternate-syntax.js';
import { basicAuth } from './auth.js';
import { corsMiddleware } from './cors.js';
import { lrsErrorHandler, type LrsLogger } from './error-handler.js';
import { createVersionMiddleware } from './version-middleware.js';
import { sessionGuard } from './session-guard.js';
import type { SessionService } from '../sessions/session-service.js';

export interface ResourceRouters {
  /** Routers for the resources (statements, documents, activities, agents), mounted in order. */
  resources: Router[];
}

export function createXapiRouter(deps: { credentials: CredentialService; sessions?: SessionService; logger: LrsLogger } & ResourceRouters): Router {
  const router = Router();
  const versions = createVersionMiddleware();
  router.use(corsMiddleware);
  // Before anything reads headers: the form body may carry them.
  router.use(alternateRequestSyntax);
  router.use(versions.responseHeader);
  router.use(aboutRouter());
  router.use(basicAuth(deps.credentials, deps.sessions));
  router.use(versions.requireVersion);
  // Launch-session tokens reach only their own actor, registration and activity.
  router.use(sessionGuard());
  for (const r of deps.resources) router.use(r);
  router.use((req, res) => {
    res.status(404).json({ error: { status: 404, message: `no xAPI resource at ${req.method} ${req.path}` } });
  });
  router.use(lrsErrorHandler(deps.logger));
  return router;
}
