/**
 * Numbers a double cannot hold (`1e400` parses to Infinity, which JSON.stringify stores as
 * null) are refused anywhere in a statement, over every way of sending one, and nothing is stored.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { startLrsTestServer, type LrsTestServer } from '../test-support/lrs-test-server.js';

let lrs: LrsTestServer;
test.before(async () => {
  lrs = await startLrsTestServer();
});
test.after.always(() => lrs?.close());

const json = { 'content-type': 'application/json' };
const EXT = 'http://x.example/e';

/** A statement's JSON text with `@` standing for a raw number (JSON.stringify cannot write 1e400). */
function rawStatement(id: string, where: 'context' | 'result' | 'definition' | 'sub'): string {
  const ext = { [EXT]: '@' };
  const base = {
    id,
    actor: { mbox: 'mailto:ann@example.com' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
    object: { id: 'http://x.example/a', ...(where === 'definition' ? { definition: { extensions: ext } } : {}) },
    ...(where === 'context' ? { context: { extensions: ext } } : {}),
    ...(where === 'result' ? { result: { extensions: { other: 1, [EXT]: [1, { deep: '@' }] } } } : {}),
  } as Record<string, unknown>;
  if (where === 'sub') base.object = { objectType: 'SubStatement', actor: base.actor, verb: base.verb, object: { id: 'http://x.example/a' }, context: { extensions: ext } };
  return JSON.stringify(base);
}

async function error(res: Response): Promise<{ status: number; field?: string; message: string }> {
  const text = await res.text();
  const body = (text ? JSON.parse(text) : { error: { message: '(no body)' } }) as { error: { field?: string; message: string } };
  return { status: res.status, ...body.error };
}

async function stored(id: string): Promise<boolean> {
  return (await lrs.request('GET', `/statements?statementId=${id}`)).status === 200;
}

test('POST: 1e400 and -1e400 in an extension are 400 naming the path; nothing of the batch is stored', async (t) => {
  for (const big of ['1e400', '-1e400']) {
    const ok = randomUUID();
    const bad = randomUUID();
    const body = `[${rawStatement(ok, 'context').replace('"@"', '1')},${rawStatement(bad, 'context').replace('"@"', big)}]`;
    const err = await error(await lrs.request('POST', '/statements', { headers: json, body }));
    t.is(err.status, 400, big);
    t.is(err.field, `[1].context.extensions["${EXT}"]`, big);
    t.false(await stored(ok), `${big}: the batch is all or nothing`);
    t.false(await stored(bad), big);
  }
});

test('refused in result, definition and sub-statement extensions too, at the nested path', async (t) => {
  const cases = [
    ['result', `result.extensions["${EXT}"][1].deep`],
    ['definition', `object.definition.extensions["${EXT}"]`],
    ['sub', `object.context.extensions["${EXT}"]`],
  ] as const;
  for (const [where, field] of cases) {
    const id = randomUUID();
    const err = await error(await lrs.request('POST', '/statements', { headers: json, body: rawStatement(id, where).replace('"@"', '1e400') }));
    t.is(err.status, 400, where);
    t.is(err.field, field, where);
    t.false(await stored(id), where);
  }
  const score = rawStatement(randomUUID(), 'context').replace('"@"', '1').replace('"context"', '"result":{"score":{"raw":1e400}},"context"');
  t.is((await error(await lrs.request('POST', '/statements', { headers: json, body: score }))).field, 'result.score.raw');
});

test('PUT: refused, not stored; a re-send with a finite value then stores normally', async (t) => {
  const id = randomUUID();
  const res = await lrs.request('PUT', `/statements?statementId=${id}`, { headers: json, body: rawStatement(id, 'context').replace('"@"', '-1e400') });
  const err = await error(res);
  t.is(err.status, 400);
  t.is(err.field, `context.extensions["${EXT}"]`);
  t.false(await stored(id));
  // Had the refused statement been stored (as null), this different one would be a 409.
  const fixed = await lrs.request('PUT', `/statements?statementId=${id}`, { headers: json, body: rawStatement(id, 'context').replace('"@"', '1e300') });
  t.is(fixed.status, 204);
});

test('alternate request syntax: refused, not stored', async (t) => {
  const id = randomUUID();
  const form = new URLSearchParams({
    statementId: id,
    Authorization: lrs.auth,
    'X-Experience-API-Version': '1.0.3',
    'Content-Type': 'application/json',
    content: rawStatement(id, 'context').replace('"@"', '1e400'),
  });
  const res = await fetch(`${lrs.endpoint}/statements?method=PUT`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  const err = await error(res);
  t.is(err.status, 400);
  t.is(err.field, `context.extensions["${EXT}"]`);
  t.false(await stored(id));
});

test('the internal writer refuses NaN and Infinity too (the LMS builds statements as objects)', async (t) => {
  const write = await lrs.lrs.internalWriter('numbers');
  const id = randomUUID();
  const s = JSON.parse(rawStatement(id, 'context').replace('"@"', '1')) as { context: { extensions: Record<string, unknown> } };
  s.context.extensions[EXT] = Number.NaN;
  await t.throwsAsync(() => write(s), { message: /context\.extensions/ });
  t.false(await stored(id));
});
