/**
 * SCORM commit benchmark: learners on the SCORM 1.2 sample send CMI commits over HTTP to
 * the real LMS (embedded store, in-process jobs), as the player does; each commit moves
 * the location (so it is stored and turned into a `progressed` statement) and every tenth
 * answers a question (an `answered` statement). Prints commits/s and latency percentiles.
 *   npm run bench:commits [-- --learners 20 --commits 50]
 * Last line: {"bench":"commits","commits_per_s":N,"p50_ms":N,"p95_ms":N}
 */
import { startTestApp } from '../test/helpers/app.js';
import { HttpClient } from '../test/helpers/http-client.js';
import { loadSamples } from '../test/helpers/samples.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

const learners = arg('learners', 20);
const commits = arg('commits', 50);
const password = 'a long enough passphrase';

const app = await startTestApp();
try {
  await app.createUser({ email: 'author@example.com', password, name: 'Ava Author', roles: ['author'] });
  const samples = await loadSamples(app, { email: 'author@example.com', password });
  const clients: Array<{ c: HttpClient; commitUrl: string; sessionId: string }> = [];
  for (let i = 0; i < learners; i++) {
    await app.createUser({ email: `l${i}@example.com`, password, name: `Learner ${i}`, roles: ['employee'] });
    const c = new HttpClient(app.url);
    await c.login(`l${i}@example.com`, password);
    const d = (await c.request('POST', '/api/launches', { packageId: samples.scorm12 })).body;
    clients.push({ c, commitUrl: d.scorm.commitUrl, sessionId: d.scorm.session.sessionId });
  }
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    clients.map(async ({ c, commitUrl, sessionId }) => {
      const interactions: Record<string, unknown> = {};
      for (let seq = 1; seq <= commits; seq++) {
        if (seq % 10 === 0) interactions[String(seq / 10 - 1)] = { id: `q${seq}`, type: 'choice', student_response: 'a', result: 'correct' };
        const body = { sessionId, seq, cmi: { core: { lesson_status: 'incomplete', lesson_location: `page-${seq}` }, suspend_data: 'x'.repeat(2000), interactions } };
        const s = performance.now();
        const res = await c.request('POST', commitUrl, body);
        latencies.push(performance.now() - s);
        if (res.status !== 200) throw new Error(`commit ${seq}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]! * 10) / 10;
  const total = learners * commits;
  console.log(`${total} commits from ${learners} learners in ${seconds.toFixed(2)} s: ${(total / seconds).toFixed(0)} commits/s, p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms`);
  console.log(JSON.stringify({ bench: 'commits', commits_per_s: Math.round(total / seconds), p50_ms: pct(0.5), p95_ms: pct(0.95) }));
} finally {
  await app.close();
}
