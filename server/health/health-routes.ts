/** `GET /health`: version, store and queue status; 503 when a dependency is down. */
import { Router } from 'express';
import type { JobRuntime } from '../jobs/types.js';
import type { Store } from '../store/types.js';
import { publicRoute } from '../auth/require-role.js';

export interface HealthDeps {
  version: string;
  store: Store;
  jobs: JobRuntime;
  startedAt: Date;
}

async function check(fn: () => Promise<void>, timeoutMs = 2000): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), timeoutMs)))]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/health', publicRoute, async (_req, res) => {
    const [store, queue] = await Promise.all([check(() => deps.store.ping()), check(() => deps.jobs.ping())]);
    const ok = store.ok && queue.ok;
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
      store: { kind: deps.store.kind, ...store },
      queue: { kind: deps.jobs.kind, ...queue },
    });
  });
  return router;
}
