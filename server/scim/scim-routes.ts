/**
 * The SCIM 2.0 service provider at /scim/v2 (RFC 7644): bearer-token auth, bodies as
 * application/scim+json (or application/json), answers as application/scim+json, every
 * error in the SCIM error schema. Thin: the services do the work.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { Actor } from '../people/user-service.js';
import { ScimError, scimErrorHandler } from './scim-errors.js';
import type { ScimGroups } from './scim-groups.js';
import { listResponse, parseListQuery } from './scim-paging.js';
import type { Resource } from './scim-resources.js';
import { BODY_LIMIT, resourceTypes, schemas, serviceProviderConfig, LIST_SCHEMA } from './scim-schemas.js';
import type { ScimToken, ScimTokens } from './scim-tokens.js';
import type { ScimUsers } from './scim-users.js';

const SCIM_JSON = 'application/scim+json';

export interface ScimRouterDeps {
  tokens: ScimTokens;
  users: ScimUsers;
  groups: ScimGroups;
  base: string;
  logger: Logger;
}

function send(res: Response, status: number, body: Resource): void {
  if (body.meta?.version) res.set('ETag', body.meta.version);
  if (status === 201 && body.meta?.location) res.set('Location', body.meta.location);
  res.status(status).type(SCIM_JSON).send(JSON.stringify(body));
}

/** The provisioning client acts as HR would, never as an admin (see scim-users.ts). */
const actorOf = (req: Request): Actor => ({ id: `scim-token:${(req as Request & { scimToken: ScimToken }).scimToken.id}`, roles: ['hr'] });

const ifMatch = (req: Request) => req.get('if-match') ?? undefined;

export function createScimRouter(deps: ScimRouterDeps): Router {
  const { tokens, users, groups, base } = deps;
  const router = Router();

  const bearer: RequestHandler = async (req, res, next) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const token = m ? await tokens.verify(m[1]!) : null;
    if (!token) {
      res.set('WWW-Authenticate', 'Bearer realm="scim"');
      return next(new ScimError(401, 'a valid bearer token is required (create one with npm run scim:token or on the SCIM tokens screen)'));
    }
    (req as Request & { scimToken: ScimToken }).scimToken = token;
    next();
  };
  const requireScimJson: RequestHandler = (req, _res, next) => {
    const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody || req.is(SCIM_JSON) || req.is('application/json')) return next();
    next(new ScimError(415, `Content-Type must be ${SCIM_JSON} or application/json`));
  };
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(bearer, requireScimJson, express.json({ limit: BODY_LIMIT, strict: true, type: [SCIM_JSON, 'application/json'] }));

  router.get('/ServiceProviderConfig', (_req, res) => send(res, 200, serviceProviderConfig(base)));
  const list = (items: Resource[]) => ({ schemas: [LIST_SCHEMA], totalResults: items.length, startIndex: 1, itemsPerPage: items.length, Resources: items });
  router.get('/ResourceTypes', (_req, res) => send(res, 200, list(resourceTypes(base))));
  router.get('/ResourceTypes/:id', (req, res) => {
    const found = resourceTypes(base).find((r) => r.id === req.params.id);
    if (!found) throw new ScimError(404, `ResourceType ${req.params.id} not found`);
    send(res, 200, found);
  });
  router.get('/Schemas', (_req, res) => send(res, 200, list(schemas(base))));
  router.get('/Schemas/:id', (req, res) => {
    const found = schemas(base).find((s) => s.id === req.params.id);
    if (!found) throw new ScimError(404, `Schema ${req.params.id} not found`);
    send(res, 200, found);
  });

  router.get('/Users', async (req, res) => {
    const q = parseListQuery(req.query as Record<string, unknown>);
    send(res, 200, listResponse(q, await users.list(q)));
  });
  router.post('/Users', async (req, res) => send(res, 201, await users.create(req.body, actorOf(req))));
  router.get('/Users/:id', async (req, res) => send(res, 200, await users.get(String(req.params.id))));
  router.put('/Users/:id', async (req, res) => send(res, 200, await users.replace(String(req.params.id), req.body, actorOf(req), ifMatch(req))));
  router.patch('/Users/:id', async (req, res) => send(res, 200, await users.patch(String(req.params.id), req.body, actorOf(req), ifMatch(req))));
  router.delete('/Users/:id', async (req, res) => {
    await users.remove(String(req.params.id), actorOf(req), ifMatch(req));
    res.status(204).end();
  });

  // Entra asks for groups without their members (excludedAttributes=members): large groups stay cheap.
  const excludesMembers = (req: Request) => /(^|,)\s*members\s*(,|$)/i.test(String(req.query.excludedAttributes ?? ''));
  router.get('/Groups', async (req, res) => {
    const q = parseListQuery(req.query as Record<string, unknown>);
    send(res, 200, listResponse(q, await groups.list(q, excludesMembers(req))));
  });
  router.post('/Groups', async (req, res) => send(res, 201, await groups.create(req.body)));
  router.get('/Groups/:id', async (req, res) => {
    const group = await groups.get(String(req.params.id));
    if (excludesMembers(req)) delete group.members;
    send(res, 200, group);
  });
  router.put('/Groups/:id', async (req, res) => send(res, 200, await groups.replace(String(req.params.id), req.body, ifMatch(req))));
  router.patch('/Groups/:id', async (req, res) => send(res, 200, await groups.patch(String(req.params.id), req.body, ifMatch(req))));
  router.delete('/Groups/:id', async (req, res) => {
    await groups.remove(String(req.params.id), ifMatch(req));
    res.status(204).end();
  });

  router.use((req, _res, next) => next(new ScimError(404, `No SCIM endpoint for ${req.method} ${req.path}`)));
  router.use(scimErrorHandler(deps.logger));
  return router;
}
