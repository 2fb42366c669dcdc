/**
 * How a live re-evaluation runs: as an `evaluate` job on the compliance queue, so that
 * with a separate worker (JOBS_IN_WEB=false, Redis) the web process only enqueues, and
 * in-process the job runs here. The coalescer waits for its job to finish before the next
 * (that wait is what coalesces: one live job in flight per process); a job that does not
 * finish in `waitMs` (no worker running) is left queued and the next batch goes ahead.
 */
import { randomUUID } from 'node:crypto';
import type { JobQueue } from '../jobs/types.js';
import type { ComplianceJob } from './compliance-job.js';

export interface LiveJobs {
  /** Enqueue an evaluation of these people and wait for it to finish (or for `waitMs`). */
  run(personIds: string[]): Promise<void>;
  /** Enqueue without waiting (people left when the process closes). */
  enqueue(personIds: string[]): Promise<void>;
  /** Stop waiting for jobs in flight. */
  close(): void;
}

export function liveEvaluationJobs(queue: JobQueue<ComplianceJob>, opts: { waitMs?: number } = {}): LiveJobs {
  const waitMs = opts.waitMs ?? 60_000;
  const waits = new Set<() => void>();
  const add = (personIds: string[], jobId: string) => queue.add({ task: 'evaluate', personIds, live: true }, { jobId, attempts: 2 });
  return {
    async run(personIds) {
      const jobId = `live-${randomUUID()}`;
      // Listening before the add: an in-process job may finish before add() returns.
      let release = () => {};
      const finished = new Promise<void>((resolve, reject) => {
        const offs = [
          queue.on('completed', (job) => void (job.localId === jobId && release())),
          queue.on('failed', (job, reason) => {
            if (job.localId !== jobId) return;
            reject(new Error(`live evaluation failed: ${reason}`));
            release();
          }),
        ];
        const timer = setTimeout(() => release(), waitMs);
        timer.unref?.();
        release = () => {
          clearTimeout(timer);
          for (const off of offs) off();
          waits.delete(release);
          resolve();
        };
        waits.add(release);
      });
      try {
        await add(personIds, jobId);
      } catch (err) {
        release();
        throw err;
      }
      await finished;
    },
    async enqueue(personIds) {
      await add(personIds, `live-${randomUUID()}`);
    },
    close() {
      for (const done of [...waits]) done();
    },
  };
}
