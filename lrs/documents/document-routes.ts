/**
 * The HTTP shape shared by the three Document Resources: one route per method, the id
 * parameter (stateId / profileId) choosing between one document and the list of ids,
 * bodies read raw (byte-exact, any Content-Type) up to a size limit, and the ETag /
 * Last-Modified headers. HEAD is answered by the GET route without a body.
 */
import { Router, type Request, type Response } from 'express';
import { requireScope } from '../http/auth.js';
import { xapiContext } from '../http/context.js';
import { optionalParam, optionalTimestampParam, rejectUnknownParams, type QueryParams } from './params.js';
import { BadRequestError } from '../errors.js';
import { readBody } from '../http/raw-body.js';
import type { DocumentScope, StoredDocument } from './document-repo.js';
import type { DocumentService } from './document-service.js';
import type { Preconditions } from './preconditions.js';

export const DEFAULT_MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export interface DocumentRouteSpec {
  path: string;
  access: 'state' | 'profile';
  /** `stateId` or `profileId`. */
  idParam: string;
  /** Parameters besides the id (and `since` on GET). */
  scopeParams: readonly string[];
  /** The scope from validated parameters; `forList` when no id is given (optional key fields may then be omitted). */
  scope(query: QueryParams, forList: boolean): DocumentScope;
  /** Whether DELETE without an id deletes every document of the scope (State only). */
  deleteAll: boolean;
  service: DocumentService;
  maxBytes: number;
}

export function documentRouter(spec: DocumentRouteSpec): Router {
  const router = Router();
  const { path, idParam, scopeParams, service } = spec;
  const scope = requireScope(spec.access);

  router.get(path, scope, async (req, res) => {
    const query = queryOf(req);
    rejectUnknownParams(query, [...scopeParams, idParam, 'since']);
    const id = optionalParam(query, idParam);
    const since = optionalTimestampParam(query, 'since');
    if (id !== undefined) {
      const doc = await service.get({ scope: spec.scope(query, false), id: requireId(id, idParam) });
      sendDocument(res, doc);
      return;
    }
    const { ids, lastModified } = await service.listIds(spec.scope(query, true), since);
    if (lastModified) res.setHeader('Last-Modified', lastModified.toUTCString());
    res.status(200).json(ids);
  });

  router.put(path, scope, async (req, res) => {
    const key = singleKey(spec, req);
    const body = await readBody(req, spec.maxBytes);
    const stored = await service.put(key, body, preconditionsOf(req), xapiContext(res).version);
    noContent(res, stored);
  });

  router.post(path, scope, async (req, res) => {
    const key = singleKey(spec, req);
    const body = await readBody(req, spec.maxBytes);
    const stored = await service.post(key, body, preconditionsOf(req));
    noContent(res, stored);
  });

  router.delete(path, scope, async (req, res) => {
    const query = queryOf(req);
    rejectUnknownParams(query, [...scopeParams, idParam]);
    const id = optionalParam(query, idParam);
    if (id !== undefined || !spec.deleteAll) {
      await service.delete({ scope: spec.scope(query, false), id: requireId(id, idParam) }, preconditionsOf(req));
    } else {
      await service.deleteAll(spec.scope(query, true));
    }
    res.status(204).end();
  });

  return router;
}

/** The query as plain parameters (Express 5 builds it anew on each access). */
export function queryOf(req: Request): QueryParams {
  return (req.query ?? {}) as QueryParams;
}

function requireId(id: string | undefined, name: string): string {
  if (id === undefined || id === '') throw new BadRequestError('is required', name);
  return id;
}

function singleKey(spec: DocumentRouteSpec, req: Request) {
  const query = queryOf(req);
  rejectUnknownParams(query, [...spec.scopeParams, spec.idParam]);
  const scope = spec.scope(query, false);
  return { scope, id: requireId(optionalParam(query, spec.idParam), spec.idParam) };
}

function preconditionsOf(req: Request): Preconditions {
  const p: Preconditions = {};
  const ifMatch = req.get('if-match');
  const ifNoneMatch = req.get('if-none-match');
  if (ifMatch?.trim()) p.ifMatch = ifMatch;
  if (ifNoneMatch?.trim()) p.ifNoneMatch = ifNoneMatch;
  return p;
}

function sendDocument(res: Response, doc: StoredDocument): void {
  // setHeader, not res.set/res.type: Express would add a charset to the stored Content-Type.
  res.setHeader('Content-Type', doc.contentType);
  res.setHeader('ETag', doc.etag);
  res.setHeader('Last-Modified', doc.updated.toUTCString());
  res.status(200).send(doc.content);
}

function noContent(res: Response, stored: StoredDocument): void {
  res.setHeader('ETag', stored.etag);
  res.status(204).end();
}
