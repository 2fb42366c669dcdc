/** Admins manage the credentials external tools use for the xAPI: create (secret shown once), list, revoke. */
import { Router } from 'express';
import { z } from 'zod';
import { SCOPES, type Lrs } from '../../lrs/index.js';
import { requireRole } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import { NotFoundError } from '../http/errors.js';
import type { CertificationAllowances } from './certification-allowances.js';

export const createLrsClientSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  scopes: z.array(z.enum(SCOPES)).min(1, 'at least one scope is required'),
});

export const certifiesSchema = z.object({
  activityIds: z.array(z.string().trim().regex(/^[a-z][a-z0-9+.-]*:\S+$/i, 'must be an absolute IRI').max(2000)).max(1000),
});

export function createLrsClientRouter(lrs: Lrs, allowances: CertificationAllowances): Router {
  const router = Router();
  router.use('/api/lrs/clients', ...jsonBody('256kb'));

  // HR reads the list too: it decides which client may certify what (no secrets in it).
  router.get('/api/lrs/clients', requireRole('admin', 'hr'), async (_req, res) => {
    const certifies = await allowances.all();
    res.json({ items: (await lrs.credentials.list()).map((c) => ({ ...c, certifies: [...(certifies.get(c.key) ?? [])].sort() })) });
  });

  // Which activities this client's completions count for (HR's decision; an empty list withdraws it).
  router.put('/api/lrs/clients/:key/certifies', requireRole('admin', 'hr'), async (req, res) => {
    const input = parseInput(certifiesSchema, req.body);
    const key = String(req.params.key);
    if (!(await lrs.credentials.list()).some((c) => c.key === key)) throw new NotFoundError(`LRS client ${key}`);
    res.json({ key, certifies: await allowances.set(key, input.activityIds, req.user!.id) });
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
