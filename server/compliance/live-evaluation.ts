/**
 * Live re-evaluation: statements stored in the LRS name the people whose statuses may have
 * moved (their actors); those people are re-evaluated within seconds instead of at the next
 * scan. Coalesced: ids gather in a set; after a short debounce one run takes them (at most
 * `maxBatch`), and whoever arrives while it runs goes into the next run, so a steady stream
 * of statements costs back-to-back runs, never one per statement. How a run happens (a job
 * on the compliance queue) is the caller's `run`; the periodic scan stays the safety net.
 */
import type { StoredNotice } from '../../lrs/index.js';
import { userIdOfAgent } from '../learning-record/identity.js';

export interface LiveEvaluationDeps {
  /** PUBLIC_URL: the home page of learners' accounts (`userIdOfAgent`). */
  homePage: string;
  /** Evaluate these people; resolves when done (or when waiting for it was given up). */
  run(personIds: string[]): Promise<void>;
  /** On close: people not yet run (enqueue them without waiting). */
  leftover?(personIds: string[]): Promise<void>;
  onError?(err: unknown, personIds: string[]): void;
  /** Quiet time gathering a burst before the first run. */
  debounceMs?: number;
  /** Most people in one run (a burst cannot make one huge job). */
  maxBatch?: number;
}

export interface LiveEvaluation {
  /** The LRS's stored-statements listener: notes the learners concerned. */
  noteStored(statements: ReadonlyArray<StoredNotice>): void;
  /** Resolves once nothing is waiting or running (tests, benchmarks). */
  idle(): Promise<void>;
  /** Stops gathering; people still waiting go to `leftover`. A run in flight is not awaited. */
  close(): Promise<void>;
}

export const LIVE_DEBOUNCE_MS = 200;
export const LIVE_MAX_BATCH = 500;

export function createLiveEvaluation(deps: LiveEvaluationDeps): LiveEvaluation {
  const debounceMs = deps.debounceMs ?? LIVE_DEBOUNCE_MS;
  const maxBatch = deps.maxBatch ?? LIVE_MAX_BATCH;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  const take = (): string[] => {
    const batch: string[] = [];
    for (const id of pending) {
      if (batch.length >= maxBatch) break;
      batch.push(id);
    }
    for (const id of batch) pending.delete(id);
    return batch;
  };

  const settleIdle = () => {
    if (pending.size || running || timer) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  const drain = () => {
    timer = undefined;
    running = (async () => {
      while (pending.size && !closed) {
        const batch = take();
        try {
          await deps.run(batch);
        } catch (err) {
          // The scan catches these people up; the next batch still runs.
          deps.onError?.(err, batch);
        }
      }
    })().finally(() => {
      running = undefined;
      settleIdle();
    });
  };

  const schedule = () => {
    if (closed || timer || running) return;
    timer = setTimeout(drain, debounceMs);
    timer.unref?.();
  };

  return {
    noteStored(statements) {
      if (closed) return;
      for (const s of statements) {
        // A statement about another agent (a manager's note, a group) does not speak for the actor's learning.
        const objectType = (s.object as { objectType?: string } | null)?.objectType;
        if (objectType === 'Agent' || objectType === 'Group') continue;
        const id = userIdOfAgent(s.actor, deps.homePage);
        if (id) pending.add(id);
      }
      if (pending.size) schedule();
    },
    idle() {
      if (!pending.size && !running && !timer) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      const left = [...pending];
      pending.clear();
      for (let i = 0; i < left.length; i += maxBatch) {
        const batch = left.slice(i, i + maxBatch);
        await deps.leftover?.(batch).catch((err: unknown) => deps.onError?.(err, batch));
      }
      settleIdle();
    },
  };
}
