/**
 * cmi5 HTTP: the fetch URL (public: the AU calls it from the content origin, without the
 * LMS session, so it is mounted beside /xapi, outside CSRF), and the LMS API: launch an
 * AU, a learner's registrations, and waiving an AU (HR, admins).
 */
import { createHash } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { requireRole, requireUser } from '../../auth/require-role.js';
import { ForbiddenError } from '../../http/errors.js';
import { jsonBody } from '../../http/json-body.js';
import { parseInput } from '../../http/validate.js';
import { hasRole } from '../../people/user-service.js';
import type { LaunchGate } from '../launch-gate.js';
import type { Cmi5Service } from './cmi5-service.js';
import { WAIVE_REASONS } from './lms-statements.js';

/** Content on another origin calls the fetch URL: any origin, never with cookies. */
const fetchCors: RequestHandler = (req, res, next) => {
  res.set('Access-Control-Allow-Origin', req.get('origin') ?? '*');
  res.vary('Origin');
  if (req.method === 'OPTIONS') {
    res.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.set('Access-Control-Allow-Headers', req.get('access-control-request-headers') ?? 'Content-Type');
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
    return;
  }
  next();
};

/**
 * The returnURL given to AUs (LMS.LaunchData): where an AU goes after `terminated`. In the
 * player's frame it tells the player (same origin as this page) that the unit is done;
 * opened in its own window it goes back to the courses list. A script file, because the
 * LMS's Content-Security-Policy allows no inline script.
 */
export const CMI5_RETURN_PATH = '/cmi5/return';
const RETURN_CSS = 'body{font-family:system-ui,sans-serif;color:#1a2433;padding:1.5rem}';
// The page's one style block is allowed by its hash: the CSP stays free of 'unsafe-inline'.
const RETURN_CSS_HASH = `'sha256-${createHash('sha256').update(RETURN_CSS).digest('base64')}'`;
const RETURN_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unit finished · Learning Hub</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${RETURN_CSS}</style><script src="${CMI5_RETURN_PATH}.js"></script></head>
<body><p role="status">You have finished this unit.</p><p><a href="/#/courses" target="_top">Back to your courses</a></p></body></html>`;
const RETURN_JS = `(function () {
  if (window.parent !== window) window.parent.postMessage({ type: 'lms:content-returned' }, window.location.origin);
  else window.location.replace('/#/courses');
})();`;

export function createCmi5FetchRouter(cmi5: Cmi5Service): Router {
  const router = Router();
  router.get(CMI5_RETURN_PATH, (_req, res) => {
    res.set('Content-Security-Policy', `default-src 'none'; script-src 'self'; style-src ${RETURN_CSS_HASH}; frame-ancestors 'self'`);
    res.type('html').send(RETURN_HTML);
  });
  router.get(`${CMI5_RETURN_PATH}.js`, (_req, res) => {
    res.type('application/javascript').set('Cache-Control', 'no-cache').send(RETURN_JS);
  });
  router.use('/cmi5/fetch', fetchCors);
  // cmi5 8.2: POST, answered 200 with JSON, the error object included (8.2.2.0-3).
  router.post('/cmi5/fetch/:key', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    res.status(200).json(await cmi5.fetch(String(req.params.key)));
  });
  return router;
}

const launchSchema = z.object({
  packageId: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a package id'),
  auId: z.string().min(1).optional(),
  launchMode: z.enum(['Normal', 'Browse', 'Review']).optional(),
  newAttempt: z.boolean().optional(),
});
const waiveSchema = z.object({ auId: z.string().min(1), reason: z.enum(WAIVE_REASONS) });
const registrationsQuery = z.object({ userId: z.string().min(1).optional(), packageId: z.string().min(1).optional() });

export function createCmi5Router(deps: { cmi5: Cmi5Service; publicUrl: string; gate: LaunchGate }): Router {
  const router = Router();

  // A person takes what the launch gate allows them; Browse/Review are for looking without a record.
  router.post('/api/cmi5/launches', requireUser, ...jsonBody('4kb'), async (req, res) => {
    const input = parseInput(launchSchema, req.body);
    await deps.gate.assertMayLaunch(req.user!, input.packageId);
    const launch = await deps.cmi5.launchPackage({ ...input, user: { id: req.user!.id, name: req.user!.name }, returnUrl: `${deps.publicUrl}${CMI5_RETURN_PATH}` });
    res.status(201).json(launch);
  });

  // Own registrations for anyone; another person's for HR and admins.
  router.get('/api/cmi5/registrations', requireUser, async (req, res) => {
    const q = parseInput(registrationsQuery, req.query, 'query');
    const userId = q.userId ?? req.user!.id;
    if (userId !== req.user!.id && !hasRole(req.user!, 'hr', 'admin')) throw new ForbiddenError('Only HR and admins see other people’s registrations');
    res.json({ items: await deps.cmi5.registrationsOf(userId, q.packageId) });
  });

  router.post('/api/cmi5/registrations/:registration/waive', requireRole('hr', 'admin'), ...jsonBody('4kb'), async (req, res) => {
    const input = parseInput(waiveSchema, req.body);
    res.status(201).json(await deps.cmi5.waive({ registration: String(req.params.registration), ...input }));
  });

  return router;
}
