/** `GET /api/jobs/:id`: status and progress of a background job, for whoever started it (or an admin). */
import { Router } from 'express';
import { NotFoundError } from '../http/errors.js';
import { requireUser } from '../auth/require-role.js';
import { hasRole } from '../people/user-service.js';
import type { JobRuntime } from './types.js';

export function createJobRouter(jobs: JobRuntime): Router {
  const router = Router();
  router.get('/api/jobs/:id', requireUser, async (req, res) => {
    const job = await jobs.getJob(String(req.params.id));
    const owner = (job?.data as { requestedBy?: string } | undefined)?.requestedBy;
    // Someone else's job is "not found", so ids cannot be probed.
    if (!job || (owner !== req.user!.id && !hasRole(req.user, 'admin'))) throw new NotFoundError('Job');
    res.json({
      id: job.id,
      queue: job.queue,
      state: job.state,
      progress: job.progress,
      attemptsMade: job.attemptsMade,
      result: job.result,
      failedReason: job.failedReason,
      createdAt: job.createdAt,
      finishedAt: job.finishedAt,
    });
  });
  return router;
}
