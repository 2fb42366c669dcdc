/**
 * Launch sessions in the LRS alone (no LMS): the one-time fetch, the token's binding,
 * and each cmi5 statement rule accepted and refused with 403 naming the rule, nothing
 * stored on refusal; TinCan (`xapi`) sessions bound to actor and registration.
 */
import { randomUUID } from 'node:crypto';
import test from 'ava';
import { startLrsTestServer, type LrsTestServer } from '../test-support/lrs-test-server.js';
import type { LaunchMode } from './session-service.js';
import type { Agent } from '../agents.js';

let lrs: LrsTestServer;
test.before(async () => {
  lrs = await startLrsTestServer();
});
test.after.always(() => lrs?.close());

const actor: Agent = { objectType: 'Agent', name: 'Lee', account: { homePage: 'https://lms.example.com', name: 'u1' } };
const CAT = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const SID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const PUBLISHER = 'https://publisher.example.com/au/1';

interface Session {
  token: string;
  sessionId: string;
  registration: string;
  activityId: string;
  st(verb: string, result?: Record<string, unknown>): any;
  send(s: unknown, method?: 'POST' | 'PUT'): Promise<{ status: number; body: any }>;
}

async function openCmi5(opts: { launchMode?: LaunchMode; masteryScore?: number; registration?: string; activityId?: string; skipPreferences?: boolean } = {}): Promise<Session> {
  const sessionId = randomUUID();
  const registration = opts.registration ?? randomUUID();
  const activityId = opts.activityId ?? `https://lms.example.com/activities/cmi5/c/au/${randomUUID()}`;
  const { fetchKey } = await lrs.lrs.sessions.open({
    profile: 'cmi5', actor, registration, activityId, sessionId, authorityName: 'test lms', publisherId: PUBLISHER,
    launchMode: opts.launchMode ?? 'Normal', masteryScore: opts.masteryScore, moveOn: 'CompletedAndPassed', expiresAt: new Date(Date.now() + 3600_000),
  });
  const r = await lrs.lrs.sessions.redeemFetch(fetchKey);
  if (!('token' in r)) throw new Error('no token');
  const token = r.token;
  if (!opts.skipPreferences) {
    // An AU reads cmi5LearnerPreferences before "initialized" (11.0.0.0-3); a 404 counts.
    const prefs = await lrs.request('GET', `/agents/profile?profileId=cmi5LearnerPreferences&agent=${encodeURIComponent(JSON.stringify(actor))}`, { headers: { authorization: `Basic ${token}` } });
    if (prefs.status !== 404 && prefs.status !== 200) throw new Error(`preferences: ${prefs.status}`);
  }
  return {
    token, sessionId, registration, activityId,
    st(verb, result) {
      const defined = ['initialized', 'completed', 'passed', 'failed', 'terminated'].includes(verb);
      const category = defined ? [{ id: CAT }] : [];
      if (result && (result.success !== undefined || result.completion !== undefined)) category.push({ id: MOVEON });
      const extensions: Record<string, unknown> = { [SID]: sessionId };
      if ((verb === 'passed' || verb === 'failed') && opts.masteryScore !== undefined) extensions[MASTERY] = opts.masteryScore;
      return {
        id: randomUUID(), timestamp: new Date().toISOString(), actor: structuredClone(actor),
        verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` },
        object: { id: defined ? activityId : `${activityId}/page/1` },
        ...(result ? { result } : {}),
        context: { registration, contextActivities: { category, grouping: [{ id: PUBLISHER }] }, extensions },
      };
    },
    async send(s, method = 'POST') {
      const id = (s as { id?: string }).id;
      const path = method === 'PUT' ? `/statements?statementId=${id}` : '/statements';
      const res = await lrs.request(method, path, { headers: { authorization: `Basic ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(s) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
}

async function countFor(registration: string): Promise<number> {
  const res = await lrs.request('GET', `/statements?registration=${registration}&limit=100`);
  return (await res.json()).statements.length;
}

test('the fetch key gives the token once; the token works until the session ends', async (t) => {
  const { fetchKey } = await lrs.lrs.sessions.open({
    profile: 'cmi5', actor, registration: randomUUID(), activityId: 'https://lms.example.com/a', sessionId: randomUUID(),
    authorityName: 'test lms', expiresAt: new Date(Date.now() + 60_000),
  });
  const first = await lrs.lrs.sessions.redeemFetch(fetchKey);
  t.true('token' in first);
  t.deepEqual(await lrs.lrs.sessions.redeemFetch(fetchKey), { error: 'already-used' });
  t.deepEqual(await lrs.lrs.sessions.redeemFetch('made-up'), { error: 'unknown' });
});

test('an expired token is refused (401)', async (t) => {
  const { token } = await lrs.lrs.sessions.open({
    profile: 'xapi', actor, registration: randomUUID(), activityId: 'https://lms.example.com/a', sessionId: randomUUID(),
    authorityName: 'test lms', expiresAt: new Date(Date.now() - 1), issueTokenNow: true,
  });
  const res = await lrs.request('GET', `/statements?agent=${encodeURIComponent(JSON.stringify(actor))}`, { headers: { authorization: `Basic ${token}` } });
  t.is(res.status, 401);
});

test('a whole cmi5 session in order is accepted, stored under the host client authority, and nothing may follow terminated', async (t) => {
  const s = await openCmi5({ masteryScore: 0.5 });
  for (const st of [
    s.st('initialized'),
    s.st('experienced'),
    s.st('completed', { completion: true, duration: 'PT1S' }),
    s.st('passed', { success: true, duration: 'PT1S', score: { scaled: 0.5, raw: 5, min: 0, max: 10 } }),
    s.st('terminated', { duration: 'PT2S' }),
  ]) {
    const r = await s.send(st);
    t.is(r.status, 200, JSON.stringify(r.body));
  }
  const after = await s.send(s.st('experienced'));
  t.is(after.status, 403);
  t.is(after.body.error.rule, '8.1.2.0-2');
  t.is(await countFor(s.registration), 5);
  const stored = await (await lrs.request('GET', `/statements?registration=${s.registration}&limit=1`)).json();
  t.is(stored.statements[0].authority.name, 'test lms');
});

/** Each case: statements sent first (accepted), then the one refused, with its rule. */
const cases: { name: string; mastery?: number; mode?: LaunchMode; skipPreferences?: boolean; before?: (s: Session) => any[]; bad: (s: Session) => any; rule: string; put?: boolean }[] = [
  { name: 'a statement before initialized', bad: (s) => s.st('experienced'), rule: '9.3.0.0-4' },
  { name: 'initialized before reading cmi5LearnerPreferences', skipPreferences: true, bad: (s) => s.st('initialized'), rule: '11.0.0.0-3' },
  { name: 'a score with passed but no masteryScore extension', mastery: 0.5, before: (s) => [s.st('initialized')], bad: (s) => { const x = s.st('passed', { success: true, duration: 'PT1S', score: { scaled: 0.9 } }); delete x.context.extensions[MASTERY]; return x; }, rule: '9.6.3.2-2' },
  { name: 'initialized twice', before: (s) => [s.st('initialized')], bad: (s) => s.st('initialized'), rule: '9.3.2.0-3' },
  { name: 'a statement without an id', before: (s) => [s.st('initialized')], bad: (s) => ({ ...s.st('experienced'), id: undefined }), rule: '9.1.0.0-1' },
  { name: 'no timestamp', before: (s) => [s.st('initialized')], bad: (s) => ({ ...s.st('experienced'), timestamp: undefined }), rule: '9.7.0.0-1' },
  { name: 'a timestamp not in UTC', before: (s) => [s.st('initialized')], bad: (s) => ({ ...s.st('experienced'), timestamp: '2026-01-01T10:00:00-06:00' }), rule: '9.7.0.0-2' },
  { name: 'a Group as actor', before: (s) => [s.st('initialized')], bad: (s) => { const x = s.st('experienced'); x.actor.objectType = 'Group'; return x; }, rule: '9.2.0.0-2' },
  { name: 'an mbox actor', before: (s) => [s.st('initialized')], bad: (s) => ({ ...s.st('experienced'), actor: { mbox: 'mailto:x@example.com' } }), rule: '9.2.0.0-3' },
  { name: 'another account', before: (s) => [s.st('initialized')], bad: (s) => ({ ...s.st('experienced'), actor: { account: { homePage: 'https://lms.example.com', name: 'u2' } } }), rule: '8.1.3.0-2' },
  { name: 'voiding', before: (s) => [s.st('initialized')], bad: (s) => ({ ...s.st('voided'), object: { objectType: 'StatementRef', id: randomUUID() } }), rule: '6.3.0.0-1' },
  { name: 'no context', before: (s) => [s.st('initialized')], bad: (s) => ({ ...s.st('experienced'), context: undefined }), rule: '9.6.0.0-1' },
  { name: 'another registration', before: (s) => [s.st('initialized')], bad: (s) => { const x = s.st('experienced'); x.context.registration = randomUUID(); return x; }, rule: '9.6.1.0-1' },
  { name: 'no session id', before: (s) => [s.st('initialized')], bad: (s) => { const x = s.st('experienced'); x.context.extensions = {}; return x; }, rule: '9.6.3.1-4' },
  { name: 'a defined statement on another object', before: (s) => [s.st('initialized')], bad: (s) => { const x = s.st('completed', { completion: true, duration: 'PT1S' }); x.object.id = 'https://publisher.example.com/au/1'; return x; }, rule: '8.1.5.0-6' },
  { name: 'grouping without the publisher id', before: (s) => [s.st('initialized')], bad: (s) => { const x = s.st('completed', { completion: true, duration: 'PT1S' }); x.context.contextActivities.grouping = []; return x; }, rule: '9.6.2.0-1' },
  { name: 'completed without the moveOn category', before: (s) => [s.st('initialized')], bad: (s) => { const x = s.st('completed', { completion: true, duration: 'PT1S' }); x.context.contextActivities.category.pop(); return x; }, rule: '9.6.2.2-1' },
  { name: 'an allowed statement with the moveOn category', before: (s) => [s.st('initialized')], bad: (s) => { const x = s.st('experienced'); x.context.contextActivities.category = [{ id: MOVEON }]; return x; }, rule: '9.6.2.2-2' },
  { name: 'terminated with the moveOn category', before: (s) => [s.st('initialized')], bad: (s) => { const x = s.st('terminated', { duration: 'PT1S' }); x.context.contextActivities.category.push({ id: MOVEON }); return x; }, rule: '9.6.2.2-2' },
  { name: 'completed without completion true', before: (s) => [s.st('initialized')], bad: (s) => s.st('completed', { completion: false, duration: 'PT1S' }), rule: '9.5.3.0-1' },
  { name: 'completed with success', before: (s) => [s.st('initialized')], bad: (s) => s.st('completed', { completion: true, success: true, duration: 'PT1S' }), rule: '9.5.2.0-3' },
  { name: 'completed with a score', before: (s) => [s.st('initialized')], bad: (s) => s.st('completed', { completion: true, duration: 'PT1S', score: { scaled: 0.5 } }), rule: '9.5.1.0-2' },
  { name: 'completed without duration', before: (s) => [s.st('initialized')], bad: (s) => s.st('completed', { completion: true }), rule: '9.5.4.1-2' },
  { name: 'terminated without duration', before: (s) => [s.st('initialized')], bad: (s) => s.st('terminated'), rule: '9.5.4.1-1' },
  { name: 'passed without duration', before: (s) => [s.st('initialized')], bad: (s) => s.st('passed', { success: true }), rule: '9.5.4.1-3' },
  { name: 'failed without duration', before: (s) => [s.st('initialized')], bad: (s) => s.st('failed', { success: false }), rule: '9.5.4.1-4' },
  { name: 'passed with success false', before: (s) => [s.st('initialized')], bad: (s) => s.st('passed', { success: false, duration: 'PT1S' }), rule: '9.5.2.0-1' },
  { name: 'failed with success true', before: (s) => [s.st('initialized')], bad: (s) => s.st('failed', { success: true, duration: 'PT1S' }), rule: '9.5.2.0-2' },
  { name: 'passed with completion', before: (s) => [s.st('initialized')], bad: (s) => s.st('passed', { success: true, completion: true, duration: 'PT1S' }), rule: '9.5.3.0-2' },
  { name: 'a raw score without min', before: (s) => [s.st('initialized')], bad: (s) => s.st('passed', { success: true, duration: 'PT1S', score: { raw: 5, max: 10 } }), rule: '9.5.1.0-3' },
  { name: 'passed below masteryScore', mastery: 0.8, before: (s) => [s.st('initialized')], bad: (s) => s.st('passed', { success: true, duration: 'PT1S', score: { scaled: 0.79 } }), rule: '9.3.4.0-2' },
  { name: 'failed at masteryScore', mastery: 0.8, before: (s) => [s.st('initialized')], bad: (s) => s.st('failed', { success: false, duration: 'PT1S', score: { scaled: 0.8 } }), rule: '9.3.5.0-2' },
  { name: 'passed with another masteryScore in its extension', mastery: 0.8, before: (s) => [s.st('initialized')], bad: (s) => { const x = s.st('passed', { success: true, duration: 'PT1S' }); x.context.extensions[MASTERY] = 0.7; return x; }, rule: '9.6.3.2-2' },
  { name: 'completed twice', before: (s) => [s.st('initialized'), s.st('completed', { completion: true, duration: 'PT1S' })], bad: (s) => s.st('completed', { completion: true, duration: 'PT1S' }), rule: '9.3.0.0-2' },
  { name: 'passed after failed in the session', before: (s) => [s.st('initialized'), s.st('failed', { success: false, duration: 'PT1S' })], bad: (s) => s.st('passed', { success: true, duration: 'PT1S' }), rule: '9.3.0.0-3' },
  { name: 'failed after passed', before: (s) => [s.st('initialized'), s.st('passed', { success: true, duration: 'PT1S' })], bad: (s) => s.st('failed', { success: false, duration: 'PT1S' }), rule: '9.3.0.0-8' },
  { name: 'completed in Browse mode', mode: 'Browse', before: (s) => [s.st('initialized')], bad: (s) => s.st('completed', { completion: true, duration: 'PT1S' }), rule: '10.2.2.0-2' },
  { name: 'passed in Review mode', mode: 'Review', before: (s) => [s.st('initialized')], bad: (s) => s.st('passed', { success: true, duration: 'PT1S' }), rule: '10.2.2.0-3' },
  { name: 'an LMS verb (satisfied) from the AU', before: (s) => [s.st('initialized')], bad: (s) => { const x = s.st('initialized'); x.verb.id = 'https://w3id.org/xapi/adl/verbs/satisfied'; return x; }, rule: '9.3.0.0-1' },
  { name: 'a PUT statement breaking a rule', put: true, bad: (s) => s.st('experienced'), rule: '9.3.0.0-4' },
];

for (const c of cases) {
  test(`cmi5 rule ${c.rule}: ${c.name} is refused with 403 and not stored`, async (t) => {
    const s = await openCmi5({ masteryScore: c.mastery, launchMode: c.mode, skipPreferences: c.skipPreferences });
    for (const st of c.before?.(s) ?? []) t.is((await s.send(st)).status, 200);
    const stored = await countFor(s.registration);
    const r = await s.send(c.bad(s), c.put ? 'PUT' : 'POST');
    t.is(r.status, 403, JSON.stringify(r.body));
    t.is(r.body.error.rule, c.rule);
    t.is(await countFor(s.registration), stored, 'nothing stored');
  });
}

test('a batch with one breach stores nothing; in Browse mode initialized and terminated are accepted', async (t) => {
  const s = await openCmi5();
  const r = await s.send([s.st('initialized'), s.st('experienced'), s.st('initialized')]);
  t.is(r.status, 403);
  t.is(await countFor(s.registration), 0);
  const browse = await openCmi5({ launchMode: 'Browse' });
  t.is((await browse.send([browse.st('initialized'), browse.st('terminated', { duration: 'PT1S' })])).status, 200);
});

test('passed and completed are once per registration, across sessions of the AU', async (t) => {
  const one = await openCmi5();
  const ok = await one.send([
    one.st('initialized'), one.st('passed', { success: true, duration: 'PT1S' }), one.st('completed', { completion: true, duration: 'PT1S' }), one.st('terminated', { duration: 'PT1S' }),
  ]);
  t.is(ok.status, 200);
  const two = await openCmi5({ registration: one.registration, activityId: one.activityId });
  t.is((await two.send(two.st('initialized'))).status, 200);
  t.is((await two.send(two.st('passed', { success: true, duration: 'PT1S' }))).body.error.rule, '9.3.0.0-7');
  t.is((await two.send(two.st('failed', { success: false, duration: 'PT1S' }))).body.error.rule, '9.3.0.0-8');
  t.is((await two.send(two.st('completed', { completion: true, duration: 'PT1S' }))).body.error.rule, '9.3.0.0-6');
});

test('TinCan (xapi) sessions: statements for the launch actor and registration only, no voiding, no cmi5 rules', async (t) => {
  const registration = randomUUID();
  const { token } = await lrs.lrs.sessions.open({
    profile: 'xapi', actor, registration, activityId: 'https://courses.example.com/tincan', sessionId: randomUUID(),
    authorityName: 'test lms', expiresAt: new Date(Date.now() + 60_000), issueTokenNow: true,
  });
  const send = async (s: unknown) => {
    const res = await lrs.request('POST', '/statements', { headers: { authorization: `Basic ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(s) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const base = { actor, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { id: 'https://courses.example.com/tincan/p1' } };
  t.is((await send({ ...base, context: { registration } })).status, 200, 'no initialized needed, no timestamp needed');
  t.is((await send(base)).status, 200, 'registration is optional');
  t.is((await send({ ...base, context: { registration: randomUUID() } })).body.error.rule, 'launch-registration');
  t.is((await send({ ...base, actor: { mbox: 'mailto:other@example.com' } })).body.error.rule, 'launch-actor');
  t.is((await send({ ...base, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: randomUUID() } })).body.error.rule, '6.3.0.0-1');
  const state = await lrs.request('PUT', `/activities/state?activityId=${encodeURIComponent('https://courses.example.com/tincan')}&agent=${encodeURIComponent(JSON.stringify(actor))}&stateId=bookmark`, {
    headers: { authorization: `Basic ${token}`, 'content-type': 'application/json' },
    body: '{"page":2}',
  });
  t.is(state.status, 204);
});
