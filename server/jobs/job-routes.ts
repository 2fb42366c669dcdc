/**
 * `GET /api/jobs/:id`: status and progress of a background job, for whoever started it (or an
 * admin). The sign-in guard and the admin test are handed in by app.ts, so jobs (which every
 * domain uses) depends on no domain.
 */
import { Router, type RequestHandler } from 'express';
import { NotFoundError } from '../http/errors.js';
import type { JobRuntime } from './types.js';

export interface JobRouteAccess {
  requireUser: RequestHandler;
  isAdmin: (user: Express.User) => boolean;
}

export function createJobRouter(jobs: JobRuntime, access: JobRouteAccess): Router {
  const router = Router();
  router.get('/api/jobs/:id', access.requireUser, async (req, res) => {
    const job = await jobs.getJob(String(req.params.id));
    const owner = (job?.data as { requestedBy?: string } | undefined)?.requestedBy;
    // Someone else's job is "not found", so ids cannot be probed.
    if (!job || (owner !== req.user!.id && !access.isAdmin(req.user!))) throw new NotFoundError('Job');
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
