/**
 * Launch API: start or resume a course, open another SCO of an attempt, CMI commits from
 * the player, an attempt's record, and the courses list with the learner's status.
 * A person launches what the launch gate allows them (assigned, enrolled, offered in the
 * catalogue, or previewing); attempts are only ever their owner's (HR and admins may read them).
 */
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { requireUser } from '../auth/require-role.js';
import { ForbiddenError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { ExternalLaunchDeps } from './external-launchers.js';
import type { LaunchGate } from './launch-gate.js';
import type { LaunchService } from './launch-service.js';

const launchSchema = z.strictObject({
  packageId: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a package id'),
  itemId: z.string().min(1).max(2000).optional(),
});
// No itemId and no request: the SCO the course's sequencing chose when the last one ended.
const sessionSchema = z.strictObject({ itemId: z.string().min(1).max(2000).optional(), request: z.enum(['continue', 'previous']).optional() });
const attemptId = (v: unknown) => String(v);

export function createLaunchRouter(
  launch: LaunchService,
  deps: ExternalLaunchDeps,
  verifyBodyToken: (req: Request, token: unknown) => boolean,
  gate: LaunchGate,
): Router {
  const router = Router();

  router.get('/api/courses', requireUser, async (req, res) => {
    res.json({ items: await launch.courses(req.user!, await gate.launchable(req.user!)) });
  });

  router.post('/api/launches', requireUser, ...jsonBody('4kb'), async (req, res) => {
    const input = parseInput(launchSchema, req.body);
    await gate.assertMayLaunch(req.user!, input.packageId);
    const returnUrl = `${deps.publicUrl}/#/courses`;
    res.status(201).json(await launch.launch(req.user!, input, returnUrl, deps));
  });

  router.post('/api/attempts/:id/sessions', requireUser, ...jsonBody('4kb'), async (req, res) => {
    const input = parseInput(sessionSchema, req.body);
    const answer = await launch.startSession(req.user!, attemptId(req.params.id), input);
    res.status(answer.scorm ? 201 : 200).json(answer);
  });

  // A SCORM 2004 SCO may hold 64,000 characters of suspend_data plus interactions.
  router.post('/api/attempts/:id/cmi', requireUser, ...jsonBody('2mb'), async (req, res) => {
    res.json(await launch.commit(req.user!, attemptId(req.params.id), req.body));
  });

  // The same commit sent by navigator.sendBeacon as the page goes away: no headers, so the
  // session's CSRF token comes in the body (the global check skips this path only). Browsers
  // refuse beacons of non-CORS-safelisted types, so the JSON comes as text/plain too.
  router.post('/api/attempts/:id/cmi/beacon', requireUser, express.json({ limit: '2mb', strict: true, type: ['application/json', 'text/plain'] }), async (req, res) => {
    const { csrfToken, ...commit } = (req.body ?? {}) as Record<string, unknown>;
    if (!verifyBodyToken(req, csrfToken)) throw new ForbiddenError('csrfToken: missing or not this session’s');
    res.json(await launch.commit(req.user!, attemptId(req.params.id), commit));
  });

  router.get('/api/attempts/:id', requireUser, async (req, res) => {
    res.json(await launch.getAttempt(req.user!, attemptId(req.params.id)));
  });

  return router;
}
