/** Agents Resource, `GET /agents?agent=`: the Person object for an Agent. */
import { Router } from 'express';
import { requireScope } from '../http/auth.js';
import { agentParam, rejectUnknownParams } from './params.js';
import { queryOf } from './document-routes.js';
import { personOf } from './person.js';

export function agentsRouter(): Router {
  const router = Router();
  router.get('/agents', requireScope('agents/read'), (req, res) => {
    const query = queryOf(req);
    rejectUnknownParams(query, ['agent']);
    res.status(200).json(personOf(agentParam(query, 'agent')));
  });
  return router;
}
