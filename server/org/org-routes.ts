/**
 * `GET /api/org` (lists for forms and filters); HR manages a list: `PUT /api/org/:kind`
 * (the whole list), `POST /api/org/:kind` (add one), `POST /api/org/:kind/rename`
 * (carries through people and rules), `DELETE /api/org/:kind/:name` (only when unused).
 */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import { ORG_KINDS, type OrgService } from './org-service.js';

const name = z.string().trim().min(1, 'is required').max(200);
const value = z.object({ name, levels: z.array(z.string().trim().min(1).max(50)).max(20).optional() }).strict();
const listSchema = z
  .object({ values: z.array(value).max(2000).refine((v) => new Set(v.map((x) => x.name)).size === v.length, 'names must be unique') })
  .strict();
const renameSchema = z.object({ from: name, to: name }).strict();

export function createOrgRouter(org: OrgService): Router {
  const router = Router();
  router.use('/api/org', ...jsonBody());
  const hr = requireRole('hr', 'admin');
  const kindOf = (k: unknown) => parseInput(z.enum(ORG_KINDS), k, 'kind');
  router.get('/api/org', requireRole('hr', 'admin', 'manager'), async (_req, res) => res.json(await org.lists()));
  router.put('/api/org/:kind', hr, async (req, res) => {
    const kind = kindOf(req.params.kind);
    res.json({ items: await org.setList(kind, parseInput(listSchema, req.body).values) });
  });
  router.post('/api/org/:kind', hr, async (req, res) => {
    const kind = kindOf(req.params.kind);
    res.status(201).json(await org.add(kind, parseInput(value, req.body)));
  });
  router.post('/api/org/:kind/rename', hr, async (req, res) => {
    const kind = kindOf(req.params.kind);
    const input = parseInput(renameSchema, req.body);
    res.json(await org.rename(kind, input.from, input.to));
  });
  router.delete('/api/org/:kind/:name', hr, async (req, res) => {
    const kind = kindOf(req.params.kind);
    await org.remove(kind, parseInput(name, req.params.name, 'name'));
    res.status(204).end();
  });
  return router;
}
