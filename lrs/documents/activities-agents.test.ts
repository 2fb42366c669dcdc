/** Activities and Agents Resources over HTTP, and how recorded Activity definitions combine. */
import test from 'ava';
import { openTestStore } from '../../test/helpers/test-store.js';
import { startLrsTestServer, type LrsTestServer } from '../test-support/lrs-test-server.js';
import { ActivityRepo } from './activity-repo.js';
import { ActivityService, mergeActivityDefinitions } from './activity-service.js';
import { activityIri, qs, startClockedLrs } from './doc-test-support.js';

let lrs: LrsTestServer;
test.before(async () => {
  lrs = await startLrsTestServer();
});
test.after.always(() => lrs?.close());

async function errorField(res: Response): Promise<string | undefined> {
  return ((await res.json()) as { error: { field?: string } }).error.field;
}

test('GET /activities for an unknown Activity still returns an Activity object', async (t) => {
  const id = activityIri();
  const res = await lrs.request('GET', '/activities' + qs({ activityId: id }));
  t.is(res.status, 200);
  t.deepEqual(await res.json(), { objectType: 'Activity', id });
  const v2 = await lrs.request('GET', '/activities' + qs({ activityId: id }), { headers: { 'x-experience-api-version': '2.0.0' } });
  t.deepEqual(await v2.json(), { objectType: 'Activity', id });
});

test('GET /activities needs an activityId IRI and nothing else', async (t) => {
  for (const [params, field] of [
    [{}, 'activityId'],
    [{ activityId: 'true' }, 'activityId'],
    [{ activityId: activityIri(), agent: '{}' }, 'agent'],
    [{ activityid: activityIri() }, 'activityid'],
  ] as const) {
    const res = await lrs.request('GET', '/activities' + qs(params));
    t.is(res.status, 400, JSON.stringify(params));
    t.is(await errorField(res), field);
  }
});

test('HEAD /activities has no body', async (t) => {
  const res = await lrs.request('HEAD', '/activities' + qs({ activityId: activityIri() }));
  t.is(res.status, 200);
  t.is(await res.text(), '');
});

test('GET /agents returns a Person with every property an array', async (t) => {
  const agent = { objectType: 'Agent', name: 'xAPI mbox', mbox: 'mailto:xapi@adlnet.gov' };
  const res = await lrs.request('GET', '/agents' + qs({ agent }));
  t.is(res.status, 200);
  t.deepEqual(await res.json(), { objectType: 'Person', name: ['xAPI mbox'], mbox: ['mailto:xapi@adlnet.gov'], mbox_sha1sum: [], openid: [], account: [] });
  const account = { homePage: 'http://www.example.com/agentId/1', name: 'Rick James' };
  const byAccount = await lrs.request('GET', '/agents' + qs({ agent: { account } }));
  t.deepEqual(await byAccount.json(), { objectType: 'Person', name: [], mbox: [], mbox_sha1sum: [], openid: [], account: [account] });
});

test('GET /agents refuses a missing agent, one without an IFI, and Groups', async (t) => {
  for (const [params, field] of [
    [{}, 'agent'],
    [{ agent: { objectType: 'Agent', name: 'Rick James' } }, 'agent'],
    [{ agent: 'not json' }, 'agent'],
    [{ agent: { objectType: 'Group', mbox: 'mailto:team@example.com' } }, 'agent.objectType'],
  ] as const) {
    const res = await lrs.request('GET', '/agents' + qs(params));
    t.is(res.status, 400, JSON.stringify(params));
    t.is(await errorField(res), field);
  }
});

test('activities and agents are read with statements/read, profile, define or all/read; not with state', async (t) => {
  const paths = ['/activities' + qs({ activityId: activityIri() }), '/agents' + qs({ agent: { mbox: 'mailto:a@example.com' } })];
  for (const scopes of [['statements/read'], ['profile'], ['define'], ['all/read']] as const) {
    const auth = await lrs.clientWith([...scopes]);
    for (const p of paths) t.is((await lrs.request('GET', p, { headers: { authorization: auth } })).status, 200, `${scopes} ${p}`);
  }
  const stateOnly = await lrs.clientWith(['state']);
  for (const p of paths) t.is((await lrs.request('GET', p, { headers: { authorization: stateOnly } })).status, 403, p);
});

test('recorded definitions combine: language maps and extensions gain entries, other properties are replaced', (t) => {
  const merged = mergeActivityDefinitions(
    { type: 'http://adlnet.gov/expapi/activities/meeting', name: { 'en-US': 'example meeting' }, extensions: { 'http://e/a': 1 }, moreInfo: 'http://old' },
    { name: { 'fr-FR': 'réunion' }, description: { 'en-US': 'd' }, extensions: { 'http://e/b': 2 }, moreInfo: 'http://new' },
  );
  t.deepEqual(merged, {
    type: 'http://adlnet.gov/expapi/activities/meeting',
    name: { 'en-US': 'example meeting', 'fr-FR': 'réunion' },
    description: { 'en-US': 'd' },
    extensions: { 'http://e/a': 1, 'http://e/b': 2 },
    moreInfo: 'http://new',
  });
});

test('ActivityService records definitions into lrs_activities and returns the canonical Activity', async (t) => {
  const store = await openTestStore();
  t.teardown(() => store.close());
  const service = new ActivityService({ repo: new ActivityRepo(store.db), now: () => new Date('2024-01-01T00:00:00Z') });
  const id = activityIri();
  await service.record({ id });
  t.deepEqual(await service.get(id), { objectType: 'Activity', id });
  await service.record({ id, definition: { name: { 'en-US': 'example meeting' } } });
  await Promise.all([
    service.record({ id, definition: { name: { 'fr-FR': 'réunion' } } }),
    service.record({ id, definition: { description: { 'en-US': 'desc' } } }),
  ]);
  t.deepEqual(await service.get(id), {
    objectType: 'Activity',
    id,
    definition: { name: { 'en-US': 'example meeting', 'fr-FR': 'réunion' }, description: { 'en-US': 'desc' } },
  });
  const rec = await store.db.collection('lrs_activities').findOne({ _id: id as never });
  t.is(rec?.rev, 3);
});

test('many statements about one activity at once: every definition entry is kept, none fails', async (t) => {
  const store = await openTestStore();
  t.teardown(() => store.close());
  const service = new ActivityService({ repo: new ActivityRepo(store.db), now: () => new Date('2024-01-01T00:00:00Z') });
  const id = activityIri();
  const languages = Array.from({ length: 40 }, (_, i) => `x-l${i}`);
  // Forty concurrent records, each adding its own name entry: optimistic retries alone
  // (five per record) run out under this contention.
  await Promise.all(languages.map((lang) => service.record({ id, definition: { name: { [lang]: `name ${lang}` } } })));
  const { definition } = await service.get(id);
  t.deepEqual(Object.keys((definition as { name: Record<string, string> }).name).sort(), [...languages].sort());
});

test('GET /activities returns the canonical definition recorded for the Activity', async (t) => {
  const clocked = await startClockedLrs();
  t.teardown(() => clocked.close());
  const service = new ActivityService({ repo: new ActivityRepo(clocked.db), now: () => new Date() });
  const id = 'http://www.example.com/verify/complete/34534100123';
  const definition = { type: 'http://adlnet.gov/expapi/activities/meeting', name: { 'en-US': 'example meeting' } };
  await service.record({ id, definition });
  await service.record({ id, definition: { name: { 'fr-FR': 'réunion' } } });
  const res = await clocked.request('GET', '/activities' + qs({ activityId: id }));
  t.deepEqual(await res.json(), { objectType: 'Activity', id, definition: { ...definition, name: { 'en-US': 'example meeting', 'fr-FR': 'réunion' } } });
});
