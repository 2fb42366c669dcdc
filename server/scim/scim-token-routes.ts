/** Admins create (token shown once), list and revoke SCIM bearer tokens. */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { ScimTokens } from './scim-tokens.js';

export const createScimTokenSchema = z.object({ name: z.string().trim().min(1, 'is required').max(100) });

export function createScimTokenRouter(tokens: ScimTokens): Router {
  const router = Router();
  router.use('/api/scim/tokens', ...jsonBody('16kb'));

  router.get('/api/scim/tokens', requireRole('admin'), async (_req, res) => {
    res.json({ items: await tokens.list() });
  });

  router.post('/api/scim/tokens', requireRole('admin'), async (req, res) => {
    const { name } = parseInput(createScimTokenSchema, req.body);
    const { token, record } = await tokens.create(name, req.user!.id);
    res.status(201).json({ ...record, token });
  });

  router.delete('/api/scim/tokens/:id', requireRole('admin'), async (req, res) => {
    await tokens.revoke(String(req.params.id), req.user!.id);
    res.status(204).end();
  });

  return router;
}
