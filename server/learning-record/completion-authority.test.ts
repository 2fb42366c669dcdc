/**
 * The completion authority over real statements in a real LRS: launch sessions opened through
 * the LRS's session service, client statements stored under their own authority, internal
 * writers; what counts and what each source is called.
 */
import test from 'ava';
import { createLrs, internalClientKey, type Lrs } from '../../lrs/index.js';
import { openTestStore } from '../../test/helpers/test-store.js';
import { createCertificationAllowances } from '../lrs-admin/certification-allowances.js';
import type { CompletionJudge } from './completion-authority.js';
import { learnerAgent, VERBS } from './identity.js';
import { lmsCompletionAuthority } from '../lms-completion-authority.js';
import { CMI5_AUTHORITY } from '../launch/cmi5/cmi5-authority.js';
import { TINCAN_AUTHORITY } from '../launch/tincan/tincan-authority.js';

const HOME = 'https://lms.test';
const COURSE = `${HOME}/activities/cmi5/course-1`;
const AU = `${COURSE}/au/1`;
const TINCAN_ROOT = 'https://content.example/expenses';
const actor = learnerAgent({ id: 'p1', name: 'Pat' }, HOME);

async function setup() {
  const store = await openTestStore();
  const lrs = await createLrs({ db: store.db, authorityHomePage: `${HOME}/xapi/clients` });
  const allowances = createCertificationAllowances(store.db);
  const authority = lmsCompletionAuthority(lrs, allowances, HOME);
  return { store, lrs, allowances, authority };
}

/** Store one statement as `who` and read it back as the record reader gives it. */
async function storeAs(lrs: Lrs, who: { internal?: string; clientKey?: string; sessionId?: string }, statement: object) {
  const client = who.internal ? await lrs.credentials.internalClient(who.internal) : (await lrs.credentials.list()).find((c) => c.key === who.clientKey)!;
  const [id] = (await lrs.statements.store(structuredClone(statement), { client, version: '1.0.3', sessionId: who.sessionId })).ids;
  const page = await lrs.records.find({ activityIds: [(statement as { object: { id: string } }).object.id] });
  return page.statements.find((s) => s.id === id)!;
}

const completed = (objectId: string, registration?: string) => ({
  actor, verb: { id: VERBS.completed }, object: { id: objectId }, ...(registration ? { context: { registration } } : {}),
});

test('a cmi5 AU token counts for its own AU only; the LMS’s satisfied counts for the course', async (t) => {
  const { store, lrs, authority } = await setup();
  t.teardown(() => store.close());
  const registration = '6f1c1a3e-1111-4111-8111-111111111111';
  await lrs.sessions.open({ profile: 'cmi5', actor, registration, activityId: AU, sessionId: 's-cmi5', authorityName: CMI5_AUTHORITY, expiresAt: new Date(Date.now() + 60_000), activityScope: [COURSE] });
  const onCourse = await storeAs(lrs, { internal: CMI5_AUTHORITY, sessionId: 's-cmi5' }, completed(COURSE, registration));
  const onAu = await storeAs(lrs, { internal: CMI5_AUTHORITY, sessionId: 's-cmi5' }, completed(AU, registration));
  const satisfied = await storeAs(lrs, { internal: CMI5_AUTHORITY }, { ...completed(COURSE, registration), verb: { id: VERBS.satisfied } });
  const judge: CompletionJudge = await authority.judgeFor([onCourse, onAu, satisfied]);
  t.like(judge(onCourse), { counts: false, source: { kind: 'cmi5-au' } });
  t.regex(judge(onCourse).reason!, /only for that AU/);
  t.like(judge(onAu), { counts: true, source: { kind: 'cmi5-au', ref: 's-cmi5' } });
  t.like(judge(satisfied), { counts: true, source: { kind: 'cmi5-lms', ref: registration, authority: internalClientKey(CMI5_AUTHORITY) } });
});

test('an xAPI launch token counts for its package’s activities; an unknown session counts for nothing', async (t) => {
  const { store, lrs, authority } = await setup();
  t.teardown(() => store.close());
  const registration = '6f1c1a3e-2222-4222-8222-222222222222';
  await lrs.sessions.open({ profile: 'xapi', actor, registration, activityId: TINCAN_ROOT, sessionId: 's-x', authorityName: TINCAN_AUTHORITY, expiresAt: new Date(Date.now() + 60_000), activityScope: [`${TINCAN_ROOT}/quiz`], issueTokenNow: true });
  const own = await storeAs(lrs, { internal: TINCAN_AUTHORITY, sessionId: 's-x' }, completed(`${TINCAN_ROOT}/quiz`, registration));
  const elsewhere = await storeAs(lrs, { internal: TINCAN_AUTHORITY, sessionId: 's-x' }, completed('https://content.example/other', registration));
  const ghost = await storeAs(lrs, { internal: TINCAN_AUTHORITY, sessionId: 's-none' }, completed(TINCAN_ROOT, registration));
  const judge = await authority.judgeFor([own, elsewhere, ghost]);
  t.like(judge(own), { counts: true, source: { kind: 'xapi-launch', ref: registration } });
  t.like(judge(elsewhere), { counts: false, source: { kind: 'xapi-launch' } });
  t.regex(judge(elsewhere).reason!, /issued for/);
  t.like(judge(ghost), { counts: false });
  t.regex(judge(ghost).reason!, /unknown/);
});

test('the LMS’s own writes name their source; an LRS client counts only where allowed, and a withdrawal is seen at once', async (t) => {
  const { store, lrs, allowances, authority } = await setup();
  t.teardown(() => store.close());
  const scorm = await storeAs(lrs, { internal: 'lms' }, completed(`${HOME}/activities/scorm12/scorm%3Ax`, '6f1c1a3e-3333-4333-8333-333333333333'));
  const policy = await storeAs(lrs, { internal: 'lms' }, completed(`${HOME}/activities/policy/p1/version/2`));
  const { client } = await lrs.credentials.create({ name: 'Vendor', scopes: ['statements/write'] });
  const vendor = await storeAs(lrs, { clientKey: client.key }, completed('https://vendor.example/c1'));
  let judge = await authority.judgeFor([scorm, policy, vendor]);
  t.like(judge(scorm), { counts: true, source: { kind: 'scorm-attempt', ref: '6f1c1a3e-3333-4333-8333-333333333333' } });
  t.like(judge(policy), { counts: true, source: { kind: 'policy-signature', ref: policy.id } });
  t.like(judge(vendor), { counts: false, source: { kind: 'lrs-client', authority: client.key } });
  await allowances.set(client.key, ['https://vendor.example/c1'], 'hr');
  judge = await authority.judgeFor([vendor]);
  t.like(judge(vendor), { counts: true, source: { kind: 'lrs-client', label: `LRS client "Vendor" (${client.key})` } });
  await allowances.set(client.key, [], 'hr');
  t.false((await authority.judgeFor([vendor]))(vendor).counts);
});
