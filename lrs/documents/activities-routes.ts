/** Activities Resource, `GET /activities?activityId=`: the Activity with its canonical definition. */
import { Router } from 'express';
import { requireScope } from '../http/auth.js';
import { iriParam, rejectUnknownParams } from './params.js';
import type { ActivityService } from './activity-service.js';
import { queryOf } from './document-routes.js';

export function activitiesRouter(deps: { service: ActivityService }): Router {
  const router = Router();
  router.get('/activities', requireScope('activities/read'), async (req, res) => {
    const query = queryOf(req);
    rejectUnknownParams(query, ['activityId']);
    res.status(200).json(await deps.service.get(iriParam(query, 'activityId')));
  });
  return router;
}
