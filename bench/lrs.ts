/**
 * LRS benchmark over real HTTP on loopback, the LRS in its own process (bench/lrs-server.ts).
 * Measures single-statement POSTs/s and statements/s in batches of 100 with concurrent
 * clients, then p50/p95 of five common queries at 100,000 and at 1,000,000 stored
 * statements, and the LRS process's peak memory. Clients: 64 sending single statements,
 * 16 sending batches (BENCH_CLIENTS, BENCH_BATCH_CLIENTS).
 * Floors (issue 3, 2 cores, embedded store): 2,000 single POSTs/s; 15,000 statements/s in
 * batches; every common query p95 under 50 ms at 1,000,000 statements.
 * BENCH_TOTAL (default 1000000) scales the second measuring point down for quick runs.
 * Last line: {"bench":"lrs","single_post_per_s":N,"batch_statements_per_s":N,"query_p95_ms_1m":N,"peak_rss_mb":N}
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { childPeakRssMb, median, percentile } from './measure.js';

const TOTAL = Number(process.env.BENCH_TOTAL ?? 1_000_000);
const FIRST_POINT = Math.min(100_000, TOTAL);
const SINGLE_POSTS = Number(process.env.BENCH_SINGLE ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CLIENTS ?? 64);
const BATCH_CLIENTS = Number(process.env.BENCH_BATCH_CLIENTS ?? 16);
const QUERY_SAMPLES = 200;

// ---- the LRS process ------------------------------------------------------------------
// BENCH_PROFILE=dir writes a CPU profile of the LRS process there (open it in Chrome DevTools).
const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
const child = spawn(process.execPath, ['--max-old-space-size=16384', ...profile, '--import=tsx', 'bench/lrs-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
const first = await new Promise<string>((resolve, reject) => {
  readline.createInterface({ input: child.stdout! }).once('line', resolve);
  child.once('exit', (code) => reject(new Error(`LRS process exited (${code})`)));
});
const { port, key, secret } = JSON.parse(first) as { port: number; key: string; secret: string };
const auth = 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64');


// ---- HTTP client ----------------------------------------------------------------------
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

function request(method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { authorization: auth, 'x-experience-api-version': '1.0.3' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: `/xapi${path}`, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function runConcurrently(jobs: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs) await job(next++);
    }),
  );
}

// ---- data shaped like a company's learning record ------------------------------------
const AGENTS = 5_000;
const VERBS = ['completed', 'passed', 'failed', 'attempted', 'experienced', 'answered', 'launched', 'initialized', 'terminated', 'progressed'].map(
  (v) => `http://adlnet.gov/expapi/verbs/${v}`,
);
const ACTIVITIES = 2_000;
const REGISTRATIONS = 20_000;
const registrations = Array.from({ length: REGISTRATIONS }, () => randomUUID());

function statement(n: number): object {
  const a = n % AGENTS;
  const act = (n * 7) % ACTIVITIES;
  return {
    id: randomUUID(),
    actor: { objectType: 'Agent', name: `Employee ${a}`, mbox: `mailto:employee${a}@example.com` },
    verb: { id: VERBS[n % VERBS.length], display: { 'en-US': 'did' } },
    object: { objectType: 'Activity', id: `https://lms.example.com/activities/${act}`, definition: { name: { 'en-US': `Course ${act}` }, type: 'http://adlnet.gov/expapi/activities/lesson' } },
    result: n % 3 === 0 ? { score: { scaled: (n % 100) / 100 }, success: n % 2 === 0, completion: true, duration: 'PT12M30S' } : undefined,
    context: {
      registration: registrations[n % REGISTRATIONS],
      contextActivities: { parent: [{ id: `https://lms.example.com/paths/${act % 50}` }] },
      platform: 'Learning Hub',
    },
    timestamp: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
  };
}

let written = 0;

/**
 * POST batches of 100 up to `upTo` stored statements; statements/s. With `prebuilt`, the
 * request bodies are made before the clock starts, so the measurement is the LRS's work,
 * not the load generator's (they share the machine's two cores).
 */
async function postBatches(upTo: number, concurrency: number, prebuilt: boolean): Promise<number> {
  const batches = Math.ceil((upTo - written) / 100);
  const start = written;
  const bodyOf = (b: number) => {
    const from = start + b * 100;
    return JSON.stringify(Array.from({ length: Math.min(100, upTo - from) }, (_, i) => statement(from + i)));
  };
  const bodies = prebuilt ? Array.from({ length: batches }, (_, b) => bodyOf(b)) : null;
  const t0 = performance.now();
  await runConcurrently(batches, concurrency, async (b) => {
    const res = await request('POST', '/statements', bodies ? bodies[b]! : bodyOf(b));
    if (res.status !== 200) throw new Error(`batch POST answered ${res.status}: ${res.body.slice(0, 200)}`);
  });
  const seconds = (performance.now() - t0) / 1000;
  const count = upTo - start;
  written = upTo;
  return count / seconds;
}

// ---- the five common queries -----------------------------------------------------------
const QUERIES: Array<{ name: string; path: (i: number) => string }> = [
  { name: 'by agent', path: (i) => `/statements?limit=100&agent=${encodeURIComponent(JSON.stringify({ mbox: `mailto:employee${(i * 37) % AGENTS}@example.com` }))}` },
  { name: 'by verb', path: (i) => `/statements?limit=100&verb=${encodeURIComponent(VERBS[i % VERBS.length]!)}` },
  { name: 'by activity', path: (i) => `/statements?limit=100&activity=${encodeURIComponent(`https://lms.example.com/activities/${(i * 13) % ACTIVITIES}`)}` },
  { name: 'by registration', path: (i) => `/statements?registration=${registrations[(i * 11) % REGISTRATIONS]}` },
  { name: 'latest page', path: () => `/statements?limit=100` },
];

async function measureQueries(label: string): Promise<number> {
  let worstP95 = 0;
  for (const q of QUERIES) {
    const times: number[] = [];
    for (let i = 0; i < QUERY_SAMPLES; i++) {
      const t0 = performance.now();
      const res = await request('GET', q.path(i));
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${q.name} answered ${res.status}`);
      if (i === 0 && !(JSON.parse(res.body) as { statements: unknown[] }).statements.length) throw new Error(`${q.name} found nothing`);
    }
    const p95 = percentile(times, 95);
    worstP95 = Math.max(worstP95, p95);
    console.log(`  ${label} ${q.name.padEnd(16)} p50 ${median(times).toFixed(2)} ms  p95 ${p95.toFixed(2)} ms`);
  }
  return worstP95;
}

// ---- run --------------------------------------------------------------------------------
try {
  // Warm-up (not measured): the JIT compiles the hot paths of both processes first.
  const WARMUP = 2_000;
  await runConcurrently(WARMUP, CONCURRENCY, async (i) => {
    const res = await request('POST', '/statements', JSON.stringify(statement(i)));
    if (res.status !== 200) throw new Error(`warm-up POST answered ${res.status}`);
  });
  written = WARMUP;

  // Single-statement POSTs: each its own request, many clients at once. The bodies are
  // made before the clock starts (as for batches): the load generator shares the cores.
  const singleBodies = Array.from({ length: SINGLE_POSTS }, (_, j) => JSON.stringify(statement(WARMUP + j)));
  let t0 = performance.now();
  await runConcurrently(SINGLE_POSTS, CONCURRENCY, async (j) => {
    const res = await request('POST', '/statements', singleBodies[j]!);
    if (res.status !== 200) throw new Error(`single POST answered ${res.status}: ${res.body.slice(0, 200)}`);
  });
  const singlePerS = Math.round(SINGLE_POSTS / ((performance.now() - t0) / 1000));
  written = WARMUP + SINGLE_POSTS;
  console.log(`single-statement POST, ${CONCURRENCY} clients: ${singlePerS} statements/s`);

  // Batches of 100, 8 clients at once, up to the first measuring point.
  const batchPerS = Math.round(await postBatches(FIRST_POINT, BATCH_CLIENTS, true));
  console.log(`batches of 100, ${BATCH_CLIENTS} clients: ${batchPerS} statements/s (to ${FIRST_POINT.toLocaleString()} stored)`);
  await measureQueries(`${FIRST_POINT / 1000}k`);

  let p95AtTotal = 0;
  if (TOTAL > FIRST_POINT) {
    t0 = performance.now();
    const fillRate = await postBatches(TOTAL, BATCH_CLIENTS, false);
    console.log(`filled to ${TOTAL.toLocaleString()} at ${Math.round(fillRate)} statements/s (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    p95AtTotal = await measureQueries(`${TOTAL / 1000}k`);
  } else {
    p95AtTotal = await measureQueries(`${TOTAL / 1000}k`);
  }
  const peak = childPeakRssMb(child.pid!);
  console.log(`LRS process peak RSS: ${peak} MB`);
  console.log(JSON.stringify({ bench: 'lrs', single_post_per_s: singlePerS, batch_statements_per_s: batchPerS, query_p95_ms_1m: Number(p95AtTotal.toFixed(2)), peak_rss_mb: peak }));
} finally {
  agent.destroy();
  child.kill('SIGTERM');
}
