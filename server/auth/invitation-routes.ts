/** Invitations: one person, or several (the directory's bulk action); HR and admins. */
import { Router } from 'express';
import { z } from 'zod';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { AccessService } from './access-service.js';
import { requireRole } from './require-role.js';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a person id');
const bulkSchema = z.object({ ids: z.array(objectId).min(1, 'name at least one person').max(1000) }).strict();

export function createInvitationRouter(access: AccessService): Router {
  const router = Router();

  router.post('/api/users/invitations', requireRole('hr', 'admin'), ...jsonBody(), async (req, res) => {
    const { ids } = parseInput(bulkSchema, req.body);
    res.json(await access.inviteMany(ids));
  });

  router.post('/api/users/:id/invitation', requireRole('hr', 'admin'), async (req, res) => {
    const id = parseInput(objectId, req.params.id, 'id');
    res.status(201).json(await access.invite(id));
  });

  return router;
}
