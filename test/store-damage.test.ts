/**
 * A damaged disk: one byte changed in the middle of each kind of file the embedded store
 * writes or has written (LMDB's store.mdb, the LOCK file, and the journal-format files a
 * store from before LMDB holds until its first open imports them). The store either
 * refuses to start naming the place, or serves with nothing acknowledged missing, or, for
 * a document, names its collection and _id on read and in `store:check`;
 * `store:recover` then keeps every intact record.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { openEmbeddedStore, StoreLockedError } from '../server/store/embedded/index.js';
import { encodeRecord, fileHeader } from '../server/store/embedded/record-format.js';
import { serialize } from '../server/store/embedded/values.js';
import { tempDir } from './helpers/temp-dir.js';

async function fill(dir: string, from: number, count: number): Promise<void> {
  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection('statements');
  for (let seq = from; seq < from + count; seq++) await c.insertOne({ _id: `s${seq}` as never, seq, verb: 'completed', pad: 'x'.repeat(seq % 50) });
  await store.close();
}

/** A store as the journal engine wrote it (format 2): one checksummed record per insert in journal-0.log. */
function fillJournalFormat(dir: string, from: number, count: number): void {
  fs.mkdirSync(dir, { recursive: true });
  const records = range(from, count).map((seq) => encodeRecord(serialize({ op: 'ins', c: 'statements', d: [{ _id: `s${seq}`, seq, verb: 'completed', pad: 'x'.repeat(seq % 50) }] })));
  fs.writeFileSync(path.join(dir, 'journal-0.log'), Buffer.concat([Buffer.from(fileHeader('journal')), ...records]));
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

test('a damaged byte in the middle of a journal-format store stops its import with the place; store:recover keeps every intact record', async (t) => {
  const dataDir = tempDir('damage-');
  const dir = path.join(dataDir, 'store');
  fillJournalFormat(dir, 0, 600);
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

test('a journal-format store is imported on its first open: documents, indexes, the old files moved aside', async (t) => {
  const dir = path.join(tempDir('migrate-'), 'store');
  fs.mkdirSync(dir, { recursive: true });
  const rec = (v: object) => encodeRecord(serialize(v as never));
  // A snapshot and the journals after it, with every kind of entry the journal engine wrote.
  fs.writeFileSync(path.join(dir, 'journal-0.log'), Buffer.concat([Buffer.from(fileHeader('journal')), rec({ op: 'idx', c: 'users', spec: { name: 'email_1', key: { email: 1 }, unique: true } }), rec({ op: 'ins', c: 'users', d: [{ _id: 'u0', email: 'a@x.io' }] })]));
  fs.writeFileSync(path.join(dir, 'snapshot-1.ejson'), Buffer.concat([Buffer.from(fileHeader('snapshot')), rec({ collection: 'users', indexes: [{ name: 'email_1', key: { email: 1 }, unique: true }] }), rec({ c: 'users', d: { _id: 'u0', email: 'a@x.io', at: { $date: '2026-01-01T00:00:00.000Z' } } }), rec({ end: true, count: 1 })]));
  fs.writeFileSync(path.join(dir, 'journal-1.log'), Buffer.concat([Buffer.from(fileHeader('journal')), rec({ op: 'ins', c: 'users', d: [{ _id: 'u1', email: 'b@x.io' }, { _id: 'u2', email: 'c@x.io' }] }), rec({ op: 'put', c: 'users', d: [{ _id: 'u1', email: 'b@x.io', name: 'B' }] }), rec({ op: 'del', c: 'users', ids: ['u2'] })]));
  const warnings: string[] = [];
  const store = await openEmbeddedStore({ dir, warn: (m) => warnings.push(m) });
  const users = store.db.collection('users');
  t.deepEqual(await users.find({}, { sort: { _id: 1 } }).toArray(), [{ _id: 'u0', email: 'a@x.io', at: new Date('2026-01-01T00:00:00.000Z') }, { _id: 'u1', email: 'b@x.io', name: 'B' }] as never);
  await t.throwsAsync(() => users.insertOne({ email: 'b@x.io' }), { message: /duplicate key/ }, 'the unique index came along');
  t.is(store.db.migration?.documents, 2);
  t.regex(warnings.join('\n'), /imported 2 documents in 1 collections .*migrated-journal-/);
  await store.close();
  const left = fs.readdirSync(dir);
  t.false(left.some((f) => /^(journal-|snapshot-)/.test(f)), left.join(', '));
  const aside = left.find((f) => f.startsWith('migrated-journal-'))!;
  t.deepEqual(fs.readdirSync(path.join(dir, aside)).sort(), ['journal-0.log', 'journal-1.log', 'snapshot-1.ejson']);
  t.deepEqual((await seqsIn(dir)).length, 0, 'a second open imports nothing again');
});

test('a changed byte in a document inside store.mdb is named by collection and _id on read and by store:check; store:recover quarantines it and keeps the rest', async (t) => {
  const dataDir = tempDir('damage-');
  const dir = path.join(dataDir, 'store');
  await fill(dir, 0, 300);
  const file = path.join(dir, 'store.mdb');
  const buf = fs.readFileSync(file);
  // Every copy of it: LMDB's copy-on-write leaves older versions of a page in free pages.
  let copies = 0;
  for (let at = buf.indexOf('"_id":"s150"'); at >= 0; at = buf.indexOf('"_id":"s150"', at + 1)) {
    buf[at + 20]! ^= 0x01;
    copies++;
  }
  t.true(copies > 0);
  fs.writeFileSync(file, buf);

  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection('statements');
  await t.throwsAsync(() => c.findOne({ _id: 's150' as never }), { message: /document s150 of collection statements is damaged/ });
  t.is((await c.findOne({ _id: 's151' as never }))?.seq, 151);
  await store.close();

  const check = await runCli('server/cli/store-check.ts', dataDir);
  t.is(check.code, 1, check.out);
  t.regex(check.out, /DAMAGED document s150/);
  const recover = await runCli('server/cli/store-recover.ts', dataDir);
  t.is(recover.code, 0, recover.out);
  t.deepEqual(await seqsIn(dir), range(0, 300).filter((s) => s !== 150));
  t.true(fs.readdirSync(path.join(dir, 'quarantine')).some((f) => f.startsWith('damaged-documents-')));
});

test('a byte changed in the middle of store.mdb or its lock file: served with nothing missing, or named by store:check', async (t) => {
  const dataDir = tempDir('damage-');
  const dir = path.join(dataDir, 'store');
  await fill(dir, 0, 600);
  zeroMiddleByte(path.join(dir, 'store.mdb-lock'));
  t.deepEqual(await seqsIn(dir), range(0, 600), 'the lock file holds no data: LMDB rebuilds it');
  zeroMiddleByte(path.join(dir, 'store.mdb'));
  const check = await runCli('server/cli/store-check.ts', dataDir);
  if (check.code === 0) {
    t.regex(check.out, /collection statements: 600 documents/);
    t.deepEqual(await seqsIn(dir), range(0, 600));
  } else {
    // A damaged document or index entry is named; a damaged branch page only as unreadable (restore a backup).
    t.is(check.code, 1, check.out);
    t.regex(check.out, /DAMAGED|could not read/);
  }
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

test('a torn last write of a journal-format store is left out of its import with a warning; everything acknowledged is kept', async (t) => {
  const dir = path.join(tempDir('damage-'), 'store');
  fillJournalFormat(dir, 0, 20);
  fs.appendFileSync(path.join(dir, 'journal-0.log'), Buffer.from('0000'));
  const warnings: string[] = [];
  const store = await openEmbeddedStore({ dir, log: (m) => warnings.push(m), warn: (m) => warnings.push(`WARN ${m}`) });
  t.is(await store.db.collection('statements').countDocuments(), 20);
  t.true(warnings.some((w) => /^WARN .*journal-0\.log/.test(w)), warnings.join('\n'));
  await store.close();
});

test('a store written before checksums (format 1) is still imported, and damage in its middle refused', async (t) => {
  const dir = path.join(tempDir('old-'), 'store');
  fs.mkdirSync(dir, { recursive: true });
  const line = (seq: number) => JSON.stringify({ op: 'ins', c: 'statements', d: [{ _id: `s${seq}`, seq }] });
  fs.writeFileSync(path.join(dir, 'snapshot-1.ejson'), [JSON.stringify({ collection: 'statements', indexes: [] }), JSON.stringify({ c: 'statements', d: { _id: 's0', seq: 0 } }), JSON.stringify({ end: true, count: 1 })].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'journal-1.log'), range(1, 99).map((s) => line(s) + '\n').join(''));
  const copy = tempDir('old-copy-');
  fs.cpSync(dir, copy, { recursive: true });
  t.deepEqual(await seqsIn(dir), range(0, 100));

  zeroMiddleByte(path.join(copy, 'journal-1.log'));
  const old = copy;
  await t.throwsAsync(() => openEmbeddedStore({ dir: old }), { message: /journal-1\.log at byte \d+/ });
});

test('the server on a damaged store stays up to say why: the start log and /health name the place and the recovery command', async (t) => {
  const dataDir = tempDir('refuse-');
  const dir = path.join(dataDir, 'store');
  fillJournalFormat(dir, 0, 200);
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
  // stdout and stderr are separate pipes: the error line may arrive after the banner.
  for (let i = 0; i < 100 && !/"level":50.*journal-0\.log at byte \d+/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
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
  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection('statements');
  for (let seq = 0; seq < 300; seq++) await c.insertOne({ _id: `s${seq}` as never, seq, pad: 'x'.repeat(100) });
  let stop = false;
  let seq = 1000;
  const writer = (async () => {
    while (!stop) await c.insertOne({ _id: `s${seq}` as never, seq: seq++, pad: 'y'.repeat(100) });
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

