/** The read cache: reused while nothing changed; any insert, removal or re-evaluation is seen at once. */
import test from 'ava';
import { createMongooseConnection } from '../store/mongoose.js';
import { userModel } from '../people/user-model.js';
import { openTestStore } from '../../test/helpers/test-store.js';
import { createReadCache } from './read-cache.js';
import type { ComplianceStatusRow } from './sources.js';
import { nextStatusRevision, STATUS_REVISIONS } from '../compliance/status-revision.js';
import type { StoreDb } from '../store/types.js';

const row = (personId: string, at: string): ComplianceStatusRow => ({
  personId, targetType: 'activity', targetId: 'x', title: 'X', status: 'not_started', assignedAt: new Date(at), evaluatedAt: new Date(at),
});

/** Write as an evaluation does: the next revision, stamped on what it writes. */
async function evaluated(db: StoreDb, ...rows: ComplianceStatusRow[]): Promise<void> {
  const rev = await nextStatusRevision(db);
  await db.collection<ComplianceStatusRow>('compliance_status').insertMany(rows.map((r) => ({ ...r, rev })));
}

test('rows are read once while the change token holds', async (t) => {
  const store = await openTestStore();
  const conn = createMongooseConnection(store);
  t.teardown(async () => {
    await conn.close();
    await store.close();
  });
  const users = userModel(conn);
  await users.init();
  const statuses = store.db.collection<ComplianceStatusRow>('compliance_status');
  await evaluated(store.db, row('a', '2026-01-01'), row('b', '2026-01-01'));
  const cache = createReadCache(statuses, store.db.collection(STATUS_REVISIONS), users);
  const first = await cache.allStatuses();
  t.is(first.length, 2);
  t.is(await cache.allStatuses(), first, 'the same read, not a new one');

  await evaluated(store.db, row('c', '2026-01-02'));
  const second = await cache.allStatuses();
  t.is(second.length, 3);
  // A re-evaluation rewrites a document under a new revision, same count.
  await statuses.deleteOne({ personId: 'a' });
  await evaluated(store.db, { ...row('a', '2026-01-01'), status: 'complete', evaluatedAt: new Date('2026-01-03') });
  const third = await cache.allStatuses();
  t.not(third, second);
  t.is(third.find((r) => r.personId === 'a')!.status, 'complete');
  await statuses.deleteOne({ personId: 'b' });
  t.is((await cache.allStatuses()).length, 2, 'a removal changes the count');

  const dir = await cache.people();
  t.is(dir.all.length, 0);
  await users.create({ email: 'p@example.com', name: 'P', roles: ['employee'] });
  t.is((await cache.people()).all.length, 1);
  t.is(await cache.people(), await cache.people());
});

test('after a re-evaluation only what changed is read again; a removal reads everything afresh', async (t) => {
  const store = await openTestStore();
  const conn = createMongooseConnection(store);
  t.teardown(async () => {
    await conn.close();
    await store.close();
  });
  const users = userModel(conn);
  await users.init();
  const statuses = store.db.collection<ComplianceStatusRow>('compliance_status');
  await evaluated(store.db, row('a', '2026-01-01'), row('b', '2025-12-01'), row('c', '2025-12-01'));
  const cache = createReadCache(statuses, store.db.collection(STATUS_REVISIONS), users);
  const first = await cache.allStatuses();
  const heldB = first.find((r) => r.personId === 'b')!;

  // 'a' re-evaluated by a process whose clock is behind (an older evaluatedAt than any
  // held): its revision is newer, so it is read; 'b' is the object held before.
  await statuses.deleteOne({ personId: 'a' });
  await evaluated(store.db, { ...row('a', '2025-01-01'), status: 'complete', evaluatedAt: new Date('2025-01-05') });
  const second = await cache.allStatuses();
  t.is(second.length, 3);
  t.is(second.find((r) => r.personId === 'a')!.status, 'complete');
  t.is(second.find((r) => r.personId === 'b'), heldB, 'unchanged rows are not read again');

  // 'c' removed and 'd' added with the same count: no stale 'c' survives.
  await statuses.deleteOne({ personId: 'c' });
  await evaluated(store.db, row('d', '2026-01-06'));
  const third = await cache.allStatuses();
  t.deepEqual(third.map((r) => r.personId).sort(), ['a', 'b', 'd']);
});
