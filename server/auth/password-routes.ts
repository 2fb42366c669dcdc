/**
 * `/api/password/*`: forgot (always 202), what a link is for, set a password from a link,
 * and change one's own password. Thin: the rules are in access-service.ts.
 */
import { Router } from 'express';
import { z } from 'zod';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import { passwordSchema } from '../people/user-schema.js';
import type { AccessService } from './access-service.js';
import { publicRoute, requireUser } from './require-role.js';
import { SsoOnlyError } from './session-routes.js';
import type { ResetThrottle } from './reset-throttle.js';

const forgotSchema = z.object({ email: z.string().trim().toLowerCase().email('must be an email address') });
const tokenSchema = z.string().trim().min(20, 'is not a valid link').max(200).regex(/^[A-Za-z0-9_-]+$/, 'is not a valid link');
const linkSchema = z.object({ token: tokenSchema });
const resetSchema = z.object({ token: tokenSchema, password: passwordSchema });
const changeSchema = z.object({ currentPassword: z.string().min(1, 'is required').max(1024), password: passwordSchema });

/**
 * `passwordAllowed`: false for people who must use single sign-on (SSO-only mode): they get
 * no reset email (the answer stays the same) and their links are refused.
 */
export function createPasswordRouter(access: AccessService, throttle: ResetThrottle, passwordAllowed: (email: string) => Promise<boolean> = async () => true): Router {
  const router = Router();
  router.use('/api/password', ...jsonBody('16kb'));

  router.post('/api/password/forgot', publicRoute, async (req, res) => {
    const { email } = parseInput(forgotSchema, req.body);
    await throttle.take(email, req.ip ?? '');
    if (await passwordAllowed(email)) await access.forgot(email);
    // The same answer whether or not anyone has this email.
    res.status(202).json({ message: 'If an account uses this email, a link to reset its password is on its way.' });
  });

  router.post('/api/password/token', publicRoute, async (req, res) => {
    const { token } = parseInput(linkSchema, req.body);
    const link = await access.describeLink(token);
    if (!(await passwordAllowed(link.email))) throw new SsoOnlyError();
    res.json(link);
  });

  router.post('/api/password/reset', publicRoute, async (req, res) => {
    const { token, password } = parseInput(resetSchema, req.body);
    if (!(await passwordAllowed((await access.describeLink(token)).email))) throw new SsoOnlyError();
    res.json(await access.setPasswordFromLink(token, password));
  });

  router.post('/api/password/change', requireUser, async (req, res) => {
    const { currentPassword, password } = parseInput(changeSchema, req.body);
    if (!(await passwordAllowed(req.user!.email))) throw new SsoOnlyError();
    await access.changeOwn(req.user!, req.sessionID, currentPassword, password);
    res.status(204).end();
  });

  return router;
}
