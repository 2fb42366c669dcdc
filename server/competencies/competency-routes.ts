/** Competency API: HR and admins manage frameworks; managers rate their team; everyone reads their own. */
import { Router } from 'express';
import { requireRole, requireUser } from '../auth/require-role.js';
import { NotFoundError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { PeopleService } from '../people/user-service.js';
import { frameworkInputSchema, ratingInputSchema } from './competency-schema.js';
import type { CompetencyService } from './competency-service.js';

export function createCompetencyRouter(competencies: CompetencyService, people: PeopleService): Router {
  const router = Router();
  router.use(['/api/competency-frameworks', '/api/users/:id/competency-ratings'], ...jsonBody());

  // Frameworks are read by everyone signed in: people see what each level means.
  router.get('/api/competency-frameworks', requireUser, async (_req, res) => {
    res.json({ items: await competencies.list() });
  });
  router.get('/api/competency-frameworks/:id', requireUser, async (req, res) => {
    res.json(await competencies.get(String(req.params.id)));
  });
  router.post('/api/competency-frameworks', requireRole('hr', 'admin'), async (req, res) => {
    res.status(201).json(await competencies.create(parseInput(frameworkInputSchema, req.body)));
  });
  router.put('/api/competency-frameworks/:id', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await competencies.update(String(req.params.id), parseInput(frameworkInputSchema, req.body)));
  });
  router.delete('/api/competency-frameworks/:id', requireRole('hr', 'admin'), async (req, res) => {
    await competencies.remove(String(req.params.id));
    res.status(204).end();
  });

  router.get('/api/me/competencies', requireUser, async (req, res) => {
    res.json(await competencies.forPerson(req.user!.id));
  });
  // Self, anyone up the manager chain, HR and admins; others get 404 (no hint the person exists).
  router.get('/api/users/:id/competencies', requireUser, async (req, res) => {
    const id = String(req.params.id);
    if (!(await people.canView(req.user!, id))) throw new NotFoundError('Person');
    res.json(await competencies.forPerson(id));
  });
  router.post('/api/users/:id/competency-ratings', requireRole('manager', 'hr', 'admin'), async (req, res) => {
    const input = parseInput(ratingInputSchema, req.body);
    res.status(201).json(await competencies.rate(req.user!, String(req.params.id), input));
  });
  return router;
}
