/**
 * A real full disk where the machine allows mounting a tiny tmpfs (root, as on CI);
 * elsewhere the injected fault in store-disk-full.test.ts covers the same path.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { openEmbeddedStore } from '../server/store/embedded/index.js';

function mountTinyTmpfs(): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmdirSync(dir);
    return null;
  }
}

// One mount per test: ava runs a file's tests concurrently.
const mount = process.platform === 'linux' ? mountTinyTmpfs() : null;
const mount2 = mount ? mountTinyTmpfs() : null;
test.after.always(() => {
  for (const m of [mount, mount2]) {
    if (!m) continue;
    execFileSync('umount', [m]);
    fs.rmdirSync(m);
  }
});

(mount ? test : test.skip)('on a real full disk writes are refused with 507, nothing refused is kept, and writes resume once space is freed', async (t) => {
  const filler = path.join(mount!, 'filler');
  fs.writeFileSync(filler, Buffer.alloc(600 * 1024));
  const dir = path.join(mount!, 'store');
  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection('statements');
  const acked: number[] = [];
  let refused: number | null = null;
  for (let seq = 0; refused === null; seq++) {
    try {
      await c.insertOne({ seq, pad: 'x'.repeat(1000) });
      acked.push(seq);
    } catch (err) {
      t.is((err as { status?: number }).status, 507, String(err));
      refused = seq;
    }
  }
  t.is(await c.countDocuments({ seq: refused }), 0, 'the refused write is not in memory');
  t.is(await c.countDocuments(), acked.length);

  fs.rmSync(filler);
  for (let i = 0; ; i++) {
    try {
      await c.insertOne({ seq: -1 });
      break;
    } catch (err) {
      if (i > 500) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  await store.close();
  const reopened = await openEmbeddedStore({ dir });
  const seqs = (await reopened.db.collection('statements').find({}).toArray()).map((d) => d.seq as number);
  t.deepEqual(seqs.sort((a, b) => a - b), [-1, ...acked]);
  await reopened.close();
});

// Several writes in flight share each group commit: every one the disk refuses is refused
// with 507 (lmdb-js rejects a failed commit's promises; none may go unhandled, which ava
// reports as a failure of this file), the counter counts exactly the acknowledged
// increments, and writes resume once space is freed.
(mount2 ? test : test.skip)('concurrent writers on a real full disk: each write is acknowledged or refused with 507, the counter stays exact', async (t) => {
  const filler = path.join(mount2!, 'filler');
  fs.writeFileSync(filler, Buffer.alloc(600 * 1024));
  const dir = path.join(mount2!, 'store');
  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection('statements');
  await c.createIndex({ seq: 1 }, { unique: true });
  const acked: number[] = [];
  let increments = 0;
  let refused = 0;
  for (let round = 0; refused === 0 || round % 50 !== 0; round++) {
    if (round > 2000) t.fail('the disk never filled');
    const writes = Array.from({ length: 9 }, (_, k) => {
      const seq = round * 10 + k;
      if (k % 3 === 0) return c.findOneAndUpdate({ _id: 'counter' as never }, { $inc: { n: 1 } }, { upsert: true }).then(() => void increments++);
      return c.insertOne({ seq, pad: 'x'.repeat(1000) }).then(() => void acked.push(seq));
    });
    for (const r of await Promise.allSettled(writes)) {
      if (r.status === 'rejected') {
        t.is((r.reason as { status?: number }).status, 507, String(r.reason));
        refused++;
      }
    }
  }
  t.is(await c.countDocuments({ seq: { $exists: true } }), acked.length, 'exactly the acknowledged inserts are kept');
  t.is((await c.findOne({ _id: 'counter' as never }))?.n ?? 0, increments, 'the counter counts exactly the acknowledged increments');

  fs.rmSync(filler);
  for (let i = 0; ; i++) {
    try {
      await c.findOneAndUpdate({ _id: 'counter' as never }, { $inc: { n: 1 } }, { upsert: true });
      break;
    } catch (err) {
      if (i > 500) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  t.is((await c.findOne({ _id: 'counter' as never }))?.n, increments + 1);
  await store.close();
});
