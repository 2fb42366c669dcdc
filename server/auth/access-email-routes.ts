/** `/api/settings/access-emails`: the invitation and reset templates and the company name; admins. */
import { Router } from 'express';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import { PLACEHOLDERS, PRODUCT_NAME, accessEmailSettingsSchema, type AccessEmailSettingsStore } from './access-emails.js';
import { requireRole } from './require-role.js';

export function createAccessEmailRouter(emails: AccessEmailSettingsStore): Router {
  const router = Router();
  router.use('/api/settings/access-emails', ...jsonBody('64kb'));
  const view = async () => ({ ...(await emails.get()), product: PRODUCT_NAME, placeholders: PLACEHOLDERS });

  router.get('/api/settings/access-emails', requireRole('admin'), async (_req, res) => {
    res.json(await view());
  });

  router.put('/api/settings/access-emails', requireRole('admin'), async (req, res) => {
    await emails.save(parseInput(accessEmailSettingsSchema, req.body));
    res.json(await view());
  });

  return router;
}
