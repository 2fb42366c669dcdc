/** The alternate request syntax rewritten into the request it stands for. */
import type { AddressInfo } from 'node:net';
import express from 'express';
import test from 'ava';
import { alternateRequestSyntax } from './alternate-syntax.js';
import { lrsErrorHandler } from './error-handler.js';

async function echoServer() {
  const app = express();
  app.use(alternateRequestSyntax);
  app.use(express.raw({ type: () => true }));
  app.all('/statements', (req, res) => {
    res.json({
      method: req.method,
      query: Object.fromEntries(new URL(req.url, 'http://x').searchParams),
      version: req.get('x-experience-api-version'),
      auth: req.get('authorization'),
      contentType: req.get('content-type'),
      ifMatch: req.get('if-match'),
      body: Buffer.isBuffer(req.body) ? req.body.toString('utf8') : null,
    });
  });
  app.use(lrsErrorHandler({ error: () => {} }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

test('a PUT sent as POST: form headers override real ones, other fields become parameters, content the body', async (t) => {
  const s = await echoServer();
  t.teardown(s.close);
  const res = await fetch(`${s.url}/statements?method=PUT`, {
    method: 'POST',
    headers: { ...formHeaders, 'x-experience-api-version': '1.0.3' },
    body: form({ statementId: 'abc', 'X-Experience-API-Version': '1.0.2', Authorization: 'Basic eHg6eXk=', 'If-Match': '"e1"', content: '{"a":1}' }),
  });
  t.is(res.status, 200);
  t.deepEqual(await res.json(), {
    method: 'PUT',
    query: { statementId: 'abc' },
    version: '1.0.2',
    auth: 'Basic eHg6eXk=',
    contentType: 'application/json',
    ifMatch: '"e1"',
    body: '{"a":1}',
  });
});

test('a GET sent as POST carries its parameters in the form', async (t) => {
  const s = await echoServer();
  t.teardown(s.close);
  const res = await fetch(`${s.url}/statements?method=GET`, { method: 'POST', headers: formHeaders, body: form({ limit: '1' }) });
  const body = (await res.json()) as { method: string; query: object };
  t.is(body.method, 'GET');
  t.deepEqual(body.query, { limit: '1' });
});

test('refused: not a POST, extra query parameters, no content for PUT, a non-form body, xAPI 2.0', async (t) => {
  const s = await echoServer();
  t.teardown(s.close);
  const cases: Array<[string, RequestInit, string]> = [
    ['?method=POST', { method: 'PUT', headers: formHeaders, body: form({ content: '{}' }) }, 'method'],
    ['?method=PUT&statementId=x', { method: 'POST', headers: formHeaders, body: form({ content: '{}' }) }, 'method'],
    ['?method=PUT', { method: 'POST', headers: formHeaders, body: form({ statementId: 'x' }) }, 'content'],
    ['?method=PUT', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":"{}"}' }, 'Content-Type'],
    ['?method=GET', { method: 'POST', headers: { ...formHeaders, 'x-experience-api-version': '2.0.0' }, body: '' }, 'method'],
  ];
  for (const [query, init, field] of cases) {
    const res = await fetch(`${s.url}/statements${query}`, init);
    t.is(res.status, 400, query);
    t.is(((await res.json()) as { error: { field: string } }).error.field, field, query);
  }
});

test('requests without a method parameter pass through untouched', async (t) => {
  const s = await echoServer();
  t.teardown(s.close);
  const res = await fetch(`${s.url}/statements?limit=2`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' });
  const body = (await res.json()) as { method: string; body: string };
  t.is(body.method, 'POST');
  t.is(body.body, '[1]');
});
