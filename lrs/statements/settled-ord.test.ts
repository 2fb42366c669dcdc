/**
 * Racing writers: statements numbered but not yet visible must not fall behind a reader's
 * checkpoint. Two StatementService instances over ONE store stand for two processes (a web
 * process and a worker), each with its own clock; held writes stand for slow inserts.
 */
import { createHash, randomUUID } from 'node:crypto';
import test from 'ava';
import { openTestStore } from '../../test/helpers/test-store.js';
import type { LrsClient } from '../credentials/credential-service.js';
import { holdingDb } from '../test-support/held-writes.js';
import { startLrsTestServer } from '../test-support/lrs-test-server.js';
import { firstOrdAfter } from './ordering.js';
import { createRecordReader, type RecordReader } from './record-reader.js';
import { StatementService } from './statement-service.js';

const client: LrsClient = {
  key: 'writer',
  name: 'writer',
  scopes: ['all'],
  authority: { objectType: 'Agent', account: { homePage: 'https://lms.example.com/xapi/clients', name: 'writer' } },
  active: true,
  createdAt: new Date(0).toISOString(),
  internal: true,
};
const opts = { client, version: '1.0.3' as const };
const STATEMENTS = 'lrs_statements';

function statement(id = randomUUID()) {
  return { id, actor: { mbox: 'mailto:ann@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: { id: 'http://x.example/a' } };
}

function readerOf(service: StatementService): RecordReader {
  return createRecordReader(service.repo, () => service.init(), () => service.settledOrd());
}

async function setup(t: { teardown(fn: () => Promise<void>): void }) {
  const store = await openTestStore();
  t.teardown(() => store.close());
  return holdingDb(store.db);
}

async function ordOf(reader: RecordReader, id: string): Promise<number> {
  const all = await reader.find({ limit: 10_000 });
  return all.statements.find((s) => s.id === id)!.ord;
}

const ids = (page: { statements: Array<{ id: string }> }) => page.statements.map((s) => s.id);

test('same process: a held insert keeps settledOrd below it; checkpointing at settledOrd reads it, at the highest ord seen misses it', async (t) => {
  const held = await setup(t);
  // No lag: only the in-flight tracking can keep settledOrd below the held statement.
  const web = new StatementService(held.db, undefined, undefined, { settleLagMs: 0 });
  const reader = readerOf(web);
  const slow = randomUUID();
  const hold = held.hold(STATEMENTS, 'insertMany');
  const storing = web.store(statement(slow), opts);
  await hold.reached;
  const fast = randomUUID();
  await web.store(statement(fast), opts);

  const page = await reader.find({});
  t.deepEqual(ids(page), [fast], 'the held statement is not visible yet');
  const oldCheckpoint = await reader.highestOrd();
  t.is(oldCheckpoint, page.lastOrd!);
  const settled = await reader.settledOrd();
  const newCheckpoint = Math.min(page.lastOrd!, settled);

  hold.release();
  await storing;
  const slowOrd = await ordOf(reader, slow);
  t.true(slowOrd < page.lastOrd!, 'numbered first, visible last: the race this guards against');
  t.true(settled < slowOrd, 'settledOrd stayed below the statement in flight');
  t.false(ids(await reader.find({ afterOrd: oldCheckpoint })).includes(slow), 'the old policy misses it for good');
  t.deepEqual(ids(await reader.find({ afterOrd: newCheckpoint })), [slow, fast], 'the new policy reads it (and re-reads the fast one)');
  t.true((await reader.settledOrd()) >= page.lastOrd!, 'nothing in flight: settled through everything stored');
});

test('other process: its settledOrd stays below now - settleLagMs, so a checkpoint there still reads the held statement', async (t) => {
  const held = await setup(t);
  let now = Date.parse('2026-01-01T00:00:00.000Z');
  const clock = () => new Date(now);
  const worker = new StatementService(held.db, clock, undefined, { settleLagMs: 2000 });
  const web = new StatementService(held.db, clock, undefined, { settleLagMs: 2000 });
  const reader = readerOf(web);
  const slow = randomUUID();
  const hold = held.hold(STATEMENTS, 'insertMany');
  const storing = worker.store(statement(slow), opts);
  await hold.reached;
  now += 1500; // the worker's insert takes 1.5 s, within the lag
  const fast = randomUUID();
  await web.store(statement(fast), opts);

  const page = await reader.find({});
  t.deepEqual(ids(page), [fast]);
  const oldCheckpoint = await reader.highestOrd();
  const settled = await reader.settledOrd();
  t.true(settled <= firstOrdAfter(new Date(now - 2000)) - 1, 'never above the ord of now - lag');
  const newCheckpoint = Math.min(page.lastOrd!, settled);

  hold.release();
  await storing;
  const slowOrd = await ordOf(reader, slow);
  t.true(settled < slowOrd);
  t.false(ids(await reader.find({ afterOrd: oldCheckpoint })).includes(slow), 'the old policy misses the other process\'s statement');
  t.deepEqual(ids(await reader.find({ afterOrd: newCheckpoint })), [slow, fast]);
});

test('a failed insert leaves nothing in flight (settledOrd moves on)', async (t) => {
  const held = await setup(t);
  const web = new StatementService(held.db, undefined, undefined, { settleLagMs: 0 });
  const hold = held.hold(STATEMENTS, 'insertMany');
  const storing = web.store(statement(), opts);
  await hold.reached;
  hold.release(new Error('store down'));
  await t.throwsAsync(storing, { message: 'store down' });
  const later = randomUUID();
  await web.store(statement(later), opts);
  t.true(web.settledOrd() >= (await ordOf(readerOf(web), later)));
});

test('a voiding statement stays in flight until its target is marked voided', async (t) => {
  const held = await setup(t);
  const web = new StatementService(held.db, undefined, undefined, { settleLagMs: 0 });
  const reader = readerOf(web);
  const target = randomUUID();
  await web.store(statement(target), opts);
  const voiding = randomUUID();
  const hold = held.hold(STATEMENTS, 'updateOne');
  const storing = web.store({ ...statement(voiding), verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: target } }, opts);
  await hold.reached;
  const settled = web.settledOrd();
  hold.release();
  await storing;
  t.true(settled < (await ordOf(reader, voiding)), 'not settled while its target still shows');
  t.false(ids(await reader.find({})).includes(target));
});

test('statements are numbered after their attachments are saved, not before', async (t) => {
  const held = await setup(t);
  const web = new StatementService(held.db, undefined, undefined, { settleLagMs: 0 });
  const reader = readerOf(web);
  const data = Buffer.from('certificate');
  const sha2 = createHash('sha256').update(data).digest('hex');
  const withAttachment = randomUUID();
  const s = { ...statement(withAttachment), attachments: [{ usageType: 'http://x.example/cert', display: { en: 'cert' }, contentType: 'text/plain', length: data.length, sha2 }] };
  const hold = held.hold('lrs_attachments', 'updateOne');
  const storing = web.store(s, { ...opts, attachments: new Map([[sha2, { contentType: 'text/plain', data }]]) });
  await hold.reached;
  const meanwhile = randomUUID();
  await web.store(statement(meanwhile), opts);
  const checkpoint = await reader.highestOrd(); // even the old policy is safe when numbering is late
  hold.release();
  await storing;
  t.true((await ordOf(reader, withAttachment)) > (await ordOf(reader, meanwhile)));
  t.deepEqual(ids(await reader.find({ afterOrd: checkpoint })), [withAttachment]);
});

test('HTTP: X-Experience-API-Consistent-Through is earlier than a statement still in flight', async (t) => {
  let held!: ReturnType<typeof holdingDb>;
  const lrs = await startLrsTestServer({ clockAt: '2026-01-01T00:00:00.000Z', settleLagMs: 0, wrapDb: (db) => (held = holdingDb(db)).db });
  t.teardown(() => lrs.close());
  const json = { 'content-type': 'application/json' };
  const slow = randomUUID();
  const hold = held.hold(STATEMENTS, 'insertMany');
  const posting = lrs.request('POST', '/statements', { headers: json, body: JSON.stringify(statement(slow)) });
  await hold.reached;
  lrs.setNow('2026-01-01T00:00:00.010Z');
  t.is((await lrs.request('POST', '/statements', { headers: json, body: JSON.stringify(statement()) })).status, 200);
  const whileHeld = (await lrs.request('GET', '/statements')).headers.get('x-experience-api-consistent-through')!;
  hold.release();
  t.is((await posting).status, 200);
  const stored = ((await (await lrs.request('GET', `/statements?statementId=${slow}`)).json()) as { stored: string }).stored;
  t.true(Date.parse(whileHeld) < Date.parse(stored), `${whileHeld} is before ${stored}`);
  const after = (await lrs.request('GET', '/statements')).headers.get('x-experience-api-consistent-through')!;
  t.true(Date.parse(after) >= Date.parse(stored), 'once it lands, consistent through it');
});

test('HTTP: with the default settle lag, Consistent-Through trails the clock by 2 s', async (t) => {
  const lrs = await startLrsTestServer({ clockAt: '2026-01-01T00:00:10.000Z' });
  t.teardown(() => lrs.close());
  const res = await lrs.request('GET', '/statements');
  t.is(res.headers.get('x-experience-api-consistent-through'), '2026-01-01T00:00:08.000Z');
});
