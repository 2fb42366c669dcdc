/**
 * Helpers for the document-resource tests: query strings with JSON parameters, a
 * request builder, and an LRS whose clock the test sets (for `since` and Last-Modified).
 */
import { startLrsTestServer, type LrsTestServer } from '../test-support/lrs-test-server.js';

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

/** JSON body with `Content-Type: application/json`. */
export function json(body: unknown, headers: Record<string, string> = {}): { headers: Record<string, string>; body: string } {
  return { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export type ClockedLrs = LrsTestServer;

/** A real LRS over HTTP whose clock is under the test's control. */
export function startClockedLrs(startAt = '2024-01-01T00:00:00.000Z'): Promise<ClockedLrs> {
  return startLrsTestServer({ clockAt: startAt });
}
