/**
 * The embedded store at scale: BENCH_TOTAL statement records (default 10,000,000) seeded
 * straight into the store in batches (the LRS's record shape and indexes: `ord`, and the
 * compound `{ keys, ord }`), then, in a fresh process, the store opened and the five common LRS
 * queries run as the LRS runs them (statementRepo.query: keys equality, `ord` bounds for
 * since, sorted by ord descending, limit). Prints the figures; the last line is JSON.
 *
 * Seeding goes through the store's own insertMany (the LRS's batch path), not HTTP: over
 * HTTP, bench/lrs.ts measures the same store with the LRS in front of it.
 * BENCH_DIR keeps the store (reused when it already holds BENCH_TOTAL records).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore } from '../server/store/embedded/index.js';

const TOTAL = Number(process.env.BENCH_TOTAL ?? 10_000_000);
const AGENTS = 5000;
const VERBS = 20;
const ACTIVITIES = 2000;
const REGISTRATIONS = Math.max(1, Math.floor(TOTAL / 50));
const BATCH = 5000;
const QUERIES = 200;

const agentOf = (i: number) => `a:mailto:person${(i * 7919) % AGENTS}@example.com`;
const verbOf = (i: number) => `v:http://adlnet.gov/expapi/verbs/v${i % VERBS}`;
const activityOf = (i: number) => `o:http://example.com/activity/${(i * 31) % ACTIVITIES}`;
const registrationOf = (i: number) => `r:${(i * 104729) % REGISTRATIONS}`;
const idOf = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
/** ord encodes time: 10 statements per millisecond from 2026-01-01. */
const ordOf = (i: number) => Date.UTC(2026, 0, 1) * 10 + i;

function record(i: number) {
  const keys = [agentOf(i), verbOf(i), activityOf(i), registrationOf(i)];
  const raw = JSON.stringify({ id: idOf(i), actor: { mbox: keys[0]!.slice(2) }, verb: { id: keys[1]!.slice(2) }, object: { id: keys[2]!.slice(2) }, context: { registration: keys[3] }, stored: new Date(ordOf(i) / 10).toISOString() });
  return { _id: idOf(i), ord: ordOf(i), raw, voided: false, isVoiding: false, keys, authority: 'k:bench' };
}

async function seed(dir: string): Promise<number> {
  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection<Record<string, unknown>>('lrs_statements');
  await c.createIndex({ ord: 1 });
  await c.createIndex({ keys: 1, ord: 1 });
  const have = await c.countDocuments();
  const t0 = performance.now();
  let last = t0;
  for (let i = have; i < TOTAL; i += BATCH) {
    const docs = [];
    for (let j = i; j < Math.min(TOTAL, i + BATCH); j++) docs.push(record(j));
    await c.insertMany(docs);
    if (performance.now() - last > 10_000) {
      last = performance.now();
      console.log(`seeded ${i + docs.length} of ${TOTAL}`);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  return TOTAL > have ? Math.round((TOTAL - have) / seconds) : NaN;
}

async function measure(dir: string): Promise<void> {
  const t0 = performance.now();
  const store = await openEmbeddedStore({ dir });
  const c = store.db.collection<Record<string, unknown>>('lrs_statements');
  await c.findOne({ _id: idOf(0) as never, voided: false });
  const openS = (performance.now() - t0) / 1000;
  const since = ordOf(Math.floor(TOTAL / 2));
  const kinds: Array<[string, (i: number) => Promise<unknown>]> = [
    ['statementId', (i) => c.findOne({ _id: idOf((i * 7727) % TOTAL) as never, voided: false })],
    ['agent', (i) => c.find({ voided: false, $and: [{ keys: agentOf(i) }], ord: { $gte: since } }, { sort: { ord: -1 }, limit: 10 }).toArray()],
    ['verb', (i) => c.find({ voided: false, $and: [{ keys: verbOf(i) }], ord: { $gte: since } }, { sort: { ord: -1 }, limit: 10 }).toArray()],
    ['activity', (i) => c.find({ voided: false, $and: [{ keys: activityOf(i) }], ord: { $gte: since } }, { sort: { ord: -1 }, limit: 10 }).toArray()],
    ['registration', (i) => c.find({ voided: false, $and: [{ keys: registrationOf(i * 13) }] }, { sort: { ord: -1 }, limit: 10 }).toArray()],
  ];
  const all: number[] = [];
  const perKind: Record<string, number> = {};
  for (const [name, run] of kinds) {
    const times: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const q0 = performance.now();
      await run(i * 37 + 1);
      times.push(performance.now() - q0);
    }
    perKind[name] = p95(times);
    all.push(...times);
    console.log(`${name}: p95 ${perKind[name]!.toFixed(2)} ms`);
  }
  const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const { anon, file } = rssParts();
  // The store file is memory-mapped: pages read (and the kernel's fault-around neighbours
  // already in the page cache) count in RSS as file pages, shared and reclaimable.
  console.log(`rss ${rssMb} MB: ${anon ?? '?'} MB process memory, ${file ?? '?'} MB mapped store pages (page cache)`);
  await store.close();
  process.stdout.write(JSON.stringify({ open_s: round(openS), query_p95_ms: round(p95(all)), rss_mb: rssMb, rss_anon_mb: anon, rss_file_mb: file, per_kind_p95_ms: perKind }) + '\n');
}

/** Resident memory split as Linux reports it (null elsewhere). */
function rssParts(): { anon: number | null; file: number | null } {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const mb = (n: number) => (Number.isFinite(n) ? Math.round(n / 1024) : null);
    return { anon: mb(kb('RssAnon')), file: mb(kb('RssFile') + kb('RssShmem')) };
  } catch {
    return { anon: null, file: null };
  }
}

function p95(times: number[]): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (process.argv[2] === 'measure') {
  await measure(process.argv[3]!);
} else {
  const dir = process.env.BENCH_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  const batchPerS = await seed(dir);
  console.log(`seeded ${TOTAL} statements: ${batchPerS} statements/s in batches of ${BATCH}; ${Math.round(fs.statSync(path.join(dir, 'store.mdb')).size / 1024 / 1024)} MB on disk`);
  // A fresh process: its memory and open time are what a restart costs.
  const child = spawnSync(process.execPath, ['--import=tsx', new URL(import.meta.url).pathname, 'measure', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = child.stdout.trim().split('\n');
  for (const line of lines.slice(0, -1)) console.log(line);
  const m = JSON.parse(lines[lines.length - 1]!) as { open_s: number; query_p95_ms: number; rss_mb: number; rss_anon_mb: number | null };
  if (!process.env.BENCH_DIR) fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ bench: 'scale', statements: TOTAL, rss_mb: m.rss_mb, rss_anon_mb: m.rss_anon_mb, open_s: m.open_s, query_p95_ms: m.query_p95_ms, batch_statements_per_s: batchPerS }));
}
