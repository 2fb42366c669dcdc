/**
 * A real LRS over real HTTP for tests: createLrs on a fresh store (embedded in a temp
 * dir, or MongoDB when MONGODB_URI is set), mounted at /xapi on a loopback port, with
 * one client holding the `all` scope.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { openTestStore } from '../../test/helpers/test-store.js';
import { createLrs, type Lrs } from '../index.js';
import type { Scope } from '../credentials/scopes.js';
import type { LrsDb } from '../store.js';

export interface LrsTestServer {
  /** Base URL of the LRS, ending in `/xapi`. */
  endpoint: string;
  lrs: Lrs;
  /** The LRS's store, to arrange data the HTTP API cannot. */
  db: LrsDb;
  /** Set the LRS's clock (only with `clockAt`). */
  setNow(iso: string): void;
  /** `Authorization` header value for the `all` client. */
  auth: string;
  /** A new client with these scopes; returns its Authorization header value. */
  clientWith(scopes: Scope[]): Promise<string>;
  /** fetch against the LRS with auth and `X-Experience-API-Version: 1.0.3` unless overridden. */
  request(method: string, path: string, init?: { headers?: Record<string, string>; body?: string | Buffer }): Promise<Response>;
  close(): Promise<void>;
}

export function basicHeader(key: string, secret: string): string {
  return 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64');
}

/**
 * With `clockAt`, the LRS's clock starts there and moves only by `setNow`. `wrapDb` sees
 * the store first (e.g. to hold writes, see held-writes.ts); `settleLagMs` goes to createLrs.
 */
export async function startLrsTestServer(opts: { clockAt?: string; settleLagMs?: number; wrapDb?: (db: LrsDb) => LrsDb } = {}): Promise<LrsTestServer> {
  let clock = opts.clockAt ? new Date(opts.clockAt) : null;
  const now = () => (clock ? new Date(clock) : new Date());
  const store = await openTestStore();
  const db = opts.wrapDb ? opts.wrapDb(store.db) : store.db;
  const lrs = await createLrs({
    db,
    authorityHomePage: 'http://127.0.0.1/xapi/clients',
    now,
    settleLagMs: opts.settleLagMs,
    logger: { error: (o, m) => console.error(m, o) },
  });
  const app = express();
  app.use('/xapi', lrs.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi`;
  const clientWith = async (scopes: Scope[]) => {
    const { client, secret } = await lrs.credentials.create({ name: `test ${scopes.join(' ')}`, scopes });
    return basicHeader(client.key, secret);
  };
  const auth = await clientWith(['all']);
  return {
    endpoint,
    lrs,
    db: store.db,
    setNow(iso) {
      if (!clock) throw new Error('start the test server with clockAt to control its clock');
      clock = new Date(iso);
    },
    auth,
    clientWith,
    request(method, path, init = {}) {
      const headers: Record<string, string> = { authorization: auth, 'x-experience-api-version': '1.0.3', ...init.headers };
      return fetch(endpoint + path, { method, headers, body: init.body as RequestInit['body'] });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
