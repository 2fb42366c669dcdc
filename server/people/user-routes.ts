/** People API: thin routes over the people, access and profile services. */
import { Router } from 'express';
import { ForbiddenError, NotFoundError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import { requireRole, requireUser } from '../auth/require-role.js';
import type { OrgService } from '../org/org-service.js';
import type { PeopleAccess } from './people-access.js';
import { hasRole, type PeopleService, type User } from './user-service.js';
import { bulkActionSchema, changePasswordSchema, createUserSchema, listUsersSchema, updateUserSchema } from './user-schema.js';

export interface UserRouterDeps {
  people: PeopleService;
  access: PeopleAccess;
  /** Setting passwords (with the sessions and sign-in slow-downs that go with it). */
  passwords: {
    changeOwn(actor: { id: string; roles: User['roles'] }, sessionId: string, currentPassword: string | undefined, password: string, field?: string): Promise<void>;
    setPasswordFor(id: string, password: string, field?: string): Promise<unknown>;
  };
  /** A person's page (compliance builds it: server/compliance/person-profile.ts); null when there is no such person. */
  profiles: { get(id: string): Promise<object | null> };
  /** A department, location or job role HR sets that is not on the managed lists joins them. */
  org?: Pick<OrgService, 'adopt'>;
}

export function createUserRouter({ people, access, passwords, profiles, org }: UserRouterDeps): Router {
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
    const created = await people.create(input, req.user);
    await org?.adopt(input);
    res.status(201).json(created);
  });

  router.post('/api/users/bulk', requireRole('hr', 'admin'), async (req, res) => {
    const input = parseInput(bulkActionSchema, req.body);
    const done =
      input.action === 'deactivate'
        ? await access.deactivate(input.ids, req.user!)
        : input.action === 'reactivate'
          ? await access.reactivate(input.ids, req.user!)
          : await access.setManager(input.ids, input.managerId, req.user!);
    res.json({ updated: done.length, items: done });
  });

  router.get('/api/users/:id', requireUser, async (req, res) => {
    const id = String(req.params.id);
    if (!(await people.canView(req.user!, id))) throw new NotFoundError('Person');
    const user = await people.get(id);
    if (!user) throw new NotFoundError('Person');
    res.json(user);
  });

  router.get('/api/users/:id/profile', requireUser, async (req, res) => {
    const id = String(req.params.id);
    if (!(await people.canView(req.user!, id))) throw new NotFoundError('Person');
    const profile = await profiles.get(id);
    if (!profile) throw new NotFoundError('Person');
    res.json(profile);
  });

  router.patch('/api/users/:id', requireRole('hr', 'admin'), async (req, res) => {
    const id = String(req.params.id);
    const { active, ...patch } = parseInput(updateUserSchema, req.body);
    let user = Object.keys(patch).length || active === undefined ? await people.update(id, patch, req.user!) : null;
    // Deactivation ends sessions and launch tokens: it goes through the access service.
    if (active === false) user = (await access.deactivate([id], req.user!))[0]!;
    if (active === true) user = (await access.reactivate([id], req.user!))[0]!;
    await org?.adopt(patch);
    res.json(user);
  });

  router.post('/api/users/:id/deactivate', requireRole('hr', 'admin'), async (req, res) => {
    res.json((await access.deactivate([String(req.params.id)], req.user!))[0]);
  });

  router.post('/api/users/:id/reactivate', requireRole('hr', 'admin'), async (req, res) => {
    res.json((await access.reactivate([String(req.params.id)], req.user!))[0]);
  });

  router.post('/api/users/:id/password', requireUser, async (req, res) => {
    const id = String(req.params.id);
    const input = parseInput(changePasswordSchema, req.body);
    if (id === req.user!.id) {
      // A changed password ends the person's other sessions (a stolen one among them).
      await passwords.changeOwn(req.user!, req.sessionID, input.currentPassword, input.newPassword, 'newPassword');
    } else if (hasRole(req.user, 'admin')) {
      await passwords.setPasswordFor(id, input.newPassword, 'newPassword');
    } else {
      throw new ForbiddenError('Only an admin can set another person’s password');
    }
    res.status(204).end();
  });

  return router;
}
