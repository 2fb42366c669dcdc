/** Notifications: each person reads and marks their own; HR and admins read the outbox. */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole, requireUser } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { NotificationService } from './notification-service.js';

const listSchema = z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
const readSchema = z.object({ ids: z.array(z.string().min(1).max(100)).max(500).optional() }).strict();
const outboxSchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) });

export function createNotificationRouter(notifications: NotificationService): Router {
  const router = Router();
  router.use('/api/notifications', ...jsonBody());

  router.get('/api/notifications', requireUser, async (req, res) => {
    const q = parseInput(listSchema, req.query, 'query');
    res.json(await notifications.list(req.user!.id, { unreadOnly: q.unread === 'true', limit: q.limit }));
  });

  router.post('/api/notifications/read', requireUser, async (req, res) => {
    const input = parseInput(readSchema, req.body);
    res.json({ marked: await notifications.markRead(req.user!.id, input.ids) });
  });

  router.get('/api/outbox', requireRole('hr', 'admin'), async (req, res) => {
    res.json(await notifications.outbox(parseInput(outboxSchema, req.query, 'query')));
  });
  return router;
}
