/**
 * The catalogue: `GET /api/catalogue` (what the signed-in person may enrol in),
 * `POST /api/catalogue/:packageId/enrol`; a package's self-enrolment settings:
 * `GET|PUT /api/packages/:id/self-enrolment` (authors open or close it) and
 * `PUT /api/packages/:id/self-enrolment/audience` (HR restricts it by rule criteria).
 */
import { Router } from 'express';
import { z } from 'zod';
import { criteriaSchema } from '../assignments/rule-schema.js';
import { requireRole, requireUser } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { CatalogueService } from './catalogue-service.js';

const openSchema = z.object({ open: z.boolean() }).strict();
const audienceSchema = z.object({ audience: criteriaSchema.nullable() }).strict();

export function createCatalogueRouter(catalogue: CatalogueService): Router {
  const router = Router();
  router.use(['/api/catalogue', '/api/packages/:id/self-enrolment'], ...jsonBody('16kb'));
  router.get('/api/catalogue', requireUser, async (req, res) => res.json({ items: await catalogue.listFor(req.user!.id) }));
  router.get('/api/catalogue/offers', requireRole('author', 'hr', 'admin'), async (_req, res) => res.json({ items: await catalogue.openOffers() }));
  router.post('/api/catalogue/:packageId/enrol', requireUser, async (req, res) => {
    const result = await catalogue.enrol(req.user!.id, String(req.params.packageId));
    res.status(result.created ? 201 : 200).json(result);
  });
  router.get('/api/packages/:id/self-enrolment', requireRole('author', 'hr', 'admin'), async (req, res) => res.json(await catalogue.settings(String(req.params.id))));
  router.put('/api/packages/:id/self-enrolment', requireRole('author', 'admin'), async (req, res) => {
    res.json(await catalogue.setOpen(String(req.params.id), parseInput(openSchema, req.body).open, req.user!.id));
  });
  router.put('/api/packages/:id/self-enrolment/audience', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await catalogue.setAudience(String(req.params.id), parseInput(audienceSchema, req.body).audience, req.user!.id));
  });
  return router;
}
