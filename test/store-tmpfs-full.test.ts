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

const mount = process.platform === 'linux' ? mountTinyTmpfs() : null;
test.after.always(() => {
  if (!mount) return;
  execFileSync('umount', [mount]);
  fs.rmdirSync(mount);
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
