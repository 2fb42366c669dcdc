/** `/api/sso/admin/*`: the SSO screen's API (admin only). Thin: rules in provider-admin.ts. */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { UserModel } from '../people/user-model.js';
import { createProviderAdmin, newProviderSchema, providerInputSchema, settingsSchema } from './provider-admin.js';
import type { Sso } from './sso-service.js';

const metadataSchema = z.object({ metadataXml: z.string().max(500_000).optional(), metadataUrl: z.string().url().optional() });

export function createSsoAdminRouter(sso: Sso, users: UserModel, publicUrl: string): Router {
  const admin = createProviderAdmin(sso, users, publicUrl);
  const router = Router();
  router.use('/api/sso/admin', requireRole('admin'), ...jsonBody('1mb'));

  router.get('/api/sso/admin', async (_req, res) => {
    res.json(await admin.overview());
  });

  router.post('/api/sso/admin/providers', async (req, res) => {
    const { id } = parseInput(newProviderSchema, { id: (req.body as { id?: unknown } | undefined)?.id });
    res.status(201).json(await admin.create(id, parseInput(providerInputSchema, req.body)));
  });

  router.put('/api/sso/admin/providers/:id', async (req, res) => {
    res.json(await admin.update(String(req.params.id), parseInput(providerInputSchema, req.body)));
  });

  router.post('/api/sso/admin/idp-metadata', async (req, res) => {
    res.json(await admin.readMetadata(parseInput(metadataSchema, req.body)));
  });

  router.put('/api/sso/admin/settings', async (req, res) => {
    res.json(await admin.saveSettings(parseInput(settingsSchema, req.body)));
  });

  return router;
}
