/** HR's email templates: read, change (placeholders checked) and reset to the default. */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import { TEMPLATE_KINDS, type EmailTemplates } from './email-templates.js';

const kindSchema = z.object({ kind: z.enum(TEMPLATE_KINDS) });
const templateSchema = z.object({
  subject: z.string().trim().min(1, 'is required').max(200),
  text: z.string().trim().min(1, 'is required').max(5000),
});

export function createEmailTemplateRouter(templates: EmailTemplates, now: () => Date): Router {
  const router = Router();
  router.use('/api/email-templates', ...jsonBody());
  router.get('/api/email-templates', requireRole('hr', 'admin'), async (_req, res) => {
    res.json({ items: await templates.list() });
  });
  router.put('/api/email-templates/:kind', requireRole('hr', 'admin'), async (req, res) => {
    const { kind } = parseInput(kindSchema, req.params, 'kind');
    await templates.save(kind, parseInput(templateSchema, req.body), req.user!.id, now());
    res.json({ items: await templates.list() });
  });
  router.delete('/api/email-templates/:kind', requireRole('hr', 'admin'), async (req, res) => {
    const { kind } = parseInput(kindSchema, req.params, 'kind');
    await templates.reset(kind);
    res.json({ items: await templates.list() });
  });
  return router;
}
