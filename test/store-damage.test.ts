/**
 * A damaged disk: one byte changed in the middle of each kind of file the embedded store
 * writes. The store either refuses to start naming the place, or serves with nothing
 * acknowledged missing; `store:recover` then keeps every intact record.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { openEmbeddedStore, StoreLockedError } from '../server/store/embedded/index.js';
import { tempDir } from './helpers/temp-dir.js';

/** One record per insert, so a damaged byte can take only one of them with it. */
async function fill(dir: string, from: number, count: number, compact = false): Promise<void> {
  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection('statements');
  for (let seq = from; seq < from + count; seq++) await c.insertOne({ seq, verb: 'completed', pad: 'x'.repeat(seq % 50) });
  if (compact) await store.db.compact();
  await store.close();
}

async function seqsIn(dir: string): Promise<number[]> {
  const store = await openEmbeddedStore({ dir });
  const docs = await store.db.collection('statements').find({}, { projection: { seq: 1 } }).toArray();
  await store.close();
  return docs.map((d) => d.seq as number).sort((a, b) => a - b);
}

/** Sets the byte in the middle of the file to zero, as the disk in the issue did. */
function zeroMiddleByte(file: string): number {
  const buf = fs.readFileSync(file);
  const at = Math.floor(buf.length / 2);
  buf[at] = 0;
  fs.writeFileSync(file, buf);
  return at;
}

function runCli(script: string, dataDir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import=tsx', script], { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

test('a damaged byte in the middle of the journal stops the start with its place; store:recover keeps every intact record', async (t) => {
  const dataDir = tempDir('damage-');
  const dir = path.join(dataDir, 'store');
  await fill(dir, 0, 600);
  const journal = path.join(dir, 'journal-0.log');
  const sizeBefore = fs.statSync(journal).size;
  zeroMiddleByte(journal);

  const err = await t.throwsAsync(() => openEmbeddedStore({ dir }));
  t.regex(err!.message, /journal-0\.log/);
  t.regex(err!.message, /byte \d+/);
  t.regex(err!.message, /statements/, 'names the collection the damaged record belongs to');
  t.regex(err!.message, /npm run store:recover/);
  t.is(fs.statSync(journal).size, sizeBefore, 'nothing was cut off');

  const check = await runCli('server/cli/store-check.ts', dataDir);
  t.is(check.code, 1, check.out);
  t.regex(check.out, /journal-0\.log/);

  const recover = await runCli('server/cli/store-recover.ts', dataDir);
  t.is(recover.code, 0, recover.out);
  const kept = await seqsIn(dir);
  const lost = range(0, 600).filter((s) => !kept.includes(s));
  t.is(lost.length, 1, 'only the record holding the damaged byte is gone');
  const quarantine = fs.readdirSync(path.join(dir, 'quarantine'));
  t.true(quarantine.some((f) => f.endsWith('.bad')), 'the damaged bytes were kept aside');
  t.true(quarantine.some((f) => f.endsWith('.report.txt')));

  const after = await runCli('server/cli/store-check.ts', dataDir);
  t.is(after.code, 0, after.out);
});

test('a damaged byte in the newest snapshot falls back to the one before plus the journals: nothing missing', async (t) => {
  const dir = path.join(tempDir('damage-'), 'store');
  await fill(dir, 0, 300, true);
  await fill(dir, 300, 300, true);
  await fill(dir, 600, 100);
  const snapshots = fs.readdirSync(dir).filter((f) => /^snapshot-\d+\.ejson$/.test(f)).sort();
  t.true(snapshots.length >= 2, `two snapshots kept: ${snapshots.join(', ')}`);
  zeroMiddleByte(path.join(dir, snapshots[snapshots.length - 1]!));
  t.deepEqual(await seqsIn(dir), range(0, 700));
  // The damaged snapshot was set aside, so the next compaction cannot take the good one's place.
  await fill(dir, 700, 10, true);
  await fill(dir, 710, 10, true);
  t.deepEqual(await seqsIn(dir), range(0, 720));
});

test('a damaged byte in the only snapshot falls back to the journals from the start', async (t) => {
  const dir = path.join(tempDir('damage-'), 'store');
  await fill(dir, 0, 300, true);
  await fill(dir, 300, 50);
  zeroMiddleByte(path.join(dir, 'snapshot-1.ejson'));
  t.deepEqual(await seqsIn(dir), range(0, 350));
});

test('a damaged LOCK file or one naming this very process does not block the start', async (t) => {
  const dir = path.join(tempDir('damage-'), 'store');
  await fill(dir, 0, 10);
  fs.writeFileSync(path.join(dir, 'LOCK'), String(process.pid));
  zeroMiddleByte(path.join(dir, 'LOCK'));
  t.deepEqual(await seqsIn(dir), range(0, 10));
  // After a SIGKILL in a container the new process often has the dead one's pid.
  fs.writeFileSync(path.join(dir, 'LOCK'), String(process.pid));
  t.deepEqual(await seqsIn(dir), range(0, 10));
});

test('a live holder in another process is refused; once it is killed, its lock does not block', async (t) => {
  const dir = path.join(tempDir('lock-'), 'store');
  await fill(dir, 0, 5);
  const child = spawn(process.execPath, ['--import=tsx', '-e', `
    import('./server/store/embedded/index.js').then(async (m) => {
      await m.openEmbeddedStore({ dir: ${JSON.stringify(dir)} });
      console.log('open');
      setInterval(() => {}, 1000);
    });`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => d.toString().includes('open') && resolve()));
  await t.throwsAsync(() => openEmbeddedStore({ dir }), { instanceOf: StoreLockedError });
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await exited;
  t.true(fs.existsSync(path.join(dir, 'LOCK')), 'the dead holder left its LOCK file');
  t.deepEqual(await seqsIn(dir), range(0, 5));
});

test('a torn last write is dropped with a warning; everything acknowledged is kept', async (t) => {
  const dir = path.join(tempDir('damage-'), 'store');
  await fill(dir, 0, 20);
  fs.appendFileSync(path.join(dir, 'journal-0.log'), Buffer.from('0000'));
  const warnings: string[] = [];
  const store = await openEmbeddedStore({ dir, log: (m) => warnings.push(m), warn: (m) => warnings.push(`WARN ${m}`) });
  t.is(await store.db.collection('statements').countDocuments(), 20);
  t.true(warnings.some((w) => /^WARN .*journal-0\.log/.test(w)), warnings.join('\n'));
  await store.close();
});

test('a store written before checksums (format 1) still opens, refuses damage in the middle, and is upgraded at the next compaction', async (t) => {
  const dir = path.join(tempDir('old-'), 'store');
  fs.mkdirSync(dir, { recursive: true });
  const line = (seq: number) => JSON.stringify({ op: 'ins', c: 'statements', d: [{ _id: `s${seq}`, seq }] });
  fs.writeFileSync(path.join(dir, 'snapshot-1.ejson'), [JSON.stringify({ collection: 'statements', indexes: [] }), JSON.stringify({ c: 'statements', d: { _id: 's0', seq: 0 } }), JSON.stringify({ end: true, count: 1 })].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'journal-1.log'), range(1, 99).map((s) => line(s) + '\n').join(''));
  t.deepEqual(await seqsIn(dir), range(0, 100));

  const store = await openEmbeddedStore({ dir });
  await store.db.compact();
  await store.close();
  t.regex(fs.readFileSync(path.join(dir, 'snapshot-2.ejson'), 'utf8'), /^LHSTORE 2 snapshot\n/);
  t.deepEqual(await seqsIn(dir), range(0, 100));

  const old = path.join(dir, 'journal-1.log');
  zeroMiddleByte(old);
  fs.rmSync(path.join(dir, 'snapshot-2.ejson'));
  await t.throwsAsync(() => openEmbeddedStore({ dir }), { message: /journal-1\.log at byte \d+/ });
});

test('the server on a damaged store stays up to say why: the start log and /health name the place and the recovery command', async (t) => {
  const dataDir = tempDir('refuse-');
  const dir = path.join(dataDir, 'store');
  await fill(dir, 0, 200);
  zeroMiddleByte(path.join(dir, 'journal-0.log'));
  const child = spawn(process.execPath, ['--import=tsx', 'server/main.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', CONTENT_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => child.kill('SIGKILL'));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = /\/health on (http:\/\/localhost:\d+)\/health/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  t.regex(out, /"level":50.*journal-0\.log at byte \d+/, 'logged at error level');
  const health = await fetch(`${url}/health`);
  t.is(health.status, 503);
  const body = (await health.json()) as { store: { ok: boolean; error: string } };
  t.false(body.store.ok);
  t.regex(body.store.error, /journal-0\.log at byte \d+.*npm run store:recover/s);
});

test('store:backup copies a store while it is written to; the copy opens with everything acknowledged before it', async (t) => {
  const dataDir = tempDir('backup-');
  const dir = path.join(dataDir, 'store');
  const store = await openEmbeddedStore({ dir, compactBytes: 16 * 1024 });
  const c = store.db.collection('statements');
  for (let seq = 0; seq < 300; seq++) await c.insertOne({ seq, pad: 'x'.repeat(100) });
  let stop = false;
  let seq = 1000;
  const writer = (async () => {
    while (!stop) await c.insertOne({ seq: seq++, pad: 'y'.repeat(100) });
  })();
  const to = path.join(tempDir('backup-to-'), 'copy');
  const backup = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import=tsx', 'server/cli/store-backup.ts', '--to', to], { env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
  stop = true;
  await writer;
  await store.close();
  t.is(backup.code, 0, backup.out);
  const copied = await seqsIn(to);
  t.deepEqual(copied.filter((s) => s < 1000), range(0, 300));
  const written = copied.filter((s) => s >= 1000);
  t.deepEqual(written, range(1000, written.length), 'a prefix of the writes made during the copy, without gaps');
});

test('a damaged byte in the index definitions a snapshot holds falls back too: the unique index is still enforced', async (t) => {
  const dir = path.join(tempDir('damage-'), 'store');
  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection('users');
  await c.createIndex({ email: 1 }, { unique: true });
  for (let i = 0; i < 50; i++) await c.insertOne({ email: `u${i}@example.com` });
  await store.db.compact();
  await store.close();
  const file = path.join(dir, 'snapshot-1.ejson');
  const buf = fs.readFileSync(file);
  const at = buf.indexOf('"indexes"');
  t.true(at > 0);
  buf[at + 3] = 0;
  fs.writeFileSync(file, buf);

  const reopened = await openEmbeddedStore({ dir });
  t.is(await reopened.db.collection('users').countDocuments(), 50);
  await t.throwsAsync(() => reopened.db.collection('users').insertOne({ email: 'u7@example.com' }), { message: /duplicate key/i });
  await reopened.close();
});
