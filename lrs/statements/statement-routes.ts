/** `/statements`: PUT (one, with statementId), POST (one or a batch), GET/HEAD (one or a query). */
import express, { Router, type Request } from 'express';
import { BadRequestError } from '../errors.js';
import { requireScope } from '../http/auth.js';
import { xapiContext } from '../http/context.js';
import { acceptedLanguages } from './formats.js';
import { buildMultipartResponse, parseStatementRequest } from './multipart.js';
import { parseStatementParams } from './query-params.js';
import { isUuid } from './validate.js';
import { storeInSession } from '../http/session-guard.js';
import { decodeCursor, type StatementResult, type StatementService } from './statement-service.js';

/** Largest statement request accepted, attachments included. */
export const MAX_STATEMENT_REQUEST_BYTES = 20 * 1024 * 1024;
/** Largest statements JSON accepted (a batch of a thousand rich statements is well under it). */
export const MAX_STATEMENT_JSON_BYTES = 5 * 1024 * 1024;
const LIMITS = { maxBytes: MAX_STATEMENT_REQUEST_BYTES, maxJsonBytes: MAX_STATEMENT_JSON_BYTES };

function searchParams(req: Request): URLSearchParams {
  return new URL(req.url, 'http://lrs').searchParams;
}

function bodyOf(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

export function statementsRouter(service: StatementService): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: MAX_STATEMENT_REQUEST_BYTES });

  router.put('/statements', requireScope('statements/write'), rawBody, async (req, res) => {
    const { version, client } = xapiContext(res);
    const params = searchParams(req);
    for (const name of params.keys()) if (name !== 'statementId') throw new BadRequestError(`unknown parameter "${name}"`, name);
    const statementId = params.get('statementId');
    if (statementId === null) throw new BadRequestError('is required for PUT', 'statementId');
    if (!isUuid(statementId)) throw new BadRequestError('must be a UUID', 'statementId');
    const { statements, attachments } = parseStatementRequest(bodyOf(req), req.get('content-type'), LIMITS);
    if (Array.isArray(statements)) throw new BadRequestError('PUT takes a single statement, not an array', 'body');
    await storeInSession(res, statements, statementId, (sessionId) => service.store(statements, { client, version, attachments, statementId, sessionId }));
    res.status(204).end();
  });

  router.post('/statements', requireScope('statements/write'), rawBody, async (req, res) => {
    const { version, client } = xapiContext(res);
    const params = searchParams(req);
    for (const name of params.keys()) throw new BadRequestError(`unknown parameter "${name}"`, name);
    const { statements, attachments } = parseStatementRequest(bodyOf(req), req.get('content-type'), LIMITS);
    const { ids } = await storeInSession(res, statements, undefined, (sessionId) => service.store(statements, { client, version, attachments, sessionId }));
    res.json(ids);
  });

  router.get('/statements', requireScope('statements/read'), async (req, res) => {
    // On every answer, errors included (Communication 2.1.3).
    res.set('X-Experience-API-Consistent-Through', service.consistentThrough());
    const { version, client } = xapiContext(res);
    let params = searchParams(req);
    const moreToken = params.get('more');
    const cursor = moreToken === null ? undefined : decodeCursor(moreToken);
    if (cursor) params = new URLSearchParams(cursor.params);
    const request = parseStatementParams(params, version);
    const languages = acceptedLanguages(req.get('accept-language'));
    const result =
      request.kind === 'single'
        ? await service.getOne(request, { client, languages })
        : await service.query(request, { client, languages, cursor, params: params.toString(), moreBase: `${req.baseUrl}/statements` });
    const body = request.kind === 'single' ? JSON.stringify(result.statements[0]) : JSON.stringify({ statements: result.statements, more: result.more });
    if (request.kind === 'single') {
      const stored = (result.statements[0] as { stored?: string }).stored;
      if (stored) res.set('Last-Modified', new Date(stored).toUTCString());
    }
    send(res, body, request.attachments, result);
  });

  return router;
}

function send(res: express.Response, json: string, withAttachments: boolean, result: StatementResult): void {
  if (!withAttachments) {
    res.type('application/json').send(json);
    return;
  }
  const multipart = buildMultipartResponse(
    json,
    result.attachments.map((a) => ({ sha2: a._id, contentType: a.contentType, data: a.data })),
  );
  res.set('Content-Type', multipart.contentType).send(multipart.body);
}
