/** Assignment rules API (HR and admins), and each person's own assignments. */
import { Router } from 'express';
import { requireRole, requireUser } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { StoreDb } from '../store/types.js';
import { assignmentsForPerson } from './assignment-store.js';
import type { RuleService } from './rule-service.js';
import { previewSchema, ruleInputSchema, rulePatchSchema } from './rule-schema.js';

export function createRuleRouter(rules: RuleService, db: StoreDb): Router {
  const router = Router();
  router.use('/api/assignment-rules', ...jsonBody());
  const hr = requireRole('hr', 'admin');

  router.get('/api/assignment-rules', hr, async (_req, res) => res.json({ items: await rules.list() }));
  router.post('/api/assignment-rules/preview', hr, async (req, res) => {
    const input = parseInput(previewSchema, req.body);
    res.json(await rules.preview(input.criteria, input.limit));
  });
  router.post('/api/assignment-rules', hr, async (req, res) => {
    res.status(201).json(await rules.create(parseInput(ruleInputSchema, req.body), req.user!.id));
  });
  router.get('/api/assignment-rules/:id', hr, async (req, res) => res.json(await rules.get(String(req.params.id))));
  router.patch('/api/assignment-rules/:id', hr, async (req, res) => {
    res.json(await rules.update(String(req.params.id), parseInput(rulePatchSchema, req.body)));
  });
  router.delete('/api/assignment-rules/:id', hr, async (req, res) => {
    await rules.remove(String(req.params.id));
    res.status(204).end();
  });

  router.get('/api/assignments/me', requireUser, async (req, res) => {
    const items = await assignmentsForPerson(db, req.user!.id);
    res.json({ items: items.map(({ _id, ...a }) => ({ id: _id, ...a })) });
  });
  return router;
}
