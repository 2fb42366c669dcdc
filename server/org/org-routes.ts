/** `GET /api/org` (lists for forms and filters) and `PUT /api/org/:kind` (HR manages a list). */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import { ORG_KINDS, type OrgService } from './org-service.js';

const listSchema = z
  .object({
    values: z
      .array(z.object({ name: z.string().trim().min(1).max(200), levels: z.array(z.string().trim().min(1).max(50)).max(20).optional() }).strict())
      .max(2000)
      .refine((v) => new Set(v.map((x) => x.name)).size === v.length, 'names must be unique'),
  })
  .strict();

export function createOrgRouter(org: OrgService): Router {
  const router = Router();
  router.use('/api/org', ...jsonBody());
  router.get('/api/org', requireRole('hr', 'admin', 'manager'), async (_req, res) => res.json(await org.lists()));
  router.put('/api/org/:kind', requireRole('hr', 'admin'), async (req, res) => {
    const kind = parseInput(z.enum(ORG_KINDS), req.params.kind, 'kind');
    res.json({ items: await org.setList(kind, parseInput(listSchema, req.body).values) });
  });
  return router;
}
