/** `POST /api/tincan/launches`: launch an xAPI (TinCan) package for the signed-in learner. */
import { Router } from 'express';
import { z } from 'zod';
import { requireUser } from '../../auth/require-role.js';
import { jsonBody } from '../../http/json-body.js';
import { parseInput } from '../../http/validate.js';
import type { ContentModels } from '../../content/package-model.js';
import { launchTincanPackage, type TincanLauncher } from './tincan-launcher.js';

const launchSchema = z.object({ packageId: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a package id'), newAttempt: z.boolean().optional() });

export function createTincanRouter(deps: { launcher: TincanLauncher; content: ContentModels }): Router {
  const router = Router();
  router.post('/api/tincan/launches', requireUser, ...jsonBody('4kb'), async (req, res) => {
    const input = parseInput(launchSchema, req.body);
    res.status(201).json(await launchTincanPackage(deps, { ...input, user: { id: req.user!.id, name: req.user!.name } }));
  });
  return router;
}
