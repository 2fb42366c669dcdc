/** People API: thin routes over the people service. */
import { Router } from 'express';
import { ForbiddenError, NotFoundError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import { requireRole, requireUser } from '../auth/require-role.js';
import type { StoreSessionStore } from '../auth/session-store.js';
import { hasRole, type PeopleService } from './user-service.js';
import { changePasswordSchema, createUserSchema, listUsersSchema, updateUserSchema } from './user-schema.js';

export function createUserRouter(people: PeopleService, sessions: StoreSessionStore): Router {
  const router = Router();
  router.use('/api/users', ...jsonBody());

  router.get('/api/users', requireRole('hr', 'admin', 'manager'), async (req, res) => {
    const query = parseInput(listUsersSchema, req.query, 'query');
    // Managers list their direct reports only; HR and admins list everyone.
    if (!hasRole(req.user, 'hr', 'admin')) query.managerId = req.user!.id;
    res.json(await people.list(query));
  });

  router.post('/api/users', requireRole('hr', 'admin'), async (req, res) => {
    const input = parseInput(createUserSchema, req.body);
    res.status(201).json(await people.create(input, req.user));
  });

  router.get('/api/users/:id', requireUser, async (req, res) => {
    const id = String(req.params.id);
    if (!(await people.canView(req.user!, id))) throw new NotFoundError('Person');
    const user = await people.get(id);
    if (!user) throw new NotFoundError('Person');
    res.json(user);
  });

  router.patch('/api/users/:id', requireRole('hr', 'admin'), async (req, res) => {
    const id = String(req.params.id);
    const patch = parseInput(updateUserSchema, req.body);
    const user = await people.update(id, patch, req.user!);
    if (patch.active === false) await sessions.destroyForUser(id);
    res.json(user);
  });

  router.post('/api/users/:id/password', requireUser, async (req, res) => {
    const id = String(req.params.id);
    const input = parseInput(changePasswordSchema, req.body);
    if (id === req.user!.id) {
      await people.changeOwnPassword(req.user!, input.currentPassword, input.newPassword);
      // A changed password ends the person's other sessions (a stolen one among them).
      await sessions.destroyForUser(id, req.sessionID);
    } else if (hasRole(req.user, 'admin')) {
      await people.setPassword(id, input.newPassword, 'newPassword');
      await sessions.destroyForUser(id);
    } else {
      throw new ForbiddenError('Only an admin can set another person’s password');
    }
    res.status(204).end();
  });

  return router;
}
