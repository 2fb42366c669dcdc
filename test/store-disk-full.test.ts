/**
 * A full disk, injected where the store writes: a write that fails is not
 * acknowledged and leaves nothing of itself in memory; the store stays up, refuses
 * writes with 507 over HTTP (LMS and LRS), and takes writes again by itself once the disk
 * has room, without a restart and without losing anything acknowledged.
 */
import path from 'node:path';
import test from 'ava';
import { openEmbeddedStore } from '../server/store/embedded/index.js';
import { diskFullError, injectWriteFault } from '../server/store/embedded/write-fault.js';
import { startTestApp } from './helpers/app.js';
import { HttpClient } from './helpers/http-client.js';
import { tempDir } from './helpers/temp-dir.js';

test.afterEach.always(() => injectWriteFault(null));

async function eventually<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i > 500) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

test.serial('a failed write is not acknowledged, leaves nothing in memory, and writes resume when the disk has room', async (t) => {
  const dir = path.join(tempDir('full-'), 'store');
  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection('statements');
  await c.createIndex({ seq: 1 }, { unique: true });
  const acked = new Set<number>();
  const refused = new Set<number>();
  let writes = 0;
  injectWriteFault(() => (++writes > 6 ? diskFullError() : null));
  // Concurrent writers, some of whose writes share a group commit with the failing one.
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 20; i++) {
        const seq = w * 100 + i;
        try {
          if (i % 2) await c.insertOne({ seq });
          else await c.updateOne({ seq }, { $set: { seq, v: 1 } }, { upsert: true });
          acked.add(seq);
        } catch (err) {
          t.is((err as { status?: number }).status, 507, String(err));
          refused.add(seq);
        }
      }
    }),
  );
  t.true(acked.size > 0 && refused.size > 0, `${acked.size} acknowledged, ${refused.size} refused`);
  const inMemory = new Set((await c.find({}).toArray()).map((d) => d.seq as number));
  t.deepEqual([...refused].filter((s) => inMemory.has(s)), [], 'no refused write is in memory');
  t.deepEqual([...acked].filter((s) => !inMemory.has(s)), [], 'every acknowledged write is in memory');
  await t.throwsAsync(() => c.insertOne({ seq: 9999 }), { message: /disk full/ });
  t.is(await c.countDocuments({ seq: 9999 }), 0);
  t.truthy(store.db.failed, 'the store reports its failure (for /health)');

  injectWriteFault(null);
  await eventually(() => c.insertOne({ seq: 5000 }));
  acked.add(5000);
  t.is(store.db.failed, null);
  await store.close();

  const reopened = await openEmbeddedStore({ dir });
  const onDisk = new Set((await reopened.db.collection('statements').find({}).toArray()).map((d) => d.seq as number));
  t.deepEqual([...acked].filter((s) => !onDisk.has(s)), [], 'every acknowledged write survived');
  t.deepEqual([...refused].filter((s) => onDisk.has(s)), [], 'no refused write came back');
  await reopened.close();
});

test.serial('a full disk answers 507 naming the store, on the LMS API and on the LRS, and recovers by itself', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'hr@example.com', password: 'correct horse battery', name: 'HR', roles: ['admin'] });
  const admin = new HttpClient(app.url);
  t.is((await admin.login('hr@example.com', 'correct horse battery')).status, 200);
  const { client, secret } = await app.runtime.lrs.credentials.create({ name: 'tool', scopes: ['all'] });
  const statement = (id: string) =>
    fetch(`${app.url}/xapi/statements`, {
      method: 'POST',
      headers: {
        authorization: 'Basic ' + Buffer.from(`${client.key}:${secret}`).toString('base64'),
        'x-experience-api-version': '1.0.3',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ id, actor: { mbox: 'mailto:a@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: { id: 'http://example.com/a' } }),
    });

  injectWriteFault(() => diskFullError());
  const lms = await admin.request('POST', '/api/users', { email: 'new@example.com', name: 'New Person', roles: ['employee'] });
  t.is(lms.status, 507);
  t.regex(JSON.stringify(lms.body), /store/);
  const lrs = await statement('6f1c9b1e-0000-4000-8000-000000000001');
  t.is(lrs.status, 507);
  t.regex(JSON.stringify(await lrs.json()), /store/);
  // express-session's save after a refused response fails too and Express then closes that
  // keep-alive connection: a request that picks the closed socket is sent again.
  const health = await fetch(`${app.url}/health`).catch(() => fetch(`${app.url}/health`));
  t.is(health.status, 503, 'the server stays up and says what is wrong');

  injectWriteFault(null);
  const created = await eventually(async () => {
    const res = await admin.request('POST', '/api/users', { email: 'new@example.com', name: 'New Person', roles: ['employee'] });
    if (res.status !== 201) throw new Error(`status ${res.status}`);
    return res;
  });
  t.is(created.status, 201);
  t.is((await statement('6f1c9b1e-0000-4000-8000-000000000002')).status, 200);
  t.is((await fetch(`${app.url}/health`).catch(() => fetch(`${app.url}/health`))).status, 200);
});
