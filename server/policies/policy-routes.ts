/** Policy API: HR and admins publish versions and see who signed; everyone signs what they must. */
import { Router } from 'express';
import { requireRole, requireUser } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import { hasRole } from '../people/user-service.js';
import { acknowledgeSchema, createPolicySchema, newVersionSchema } from './policy-schema.js';
import type { PolicyService } from './policy-service.js';

export function createPolicyRouter(policies: PolicyService): Router {
  const router = Router();
  router.use('/api/policies', ...jsonBody());

  router.get('/api/policies', requireRole('hr', 'admin'), async (_req, res) => {
    res.json({ items: await policies.list(true) });
  });
  router.post('/api/policies', requireRole('hr', 'admin'), async (req, res) => {
    res.status(201).json(await policies.create(parseInput(createPolicySchema, req.body), req.user!.id));
  });
  // Anyone signed in reads a policy; the quiz's answers only reach HR and admins.
  router.get('/api/policies/:id', requireUser, async (req, res) => {
    res.json(await policies.get(String(req.params.id), hasRole(req.user, 'hr', 'admin')));
  });
  router.post('/api/policies/:id/versions', requireRole('hr', 'admin'), async (req, res) => {
    res.status(201).json(await policies.publishVersion(String(req.params.id), parseInput(newVersionSchema, req.body), req.user!.id));
  });
  router.get('/api/policies/:id/signatures', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await policies.signatures(String(req.params.id)));
  });
  // A person signs for themselves only: the signer is the session's user.
  router.post('/api/policies/:id/acknowledgements', requireUser, async (req, res) => {
    const input = parseInput(acknowledgeSchema, req.body);
    res.status(201).json(await policies.acknowledge(req.user!, String(req.params.id), input));
  });
  return router;
}
