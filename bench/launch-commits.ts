/**
 * SCORM commit benchmark: learners on the SCORM 1.2 sample send CMI commits over HTTP to
 * the real LMS (embedded store, in-process jobs), as the player does; each commit moves
 * the location (so it is stored and turned into a `progressed` statement) and every tenth
 * answers a question (an `answered` statement). Prints commits/s and latency percentiles.
 * Then each learner goes through the SCORM 2004 sample, whose steps run the server's
 * sequencing engine (the reading's terminate commit with `continue`, opening the quiz it
 * delivers, the quiz's terminate with exitAll): latency of those sequenced steps. Before its
 * terminate, the reading sends --live commits that each move cmi.score.scaled (data the
 * sequencing reads, so each re-predicts adl.nav.request_valid.* on a throwaway engine) and
 * cmi.progress_measure (--live-score 0: only the progress measure, which this course's
 * sequencing does not read): latency of those live commits.
 *   npm run bench:commits [-- --learners 20 --commits 50 --live 20 --live-score 1]
 * Last line: {"bench":"commits","commits_per_s":N,"p50_ms":N,"p95_ms":N,"live_p50_ms":N,"live_p95_ms":N,"sequenced_p50_ms":N,"sequenced_p95_ms":N}
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
const live = arg('live', 20);
const liveScore = arg('live-score', 1) !== 0;
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
  const pct = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! * 10) / 10;
  };
  const total = learners * commits;
  console.log(`${total} commits from ${learners} learners in ${seconds.toFixed(2)} s: ${(total / seconds).toFixed(0)} commits/s, p50 ${pct(latencies, 0.5)} ms, p95 ${pct(latencies, 0.95)} ms`);

  // SCORM 2004: the steps the sequencing engine runs on.
  const sequenced: number[] = [];
  const liveLatencies: number[] = [];
  const timed = async (c: HttpClient, method: string, url: string, body: unknown, expect: number) => {
    const s = performance.now();
    const res = await c.request(method, url, body);
    sequenced.push(performance.now() - s);
    if (res.status !== expect) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  await Promise.all(
    clients.map(async ({ c }) => {
      const d = (await c.request('POST', '/api/launches', { packageId: samples.scorm2004 })).body;
      for (let seq = 1; seq <= live; seq++) {
        const share = (seq / (live + 1)).toFixed(2);
        const cmi = { completion_status: 'incomplete', progress_measure: share, ...(liveScore ? { score: { scaled: share } } : {}), location: `page-${seq}` };
        const s = performance.now();
        const res = await c.request('POST', d.scorm.commitUrl, { sessionId: d.scorm.session.sessionId, seq, cmi });
        liveLatencies.push(performance.now() - s);
        if (res.status !== 200) throw new Error(`live commit ${seq}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      const done = { completion_status: 'completed', success_status: 'passed', exit: 'normal', session_time: 'PT1M' };
      await timed(c, 'POST', d.scorm.commitUrl, { sessionId: d.scorm.session.sessionId, seq: live + 1, terminated: true, navRequest: 'continue', cmi: done }, 200);
      const quiz = await timed(c, 'POST', `/api/attempts/${d.attemptId}/sessions`, {}, 201);
      const passed = { completion_status: 'completed', score: { scaled: '0.9' }, exit: 'normal', session_time: 'PT2M' };
      await timed(c, 'POST', d.scorm.commitUrl, { sessionId: quiz.scorm.session.sessionId, seq: 1, terminated: true, navRequest: 'exitAll', cmi: passed }, 200);
    }),
  );
  console.log(`${liveLatencies.length} SCORM 2004 commits that change tracked data (each re-predicts request_valid): p50 ${pct(liveLatencies, 0.5)} ms, p95 ${pct(liveLatencies, 0.95)} ms`);
  console.log(`${sequenced.length} sequenced steps (SCORM 2004): p50 ${pct(sequenced, 0.5)} ms, p95 ${pct(sequenced, 0.95)} ms`);
  console.log(
    JSON.stringify({
      bench: 'commits',
      commits_per_s: Math.round(total / seconds),
      p50_ms: pct(latencies, 0.5),
      p95_ms: pct(latencies, 0.95),
      live_p50_ms: pct(liveLatencies, 0.5),
      live_p95_ms: pct(liveLatencies, 0.95),
      sequenced_p50_ms: pct(sequenced, 0.5),
      sequenced_p95_ms: pct(sequenced, 0.95),
    }),
  );
} finally {
  await app.close();
}
