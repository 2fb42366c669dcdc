import test from 'ava';
import type { ExecutionContext } from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import {
  DEFAULT_ZIP_LIMITS,
  ZipRejectedError,
  extractZip,
  listEntries,
  normalizeEntryName,
  readEntryText,
  type ZipLimits,
  type ZipRule,
} from './index.js';

// ---------- helpers ----------

interface Item {
  name: string;
  data?: Buffer | string;
  dir?: boolean;
  mode?: number;
  compress?: boolean;
  zip64?: boolean;
}

function makeZip(items: Item[], opts: { zip64?: boolean } = {}): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const it of items) {
    if (it.dir) {
      z.addEmptyDirectory(it.name, { ...(it.mode !== undefined ? { mode: it.mode } : {}) });
    } else {
      const data = typeof it.data === 'string' ? Buffer.from(it.data) : (it.data ?? Buffer.alloc(0));
      z.addBuffer(data, it.name, {
        compress: it.compress ?? true,
        ...(it.mode !== undefined ? { mode: it.mode } : {}),
        ...(it.zip64 ? { forceZip64Format: true } : {}),
      });
    }
  }
  if (opts.zip64) z.end({ forceZip64Format: true, comment: '' });
  else z.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('error', reject);
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Replace every occurrence of `from` with `to` (same byte length) — yazl refuses hostile names, so we patch them in. */
function patchName(buf: Buffer, from: string, to: string | Buffer): Buffer {
  const f = Buffer.from(from);
  const t = typeof to === 'string' ? Buffer.from(to) : to;
  if (f.length !== t.length) throw new Error('patchName needs equal lengths');
  const out = Buffer.from(buf);
  let i = out.indexOf(f);
  let n = 0;
  while (i !== -1) {
    t.copy(out, i);
    n++;
    i = out.indexOf(f, i + 1);
  }
  if (n < 2) throw new Error(`expected ${from} in local and central headers, found ${n}`);
  return out;
}

/** Offset of the central directory header of `name`. */
function centralHeader(buf: Buffer, name: string, nth = 0): number {
  let found = 0;
  for (let i = 0; i < buf.length - 46; i++) {
    if (buf.readUInt32LE(i) !== 0x02014b50) continue;
    const len = buf.readUInt16LE(i + 28);
    if (buf.subarray(i + 46, i + 46 + len).toString() === name) {
      if (found === nth) return i;
      found++;
    }
  }
  throw new Error(`no central header for ${name}`);
}

async function tmpdir(t: ExecutionContext): Promise<{ zipPath: (b: Buffer) => Promise<string>; out: string; dest: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'lms-zip-test-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const inDir = path.join(root, 'in');
  const out = path.join(root, 'out');
  await mkdir(inDir);
  await mkdir(out);
  let n = 0;
  return {
    zipPath: async (b: Buffer) => {
      const p = path.join(inDir, `upload-${n++}.zip`);
      await writeFile(p, b);
      return p;
    },
    out,
    dest: path.join(out, 'pkg'),
  };
}

async function expectRejection(t: ExecutionContext, p: Promise<unknown>, rule: ZipRule, entry: string | null): Promise<ZipRejectedError> {
  const err = await t.throwsAsync(p);
  t.true(err instanceof ZipRejectedError, `expected ZipRejectedError, got ${String(err)}`);
  const z = err as ZipRejectedError;
  t.is(z.rule, rule, z.message);
  t.is(z.entry, entry, z.message);
  t.truthy(z.message);
  return z;
}

/** Both listEntries and extractZip reject; extraction leaves nothing behind. */
async function rejects(t: ExecutionContext, zip: Buffer, rule: ZipRule, entry: string | null, limits?: Partial<ZipLimits>, listToo = true): Promise<ZipRejectedError> {
  const d = await tmpdir(t);
  const p = await d.zipPath(zip);
  if (listToo) await expectRejection(t, listEntries(p, limits), rule, entry);
  const err = await expectRejection(t, extractZip(p, d.dest, limits), rule, entry);
  t.deepEqual(await readdir(d.out), [], 'nothing left on disk after a rejection');
  return err;
}

async function walk(dir: string, base = ''): Promise<Map<string, Buffer | 'dir'>> {
  const m = new Map<string, Buffer | 'dir'>();
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const rel = base ? `${base}/${d.name}` : d.name;
    if (d.isDirectory()) {
      m.set(rel, 'dir');
      for (const [k, v] of await walk(path.join(dir, d.name), rel)) m.set(k, v);
    } else {
      m.set(rel, await readFile(path.join(dir, d.name)));
    }
  }
  return m;
}

// ---------- good archives ----------

const big = randomBytes(3 * 1024 * 1024 + 17);
const goodItems: Item[] = [
  { name: 'imsmanifest.xml', data: '\uFEFF<?xml version="1.0"?><manifest identifier="m1"/>' },
  { name: 'content/', dir: true },
  { name: 'content/index.html', data: '<!doctype html><title>Data security</title>' },
  { name: 'content/media/video.bin', data: big },
  { name: 'content/media/stored.bin', data: randomBytes(1000), compress: false },
  { name: 'content/empty.txt', data: '' },
  { name: 'empty-dir/', dir: true },
  { name: 'résumé/Straße.txt', data: 'unicode names' },
];

test('a good archive lists and round-trips byte-exactly, with monotonic progress ending at the totals', async (t) => {
  const d = await tmpdir(t);
  const p = await d.zipPath(await makeZip(goodItems));

  const list = await listEntries(p);
  t.deepEqual(list.map((e) => [e.name, e.isDirectory]), [
    ['imsmanifest.xml', false],
    ['content', true],
    ['content/index.html', false],
    ['content/media/video.bin', false],
    ['content/media/stored.bin', false],
    ['content/empty.txt', false],
    ['empty-dir', true],
    ['résumé/Straße.txt', false],
  ]);
  t.is(list[3]!.size, big.length);
  t.true(list[3]!.compressedSize > 0);
  t.is(list[4]!.compressedSize, 1000);

  const calls: [number, number, number, number][] = [];
  const result = await extractZip(p, d.dest, undefined, (...a) => calls.push(a));
  t.is(result.length, goodItems.length);

  const tree = await walk(d.dest);
  for (const it of goodItems) {
    const name = it.name.replace(/\/$/, '');
    if (it.dir) t.is(tree.get(name), 'dir', name);
    else t.true(Buffer.from(it.data ?? '').equals(tree.get(name) as Buffer), name);
  }
  t.is(tree.get('content/media'), 'dir'); // implicit parent created
  t.deepEqual(await readdir(d.out), ['pkg'], 'no temporary sibling left behind');

  const totalBytes = goodItems.reduce((s, it) => s + (it.dir ? 0 : Buffer.from(it.data ?? '').length), 0);
  t.true(calls.length >= 4, 'several progress calls');
  for (let i = 1; i < calls.length; i++) {
    t.true(calls[i]![0] >= calls[i - 1]![0], 'bytes monotonic');
    t.true(calls[i]![2] >= calls[i - 1]![2], 'entries monotonic');
  }
  for (const c of calls) {
    t.is(c[1], totalBytes);
    t.is(c[3], goodItems.length);
  }
  t.deepEqual(calls.at(-1), [totalBytes, totalBytes, goodItems.length, goodItems.length]);
});

test('zip64 archives and entries work', async (t) => {
  const d = await tmpdir(t);
  const data = randomBytes(50_000);
  const p = await d.zipPath(await makeZip([
    { name: 'a.bin', data, zip64: true },
    { name: 'b/c.txt', data: 'hello', zip64: true, compress: false },
  ], { zip64: true }));
  const list = await listEntries(p);
  t.deepEqual(list.map((e) => [e.name, e.size]), [['a.bin', 50_000], ['b/c.txt', 5]]);
  await extractZip(p, d.dest);
  t.true((await readFile(path.join(d.dest, 'a.bin'))).equals(data));
  t.is(await readFile(path.join(d.dest, 'b/c.txt'), 'utf8'), 'hello');
});

test('readEntryText reads a manifest, strips the BOM, enforces maxBytes, returns null when absent', async (t) => {
  const d = await tmpdir(t);
  const p = await d.zipPath(await makeZip(goodItems));
  t.is(await readEntryText(p, 'imsmanifest.xml', 10_000), '<?xml version="1.0"?><manifest identifier="m1"/>');
  t.is(await readEntryText(p, 'résumé/Straße.txt', 100), 'unicode names');
  t.is(await readEntryText(p, 'cmi5.xml', 10_000), null);
  t.is(await readEntryText(p, 'content', 10_000), null, 'a directory is not text');
  await expectRejection(t, readEntryText(p, 'content/media/video.bin', 1024), 'entry_too_large', 'content/media/video.bin');
});

test('extractZip refuses an existing destination and leaves it untouched', async (t) => {
  const d = await tmpdir(t);
  const p = await d.zipPath(await makeZip([{ name: 'a.txt', data: 'x' }]));
  await mkdir(d.dest);
  await writeFile(path.join(d.dest, 'keep.txt'), 'mine');
  await t.throwsAsync(extractZip(p, d.dest), { message: /already exists/ });
  t.deepEqual(await readdir(d.dest), ['keep.txt']);
});

// ---------- names ----------

test('path traversal: ../, nested ../, absolute, drive letters, backslashes, NUL', async (t) => {
  const cases: [string, string | Buffer][] = [
    ['XX/evil.txt', '../evil.txt'],
    ['a/XX/XX/XX/evil.txt', 'a/../../../evil.txt'],
    ['Xetc/passwd', '/etc/passwd'],
    ['XXWindows/win.ini', 'C:Windows/win.ini'],
    ['XX/evil.txt', 'C:/evil.txt'],
    ['XXXevil.txt', '..\\evil.txt'],
    ['aXb.txt', 'a\\b.txt'],
    ['goodXtxt.exe', Buffer.from('good\0txt.exe', 'latin1')],
    ['aXXb.txt', 'a//b.txt'],
  ];
  for (const [placeholder, hostile] of cases) {
    const zip = patchName(await makeZip([{ name: 'ok.txt', data: 'fine' }, { name: placeholder, data: 'pwned' }]), placeholder, hostile);
    const expectedName = typeof hostile === 'string' ? hostile : hostile.toString('latin1');
    await rejects(t, zip, 'path_traversal', expectedName);
  }
  // nothing escaped into the parent either
  t.throws(() => normalizeEntryName('../x'), { instanceOf: ZipRejectedError });
  t.deepEqual(normalizeEntryName('./a/./b/'), { name: 'a/b', isDirectory: true });
});

test('symlinks and other special files are rejected via external attributes', async (t) => {
  await rejects(t, await makeZip([{ name: 'ok.txt', data: 'x' }, { name: 'link', data: '/etc/passwd', mode: 0o120777 }]), 'symlink', 'link');
  await rejects(t, await makeZip([{ name: 'fifo', data: '', mode: 0o010644 }]), 'symlink', 'fifo');
});

// ---------- counts and sizes ----------

test('too many files', async (t) => {
  const items = Array.from({ length: 51 }, (_, i) => ({ name: `f${i}.txt`, data: `${i}` }));
  await rejects(t, await makeZip(items), 'too_many_files', null, { maxFiles: 50 });
  const d = await tmpdir(t);
  t.is((await listEntries(await d.zipPath(await makeZip(items.slice(0, 50))), { maxFiles: 50 })).length, 50);
});

test('total and per-entry size limits from the central directory', async (t) => {
  const zip = await makeZip([{ name: 'a.bin', data: randomBytes(600) }, { name: 'b.bin', data: randomBytes(600) }]);
  await rejects(t, zip, 'too_large', 'b.bin', { maxTotalBytes: 1000 });
  await rejects(t, zip, 'entry_too_large', 'a.bin', { maxEntryBytes: 500 });
});

test('zip bombs: per-entry and whole-archive compression ratio', async (t) => {
  await rejects(t, await makeZip([{ name: 'ok.txt', data: 'x' }, { name: 'bomb.bin', data: Buffer.alloc(8 * 1024 * 1024) }]),
    'compression_ratio', 'bomb.bin');
  // many entries each under the per-entry threshold, together far over the ratio
  const many = Array.from({ length: 6 }, (_, i) => ({ name: `z${i}.bin`, data: Buffer.alloc(1024 * 1024) }));
  await rejects(t, await makeZip(many), 'compression_ratio', null);
  // the same archive passes when the ratio rule is relaxed
  const d = await tmpdir(t);
  t.is((await extractZip(await d.zipPath(await makeZip(many)), d.dest, { maxRatio: 10_000 })).length, 6);
  t.is(DEFAULT_ZIP_LIMITS.maxRatio, 100);
});

// ---------- duplicates ----------

test('duplicates, case-insensitive clashes and file/directory clashes', async (t) => {
  await rejects(t, await makeZip([{ name: 'a.txt', data: '1' }, { name: 'a.txt', data: '2' }]), 'duplicate_entry', 'a.txt');
  await rejects(t, await makeZip([{ name: 'index.html', data: '1' }, { name: 'Index.HTML', data: '2' }]), 'duplicate_entry', 'Index.HTML');
  await rejects(t, await makeZip([{ name: 'Media/a.png', data: '1' }, { name: 'media/b.png', data: '2' }]), 'duplicate_entry', 'media/b.png');
  await rejects(t, await makeZip([{ name: 'a', data: '1' }, { name: 'a/b.txt', data: '2' }]), 'duplicate_entry', 'a/b.txt');
  await rejects(t, await makeZip([{ name: 'a/b.txt', data: '1' }, { name: 'a', data: '2' }]), 'duplicate_entry', 'a');
  // the same name in NFC and NFD (macOS writes NFD) would be one file on APFS/HFS+
  await rejects(t, await makeZip([{ name: 'caf\u00e9.txt', data: '1' }, { name: 'cafe\u0301.txt', data: '2' }]), 'duplicate_entry', 'cafe\u0301.txt');
  // a directory entry repeated, or after its files, is harmless
  const d = await tmpdir(t);
  t.is((await listEntries(await d.zipPath(await makeZip([{ name: 'a/b.txt', data: '1' }, { name: 'a/', dir: true }, { name: 'a/', dir: true }])))).length, 3);
});

// ---------- hand-crafted bytes ----------

test('encrypted entries', async (t) => {
  const zip = await makeZip([{ name: 'secret.txt', data: 'x'.repeat(100) }]);
  const h = centralHeader(zip, 'secret.txt');
  zip.writeUInt16LE(zip.readUInt16LE(h + 8) | 1, h + 8);
  await rejects(t, zip, 'encrypted', 'secret.txt');
  const d = await tmpdir(t);
  await expectRejection(t, readEntryText(await d.zipPath(zip), 'secret.txt', 1000), 'encrypted', 'secret.txt');
});

test('an entry whose header understates its size is stopped as soon as it inflates past it', async (t) => {
  const real = Buffer.alloc(2 * 1024 * 1024, 'a'); // inflates to 2 MiB
  const zip = await makeZip([{ name: 'ok.txt', data: 'fine' }, { name: 'liar.bin', data: real }]);
  const h = centralHeader(zip, 'liar.bin');
  zip.writeUInt32LE(100, h + 24); // declared uncompressed size
  const d = await tmpdir(t);
  const p = await d.zipPath(zip);
  // the central directory alone looks harmless
  t.deepEqual((await listEntries(p)).map((e) => e.size), [4, 100]);
  const err = await expectRejection(t, extractZip(p, d.dest), 'corrupt', 'liar.bin');
  t.regex(err.message, /declared size/);
  t.deepEqual(await readdir(d.out), []);
  await expectRejection(t, readEntryText(p, 'liar.bin', 1000), 'corrupt', 'liar.bin');
});

test('an entry whose header overstates its size, or whose data is damaged, is corrupt', async (t) => {
  const zip = await makeZip([{ name: 'a.txt', data: 'hello world, hello world' }]);
  const h = centralHeader(zip, 'a.txt');
  zip.writeUInt32LE(25, h + 24); // one more than the real 24
  await rejects(t, zip, 'corrupt', 'a.txt', undefined, false);

  const data = randomBytes(4000);
  const zip2 = await makeZip([{ name: 'r.bin', data, compress: false }]);
  const at = zip2.indexOf(data.subarray(0, 16));
  zip2[at + 100]! ^= 0xff; // flip a byte: CRC mismatch
  await rejects(t, zip2, 'corrupt', 'r.bin', undefined, false);

  // garbage inside a deflate stream (zlib error or CRC mismatch, either way corrupt)
  const text = Buffer.from('All employees must lock their screens. '.repeat(500));
  const zip3 = await makeZip([{ name: 'policy.txt', data: text }]);
  const h3 = centralHeader(zip3, 'policy.txt');
  const dataStart = 30 + zip3.readUInt16LE(26) + zip3.readUInt16LE(28); // local header at 0: name and extra field lengths
  const csize = zip3.readUInt32LE(h3 + 20);
  for (let i = dataStart + 2; i < dataStart + csize - 2; i += 7) zip3[i]! ^= 0x5a;
  const bad = await rejects(t, zip3, 'corrupt', 'policy.txt', undefined, false);
  t.regex(bad.message, /CRC|invalid|incorrect|inflat|declare/i);
});

test('overlapping entries (non-recursive bomb layout) are corrupt', async (t) => {
  const zip = await makeZip([{ name: 'a.txt', data: 'aaaaaaaaaa' }, { name: 'b.txt', data: 'bbbbbbbbbb' }]);
  const ha = centralHeader(zip, 'a.txt');
  const hb = centralHeader(zip, 'b.txt');
  zip.writeUInt32LE(zip.readUInt32LE(ha + 42), hb + 42); // b's local header offset := a's
  await rejects(t, zip, 'corrupt', 'b.txt');
});

test('truncated files, empty files and non-zips', async (t) => {
  const good = await makeZip(goodItems);
  await rejects(t, good.subarray(0, Math.floor(good.length / 2)), 'not_a_zip', null);
  await rejects(t, Buffer.alloc(0), 'not_a_zip', null);
  await rejects(t, Buffer.from('<html>not a zip at all, just some text long enough</html>'), 'not_a_zip', null);
  // central directory intact but file data cut out from the middle
  const cut = Buffer.concat([good.subarray(0, 200), good.subarray(200 + 100_000)]);
  await rejects(t, cut, 'corrupt', null);
});

test('a missing upload is an ordinary I/O error, not a rejection', async (t) => {
  const err = await t.throwsAsync(listEntries(path.join(os.tmpdir(), 'no-such-upload-' + Date.now() + '.zip')));
  t.false(err instanceof ZipRejectedError);
  t.is((err as NodeJS.ErrnoException).code, 'ENOENT');
});
