/**
 * Embedded store benchmark: journaled inserts, indexed finds and updates.
 * Floors (issue 2, 2-core machine): 20,000 journaled single-document inserts/s issued
 * in batches of 100 concurrent insertOne calls; indexed equality find on a 200,000-document
 * collection under 1 ms median. Last line: one JSON object of the figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore } from '../server/store/embedded/index.js';
import { median, ownPeakRssMb } from './measure.js';

const TOTAL = Number(process.env.BENCH_DOCS ?? 200_000);
const BATCH = 100;
const FINDS = 20_000;
const UPDATES = 20_000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
const store = await openEmbeddedStore({ dir });
const people = store.db.collection('people');
await people.createIndex({ email: 1 }, { unique: true });
await people.createIndex({ department: 1, location: 1 });

function person(i: number) {
  return {
    email: `person${i}@example.com`,
    name: `Person ${i}`,
    department: `dept-${i % 10}`,
    location: `loc-${i % 7}`,
    roles: ['employee'],
    hireDate: new Date(Date.UTC(2020, 0, 1) + (i % 2000) * 86_400_000),
    score: i % 100,
  };
}

// 1. insertOne, 100 concurrent calls at a time: each call is acknowledged after fsync;
//    the journal's group commit covers a batch with one fsync.
let t0 = performance.now();
for (let i = 0; i < TOTAL; i += BATCH) {
  const batch = [];
  for (let j = i; j < Math.min(i + BATCH, TOTAL); j++) batch.push(people.insertOne(person(j)));
  await Promise.all(batch);
}
const insertSeconds = (performance.now() - t0) / 1000;
const insertPerS = Math.round(TOTAL / insertSeconds);
console.log(`insertOne x${TOTAL} in batches of ${BATCH}: ${insertPerS} docs/s (${insertSeconds.toFixed(2)} s)`);

// 2. insertMany of 100 documents per call, into a second collection.
const other = store.db.collection('people_bulk');
await other.createIndex({ email: 1 }, { unique: true });
t0 = performance.now();
for (let i = 0; i < TOTAL; i += BATCH) {
  const docs = [];
  for (let j = i; j < Math.min(i + BATCH, TOTAL); j++) docs.push(person(j));
  await other.insertMany(docs);
}
const insertManyPerS = Math.round(TOTAL / ((performance.now() - t0) / 1000));
console.log(`insertMany x${TOTAL / BATCH} of ${BATCH}: ${insertManyPerS} docs/s`);

// 3. Indexed equality find on the full collection.
const findMs: number[] = [];
for (let k = 0; k < FINDS; k++) {
  const i = (k * 7919) % TOTAL;
  const s = performance.now();
  const doc = await people.findOne({ email: `person${i}@example.com` });
  findMs.push(performance.now() - s);
  if (!doc) throw new Error(`missing person${i}`);
}
const findMedianMs = Number(median(findMs).toFixed(4));
console.log(`indexed findOne on ${TOTAL} docs: median ${findMedianMs} ms, p99 ${[...findMs].sort((a, b) => a - b)[Math.floor(FINDS * 0.99)]!.toFixed(4)} ms`);

// 4. Compound-index find returning a page.
const pageMs: number[] = [];
for (let k = 0; k < 200; k++) {
  const s = performance.now();
  await people.find({ department: `dept-${k % 10}`, location: `loc-${k % 7}` }).limit(50).toArray();
  pageMs.push(performance.now() - s);
}
console.log(`compound-index find, page of 50: median ${median(pageMs).toFixed(3)} ms`);

// 5. Journaled updates by indexed field, 100 concurrent.
t0 = performance.now();
for (let k = 0; k < UPDATES; k += BATCH) {
  const batch = [];
  for (let j = k; j < k + BATCH; j++) batch.push(people.updateOne({ email: `person${(j * 31) % TOTAL}@example.com` }, { $inc: { score: 1 } }));
  await Promise.all(batch);
}
const updatePerS = Math.round(UPDATES / ((performance.now() - t0) / 1000));
console.log(`updateOne by indexed field, batches of ${BATCH}: ${updatePerS} updates/s`);

// 6. Close and reopen (nothing to load: the data stays on disk).
await store.close();
t0 = performance.now();
const reopened = await openEmbeddedStore({ dir });
const reopenS = (performance.now() - t0) / 1000;
const count = await reopened.db.collection('people').countDocuments();
await reopened.close();
console.log(`reopen ${reopenS.toFixed(2)} s (${count} people)`);

fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ bench: 'store', insert_per_s: insertPerS, find_median_ms: findMedianMs, peak_rss_mb: ownPeakRssMb() }));
