/** Learning paths API: HR and admins build, validate and enrol; people read their own learning. */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole, requireUser } from '../auth/require-role.js';
import { NotFoundError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { PeopleService } from '../people/user-service.js';
import type { LearningServices } from './learning-services.js';
import { enrolSchema, pathInputSchema } from './path-schema.js';

const validateSchema = pathInputSchema.extend({ id: z.string().optional() });
const listEnrolmentsSchema = z.object({ targetType: z.enum(['path', 'policy']), targetId: z.string().min(1) });

export function createPathRouter(learning: LearningServices, people: PeopleService): Router {
  const { paths, enrolments, policies, myLearning } = learning;
  const router = Router();
  router.use(['/api/paths', '/api/enrolments'], ...jsonBody());

  router.get('/api/paths', requireRole('hr', 'admin'), async (_req, res) => {
    res.json({ items: await paths.list() });
  });
  router.post('/api/paths', requireRole('hr', 'admin'), async (req, res) => {
    res.status(201).json(await paths.create(parseInput(pathInputSchema, req.body), req.user!.id));
  });
  router.post('/api/paths/validate', requireRole('hr', 'admin'), async (req, res) => {
    const { id, ...input } = parseInput(validateSchema, req.body);
    res.json(await paths.validate(input, id));
  });
  router.get('/api/paths/:id', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await paths.get(String(req.params.id)));
  });
  router.get('/api/paths/:id/people', requireRole('hr', 'admin'), async (req, res) => {
    res.json({ items: await paths.peopleOn(String(req.params.id)) });
  });
  router.put('/api/paths/:id', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await paths.update(String(req.params.id), parseInput(pathInputSchema, req.body), req.user!.id));
  });

  router.delete('/api/paths/:id', requireRole('hr', 'admin'), async (req, res) => {
    await paths.remove(String(req.params.id));
    res.status(204).end();
  });

  router.post('/api/enrolments', requireRole('hr', 'admin'), async (req, res) => {
    const input = parseInput(enrolSchema, req.body);
    const exists = (type: 'path' | 'policy', id: string) => (type === 'path' ? paths.exists(id) : policies.exists(id));
    res.status(201).json(await enrolments.enrol(input, req.user!.id, exists));
  });
  router.get('/api/enrolments', requireRole('hr', 'admin'), async (req, res) => {
    const q = parseInput(listEnrolmentsSchema, req.query, 'query');
    res.json({ items: await enrolments.list(q.targetType, q.targetId) });
  });

  router.get('/api/me/learning', requireUser, async (req, res) => {
    res.json(await myLearning.forPerson(req.user!));
  });
  // Self, anyone up the manager chain, HR and admins.
  router.get('/api/users/:id/paths/:pathId/progress', requireUser, async (req, res) => {
    const id = String(req.params.id);
    if (!(await people.canView(req.user!, id))) throw new NotFoundError('Person');
    const person = await people.get(id);
    if (!person) throw new NotFoundError('Person');
    res.json(await paths.progress(person, String(req.params.pathId)));
  });
  return router;
}
