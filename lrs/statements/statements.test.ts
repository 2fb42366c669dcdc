/** The Statement resource over real HTTP: storing, immutability, voiding, queries, paging, formats, scopes. */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { startLrsTestServer, type LrsTestServer } from '../test-support/lrs-test-server.js';

let lrs: LrsTestServer;
test.before(async () => {
  lrs = await startLrsTestServer();
});
test.after.always(() => lrs?.close());

const json = { 'content-type': 'application/json' };

function statement(overrides: Record<string, unknown> = {}) {
  return {
    actor: { objectType: 'Agent', name: 'Ann', mbox: 'mailto:ann@example.com' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
    object: { objectType: 'Activity', id: 'http://example.com/courses/security', definition: { name: { 'en-US': 'Security', 'fr-FR': 'Sécurité' } } },
    ...overrides,
  };
}

async function post(body: unknown, headers: Record<string, string> = {}) {
  return lrs.request('POST', '/statements', { headers: { ...json, ...headers }, body: JSON.stringify(body) });
}

async function getJson(path: string, headers: Record<string, string> = {}) {
  const res = await lrs.request('GET', path, { headers });
  return { res, body: (await res.json()) as any };
}

test('PUT stores with the given id (204); POST returns ids; GET returns the stored form', async (t) => {
  const id = randomUUID();
  const put = await lrs.request('PUT', `/statements?statementId=${id}`, { headers: json, body: JSON.stringify(statement()) });
  t.is(put.status, 204);
  const posted = await post([statement(), statement({ id: randomUUID() })]);
  t.is(posted.status, 200);
  const ids = (await posted.json()) as string[];
  t.is(ids.length, 2);
  const { res, body } = await getJson(`/statements?statementId=${id}`);
  t.is(res.status, 200);
  t.is(body.id, id);
  t.is(body.version, '1.0.0');
  t.truthy(body.stored);
  t.is(body.timestamp, body.stored, 'timestamp defaults to stored');
  t.is(body.authority.account.homePage, 'http://127.0.0.1/xapi/clients');
  t.truthy(res.headers.get('x-experience-api-consistent-through'));
  t.truthy(res.headers.get('last-modified'));
});

test('a repeat of the same statement is a no-op; different content under the id is 409', async (t) => {
  const id = randomUUID();
  const s = statement({ id });
  t.is((await post(s)).status, 200);
  t.is((await lrs.request('PUT', `/statements?statementId=${id}`, { headers: json, body: JSON.stringify(s) })).status, 204);
  const changed = await post({ ...s, verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } });
  t.is(changed.status, 409);
  const { body } = await getJson(`/statements?statementId=${id}`);
  t.is(body.verb.id, 'http://adlnet.gov/expapi/verbs/completed', 'the original is unchanged');
});

test('a batch is all or nothing: one invalid statement stores none', async (t) => {
  const good = randomUUID();
  const res = await post([statement({ id: good }), statement({ actor: { mbox: 'not-a-mailto' } })]);
  t.is(res.status, 400);
  const err = (await res.json()) as { error: { message: string } };
  t.regex(err.error.message, /\[1\]/, 'the message names the failing statement');
  t.is((await lrs.request('GET', `/statements?statementId=${good}`)).status, 404);
  const dupes = randomUUID();
  t.is((await post([statement({ id: dupes }), statement({ id: dupes })])).status, 400);
});

test('voiding hides the target from GET by id and queries, but voidedStatementId finds it', async (t) => {
  const target = randomUUID();
  const verb = `http://example.com/verbs/${randomUUID()}`;
  await post(statement({ id: target, verb: { id: verb } }));
  const voiding = randomUUID();
  const res = await post(statement({ id: voiding, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: target } }));
  t.is(res.status, 200);
  t.is((await lrs.request('GET', `/statements?statementId=${target}`)).status, 404);
  const { res: voidedRes, body } = await getJson(`/statements?voidedStatementId=${target}`);
  t.is(voidedRes.status, 200);
  t.is(body.id, target);
  // A query by the voided statement's verb returns the voiding statement (it targets a match), not the voided one.
  const q = await getJson(`/statements?verb=${encodeURIComponent(verb)}`);
  t.deepEqual(q.body.statements.map((s: { id: string }) => s.id), [voiding]);
  // A voiding statement cannot itself be voided.
  await post(statement({ verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: voiding } }));
  t.is((await lrs.request('GET', `/statements?statementId=${voiding}`)).status, 200);
});

test('queries filter by agent, verb, activity, registration and their related forms', async (t) => {
  const reg = randomUUID();
  const who = { mbox: `mailto:${randomUUID()}@example.com` };
  const course = `http://example.com/courses/${randomUUID()}`;
  const ids = (await (
    await post([
      statement({ actor: who, object: { id: course }, context: { registration: reg } }),
      statement({ object: { id: 'http://example.com/other' }, context: { instructor: who, contextActivities: { parent: { id: course } } } }),
    ])
  ).json()) as string[];
  const find = async (q: string) => (await getJson(`/statements?${q}`)).body.statements.map((s: { id: string }) => s.id).sort();
  t.deepEqual(await find(`agent=${encodeURIComponent(JSON.stringify(who))}`), [ids[0]]);
  t.deepEqual(await find(`agent=${encodeURIComponent(JSON.stringify(who))}&related_agents=true`), [...ids].sort());
  t.deepEqual(await find(`activity=${encodeURIComponent(course)}`), [ids[0]]);
  t.deepEqual(await find(`activity=${encodeURIComponent(course)}&related_activities=true`), [...ids].sort());
  t.deepEqual(await find(`registration=${reg}`), [ids[0]]);
  const stored = (await getJson(`/statements?statementId=${ids[1]}`)).body.stored as string;
  t.deepEqual(await find(`activity=${encodeURIComponent(course)}&related_activities=true&since=${encodeURIComponent(stored)}`), []);
  t.deepEqual(await find(`activity=${encodeURIComponent(course)}&related_activities=true&until=${encodeURIComponent(stored)}`), [...ids].sort());
});

test('bad query parameters are 400 naming the parameter', async (t) => {
  for (const [q, field] of [
    ['agent=notjson', 'agent'],
    ['agent=' + encodeURIComponent('{"mbox":"ann@example.com"}'), 'agent.mbox'],
    ['verb=not an iri', 'verb'],
    ['registration=123', 'registration'],
    ['since=yesterday', 'since'],
    ['limit=-1', 'limit'],
    ['format=full', 'format'],
    ['ascending=yes', 'ascending'],
    ['bogus=1', 'bogus'],
    [`statementId=${randomUUID()}&verb=http://x.io/v`, 'verb'],
  ] as const) {
    const { res, body } = await getJson(`/statements?${q}`);
    t.is(res.status, 400, q);
    t.is(body.error.field, field, q);
  }
});

test('paging: limit and more links walk every statement once, stable while new ones arrive', async (t) => {
  const verb = `http://example.com/verbs/${randomUUID()}`;
  const ids = (await (await post(Array.from({ length: 7 }, () => statement({ verb: { id: verb } })))).json()) as string[];
  const seen: string[] = [];
  let next = `/statements?verb=${encodeURIComponent(verb)}&limit=3&ascending=true`;
  for (let page = 0; next && page < 10; page++) {
    const { body } = await getJson(next);
    seen.push(...body.statements.map((s: { id: string }) => s.id));
    if (page === 0) await post(statement({ verb: { id: verb } })); // arrives mid-walk
    next = body.more ? body.more.replace(/^\/xapi/, '') : '';
  }
  t.deepEqual(seen, ids, 'ascending order, no repeats, no late arrival');
  const desc = await getJson(`/statements?verb=${encodeURIComponent(verb)}&limit=2`);
  t.is(desc.body.statements.length, 2);
  t.not(desc.body.statements[0].id, ids[0], 'newest first by default');
  t.regex(desc.body.more, /^\/xapi\/statements\?more=/);
});

test('formats: ids strips to identifiers, canonical picks the preferred language', async (t) => {
  const id = randomUUID();
  await post(statement({ id }));
  const ids = (await getJson(`/statements?statementId=${id}&format=ids`)).body;
  t.deepEqual(ids.actor, { objectType: 'Agent', mbox: 'mailto:ann@example.com' });
  t.deepEqual(ids.object, { id: 'http://example.com/courses/security' });
  t.deepEqual(ids.verb, { id: 'http://adlnet.gov/expapi/verbs/completed' });
  const fr = (await getJson(`/statements?statementId=${id}&format=canonical`, { 'accept-language': 'fr-FR, en;q=0.5' })).body;
  t.deepEqual(fr.object.definition.name, { 'fr-FR': 'Sécurité' });
  const exact = (await getJson(`/statements?statementId=${id}`, { 'accept-language': 'fr-FR' })).body;
  t.deepEqual(exact.object.definition.name, { 'en-US': 'Security', 'fr-FR': 'Sécurité' });
});

test('scopes: write-only clients cannot read; read/mine sees only its own statements', async (t) => {
  const writer = await lrs.clientWith(['statements/write']);
  const mine = await lrs.clientWith(['statements/write', 'statements/read/mine']);
  const verb = `http://example.com/verbs/${randomUUID()}`;
  t.is((await post(statement({ verb: { id: verb } }), { authorization: writer })).status, 200);
  t.is((await lrs.request('GET', '/statements', { headers: { authorization: writer } })).status, 403);
  const own = randomUUID();
  await post(statement({ id: own, verb: { id: verb } }), { authorization: mine });
  const { body } = await getJson(`/statements?verb=${encodeURIComponent(verb)}`, { authorization: mine });
  t.deepEqual(body.statements.map((s: { id: string }) => s.id), [own]);
  const reader = await lrs.clientWith(['statements/read']);
  t.is((await post(statement(), { authorization: reader })).status, 403);
});

test('malformed bodies, wrong content types and oversized requests are refused', async (t) => {
  t.is((await lrs.request('POST', '/statements', { headers: json, body: '{"actor":' })).status, 400);
  // 400, not 415: the conformance suite requires it for statement content types (XAPI-00127).
  const textPlain = await lrs.request('POST', '/statements', { headers: { 'content-type': 'text/plain' }, body: JSON.stringify(statement()) });
  t.is(textPlain.status, 400);
  t.is(((await textPlain.json()) as { error: { field: string } }).error.field, 'Content-Type');
  const tenMb = statement({ result: { extensions: { 'http://example.com/x': 'x'.repeat(10 * 1024 * 1024) } } });
  const tooBig = await post(tenMb);
  t.is(tooBig.status, 413, 'a 10 MB statement is refused');
  const huge = statement({ result: { extensions: { 'http://example.com/x': 'x'.repeat(21 * 1024 * 1024) } } });
  t.is((await post(huge)).status, 413);
  const verb = `http://example.com/verbs/${randomUUID()}`;
  t.is((await post({ ...tenMb, verb: { id: verb } })).status, 413);
  t.deepEqual((await getJson(`/statements?verb=${encodeURIComponent(verb)}`)).body.statements, [], 'nothing stored');
  t.is((await lrs.request('PUT', '/statements', { headers: json, body: JSON.stringify(statement()) })).status, 400);
  // Deep nesting is refused before any recursive code sees it (stack exhaustion).
  const deep = JSON.stringify(statement({ result: { extensions: { 'http://example.com/deep': '@' } } })).replace('"@"', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000));
  const deepRes = await lrs.request('POST', '/statements', { headers: json, body: deep });
  t.is(deepRes.status, 400);
  t.regex(((await deepRes.json()) as { error: { message: string } }).error.message, /nested more than 100 levels/);
});
