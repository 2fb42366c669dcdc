/** Admins manage the credentials external tools use for the xAPI: create (secret shown once), list, revoke. */
import { Router } from 'express';
import { z } from 'zod';
import { SCOPES, type Lrs } from '../../lrs/index.js';
import { requireRole } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';

export const createLrsClientSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  scopes: z.array(z.enum(SCOPES)).min(1, 'at least one scope is required'),
});

export function createLrsClientRouter(lrs: Lrs): Router {
  const router = Router();
  router.use('/api/lrs/clients', ...jsonBody('16kb'));

  router.get('/api/lrs/clients', requireRole('admin'), async (_req, res) => {
    res.json({ items: await lrs.credentials.list() });
  });

  router.post('/api/lrs/clients', requireRole('admin'), async (req, res) => {
    const input = parseInput(createLrsClientSchema, req.body);
    const { client, secret } = await lrs.credentials.create(input);
    res.status(201).json({ ...client, secret });
  });

  router.delete('/api/lrs/clients/:key', requireRole('admin'), async (req, res) => {
    await lrs.credentials.revoke(String(req.params.key));
    res.status(204).end();
  });

  return router;
}
