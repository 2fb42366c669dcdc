/**
 * The xAPI Learning Record Store as a self-contained module. `createLrs` returns the
 * Express router the host mounts at `/xapi`, and the services the host may call
 * directly (the LMS writes its own statements through them, under an internal client).
 * It knows nothing of courses or HR.
 */
import type { Router } from 'express';
import { CredentialService } from './credentials/credential-service.js';
import type { LrsLogger } from './http/error-handler.js';
import { createXapiRouter } from './http/router.js';
import type { LrsDb } from './store.js';
import { createDocumentResources } from './documents/index.js';
import { StatementService, type StoredListener } from './statements/statement-service.js';
import { statementsRouter } from './statements/statement-routes.js';
import { createRecordReader, type RecordReader } from './statements/record-reader.js';
import { SessionService, type ActivityOwner } from './sessions/session-service.js';
import { ifiKey, type Agent } from './agents.js';

export interface LrsOptions {
  db: LrsDb;
  /** IRL naming client authorities (`account.homePage`), e.g. `${PUBLIC_URL}/xapi/clients`. */
  authorityHomePage: string;
  now?: () => Date;
  logger?: LrsLogger;
  /** Whose is an activity (see ActivityOwner): launch tokens may not make statements about other content's activities. */
  activityOwner?: ActivityOwner;
  /**
   * Milliseconds another process writing to the same store (a worker beside the web
   * process) may take from numbering a statement to its insert being visible, clock skew
   * between the processes included. `records.settledOrd()` and the Consistent-Through
   * header stay at least this far behind now. Default 2000; 0 suits a single process.
   */
  settleLagMs?: number;
}

/**
 * Stores statements directly (no HTTP), as the LMS does for the events it records itself;
 * `attachments` are the parts of the statements' attachments, by SHA-2 (as a multipart POST sends them).
 */
export type StatementWriter = (statements: object | object[], attachments?: Map<string, { contentType: string; data: Buffer }>) => Promise<string[]>;

export interface Lrs {
  router: Router;
  credentials: CredentialService;
  statements: StatementService;
  /**
   * Reads stored statements by verb/activity/agent/registration in storage order, with a
   * checkpoint; move a checkpoint to at most `records.settledOrd()` (see RecordReader).
   */
  records: RecordReader;
  /**
   * A writer whose statements carry the authority of an internal client with this name
   * (created on first use; it has no secret, so it cannot be used over HTTP).
   */
  internalWriter(name: string): Promise<StatementWriter>;
  /** Launch sessions: one-time fetch, tokens bound to actor/registration/session, cmi5 statement rules. */
  sessions: SessionService;
  /** Write a JSON State document directly (replacing it), e.g. cmi5 `LMS.LaunchData` before launch. */
  putState(key: { activityId: string; agent: Agent; registration?: string; stateId: string }, doc: object): Promise<void>;
  /**
   * Hear of statements once stored, from any writer; returns the unsubscribe function.
   * A listener's failure is logged, never the writer's.
   */
  onStored(listener: StoredListener): () => void;
}

export async function createLrs(opts: LrsOptions): Promise<Lrs> {
  const logger = opts.logger ?? { error: (obj: object, msg?: string) => console.error(msg, obj) };
  const credentials = new CredentialService({ db: opts.db, authorityHomePage: opts.authorityHomePage, now: opts.now });
  const documents = await createDocumentResources({ db: opts.db, now: opts.now });
  const statements = new StatementService(opts.db, opts.now, documents.activities, { settleLagMs: opts.settleLagMs });
  statements.onListenerError = (err) => logger.error({ err }, 'a stored-statements listener failed');
  await statements.init();
  const sessions = new SessionService(opts.db, credentials, opts.now, (err) => logger.error({ err }, 'launch session listener failed'), opts.activityOwner);
  await sessions.init();
  const router = createXapiRouter({ credentials, sessions, logger, resources: [statementsRouter(statements), ...documents.routers] });
  const internalWriter = async (name: string): Promise<StatementWriter> => {
    const client = await credentials.internalClient(name);
    return async (input, attachments) => (await statements.store(input, { client, version: '1.0.3', ...(attachments?.size ? { attachments } : {}) })).ids;
  };
  const records = createRecordReader(statements.repo, () => statements.init(), () => statements.settledOrd());
  const putState: Lrs['putState'] = async (key, doc) => {
    const scope = { activityId: key.activityId, agentKey: ifiKey(key.agent)!, registration: key.registration?.toLowerCase() ?? null };
    const current = await documents.state.get({ scope, id: key.stateId }).catch(() => null);
    const body = { contentType: 'application/json', content: Buffer.from(JSON.stringify(doc)) };
    await documents.state.put({ scope, id: key.stateId }, body, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' }, '2.0.0');
  };
  return { router, credentials, statements, records, internalWriter, sessions, putState, onStored: (listener) => statements.onStored(listener) };
}

export { CredentialService, internalClientKey, isInternalClientKey } from './credentials/credential-service.js';
export type { LrsClient } from './credentials/credential-service.js';
export { StatementService, type StatementServiceOptions, type StoredListener, type StoredNotice } from './statements/statement-service.js';
export type { RecordQuery, RecordPage, RecordReader, StoredStatement } from './statements/record-reader.js';
export { SCOPES, type Scope } from './credentials/scopes.js';
export { SessionService, type LaunchSession, type LaunchMode, type OpenSessionInput, type ActivityOwner } from './sessions/session-service.js';
export { CMI5 } from './sessions/statement-rules.js';
