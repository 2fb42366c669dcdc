/**
 * Helpers for the document-resource tests: query strings with JSON parameters, a
 * request builder, and an LRS whose clock the test sets (for `since` and Last-Modified).
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { openTestStore } from '../../test/helpers/test-store.js';
import { createLrs } from '../index.js';
import type { LrsDb } from '../store.js';
import { basicHeader } from '../test-support/lrs-test-server.js';

export type Params = Record<string, string | object | undefined>;

/** `?a=b&agent=<JSON>`: objects are JSON-encoded, undefined values left out. */
export function qs(params: Params): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    sp.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export const RICK = { objectType: 'Agent', account: { homePage: 'http://www.example.com/agentId/1', name: 'Rick James' } };

let n = 0;
/** A fresh activity IRI per call, so tests never share documents. */
export function activityIri(): string {
  return `http://www.example.com/activities/${process.pid}/${Date.now()}/${++n}`;
}

export function mboxAgent(): { objectType: 'Agent'; mbox: string } {
  return { objectType: 'Agent', mbox: `mailto:learner${process.pid}.${Date.now()}.${++n}@example.com` };
}

export interface Requester {
  request(method: string, path: string, init?: { headers?: Record<string, string>; body?: string | Buffer }): Promise<Response>;
}

/** JSON body with `Content-Type: application/json`. */
export function json(body: unknown, headers: Record<string, string> = {}): { headers: Record<string, string>; body: string } {
  return { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export interface ClockedLrs extends Requester {
  /** The LRS's store, to arrange data the HTTP API cannot (e.g. known Activities). */
  db: LrsDb;
  /** Set the LRS clock. */
  setNow(iso: string): void;
  close(): Promise<void>;
}

/** A real LRS over HTTP whose clock is under the test's control. */
export async function startClockedLrs(startAt = '2024-01-01T00:00:00.000Z'): Promise<ClockedLrs> {
  let now = new Date(startAt);
  const store = await openTestStore();
  const lrs = await createLrs({ db: store.db, authorityHomePage: 'http://127.0.0.1/xapi/clients', now: () => new Date(now), logger: { error: (o, m) => console.error(m, o) } });
  const app = express();
  app.use('/xapi', lrs.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xapi`;
  const { client, secret } = await lrs.credentials.create({ name: 'clocked', scopes: ['all'] });
  const auth = basicHeader(client.key, secret);
  return {
    db: store.db,
    setNow(iso) {
      now = new Date(iso);
    },
    request(method, path, init = {}) {
      const headers: Record<string, string> = { authorization: auth, 'x-experience-api-version': '1.0.3', ...init.headers };
      return fetch(endpoint + path, { method, headers, body: init.body as BodyInit | undefined });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
