/**
 * People: the domain rules over plain data. No `req`/`res` here; callers pass the acting
 * user so permission rules that depend on data (who may grant admin, who may see whom)
 * live with the data.
 */
import { managerChainOf } from '../org/person-facts.js';
import { Types } from 'mongoose';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../auth/password.js';
import { assertPasswordPolicy } from '../auth/password-policy.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../http/errors.js';
import { isDuplicateKeyError } from '../store/types.js';
import { countsAsPerson, kindFilter, signInStateOf, statusFilter, type SignInState } from './person-state.js';
import type { ManagerRole, Role } from './roles.js';
import type { UserDoc, UserModel } from './user-model.js';
import type { CreateUserInput, ListUsersQuery, UpdateUserInput } from './user-schema.js';

/** A person as the rest of the system sees them: no password hash, ids as strings. */
export interface User {
  id: string;
  email: string;
  name: string;
  /** What permissions follow: the roles HR gave plus `manager` for someone with direct reports. */
  roles: Role[];
  /** The roles HR gave (what an edit form shows and saves). */
  assignedRoles: Role[];
  department?: string;
  location?: string;
  jobRole?: string;
  jobLevel?: string;
  managerId?: string;
  hireDate?: string;
  employeeId?: string;
  active: boolean;
  /** When the last invitation went out, and where it stands (expired: not accepted in time). */
  invitedAt?: string;
  invitation?: InvitationState;
  lastSignInAt?: string;
  isPerson: boolean;
  managerRole: ManagerRole;
  signInState: SignInState;
  deactivatedAt?: string;
  createdAt: string;
  updatedAt: string;
}

export type InvitationState = 'pending' | 'accepted' | 'expired';

export type Actor = Pick<User, 'id' | 'roles'>;

export function invitationState(doc: Pick<UserDoc, 'invitedAt' | 'invitationExpiresAt' | 'invitationAcceptedAt'>, now: Date): InvitationState | undefined {
  if (doc.invitationAcceptedAt) return 'accepted';
  if (!doc.invitedAt) return undefined;
  return doc.invitationExpiresAt && doc.invitationExpiresAt > now ? 'pending' : 'expired';
}

export function toUser(doc: UserDoc, now: Date = new Date()): User {
  const user: User = {
    id: doc._id.toHexString(),
    email: doc.email,
    name: doc.name,
    roles: [...doc.roles],
    assignedRoles: [...doc.roles],
    active: doc.active,
    isPerson: countsAsPerson(doc),
    managerRole: doc.managerRole ?? 'auto',
    signInState: signInStateOf(doc),
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
  for (const k of ['department', 'location', 'jobRole', 'jobLevel', 'employeeId'] as const) if (doc[k]) user[k] = doc[k];
  if (doc.managerId) user.managerId = doc.managerId.toHexString();
  if (doc.hireDate) user.hireDate = doc.hireDate.toISOString().slice(0, 10);
  if (doc.invitedAt) user.invitedAt = new Date(doc.invitedAt).toISOString();
  const invitation = invitationState(doc, now);
  if (invitation) user.invitation = invitation;
  if (doc.lastSignInAt) user.lastSignInAt = new Date(doc.lastSignInAt).toISOString();
  if (doc.deactivatedAt) user.deactivatedAt = new Date(doc.deactivatedAt).toISOString();
  return user;
}

export function hasRole(actor: Pick<User, 'roles'> | undefined, ...roles: Role[]): boolean {
  return !!actor && actor.roles.some((r) => roles.includes(r));
}

export interface PeopleService {
  create(input: CreateUserInput, actor?: Actor): Promise<User>;
  update(id: string, patch: UpdateUserInput, actor: Actor): Promise<User>;
  get(id: string): Promise<User | null>;
  list(query: ListUsersQuery): Promise<{ items: User[]; total: number }>;
  count(): Promise<number>;
  /** Several people by id, in no order (bulk actions, a person's reports and chain). */
  getMany(ids: string[]): Promise<User[]>;
  /** Throws 400 naming the person when `managerId` may not manage each of `ids` (a cycle, or themselves). */
  assertMayManage(managerId: string, ids: string[]): Promise<void>;
  canView(actor: Actor, targetId: string): Promise<boolean>;
  verifyCredentials(email: string, password: string): Promise<User | null>;
  /** Set a password (the policy applies; a refusal names `field`). */
  setPassword(id: string, password: string, field?: string): Promise<void>;
  changeOwnPassword(actor: Actor, currentPassword: string | undefined, newPassword: string, field?: string): Promise<void>;
  /** Create the admin, or reset the password and re-activate an existing account with that email. */
  upsertAdmin(input: { email: string; password: string; name?: string; grantAdmin?: boolean }): Promise<{ user: User; created: boolean }>;
  /** A successful browser sign-in (the directory's sign-in state reads it). */
  recordSignIn(id: string, at: Date): Promise<void>;
}

/** Fields whose change can change what a person is assigned (see server/assignments). */
export const ASSIGNMENT_FIELDS = ['roles', 'department', 'location', 'jobRole', 'jobLevel', 'managerId', 'hireDate', 'active', 'isPerson'] as const;

export interface PeopleHooks {
  /** After a person is created or one of ASSIGNMENT_FIELDS changed. */
  changed?(personId: string, fields: string[]): Promise<void>;
}

export function createPeopleService(users: UserModel, hooks: PeopleHooks = {}): PeopleService {
  /**
   * Someone with active direct reports gets the manager view without HR adding the role,
   * unless their record says `managerRole: 'never'`. One query for a whole page.
   */
  async function withManagerView<T extends User>(list: T[]): Promise<T[]> {
    const candidates = list.filter((u) => u.active && u.managerRole !== 'never' && !u.roles.includes('manager'));
    if (!candidates.length) return list;
    const reports = await users
      .find({ managerId: { $in: candidates.map((u) => new Types.ObjectId(u.id)) }, active: true }, { managerId: 1 })
      .lean<Array<{ managerId: Types.ObjectId }>>()
      .exec();
    const managers = new Set(reports.map((r) => r.managerId.toHexString()));
    for (const u of candidates) if (managers.has(u.id)) u.roles = [...u.roles, 'manager'];
    return list;
  }
  const withView = async (u: User | null) => (u ? (await withManagerView([u]))[0]! : null);

  async function loadDoc(id: string): Promise<UserDoc | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    return users.findById(id).lean<UserDoc>().exec();
  }

  async function assertManager(managerId: string, forUserId?: string): Promise<void> {
    const manager = await loadDoc(managerId);
    if (!manager || !manager.active) throw new ValidationError('managerId: no active person with this id', 'managerId');
    // The new manager must not be this person, nor report (directly or not) to them.
    if (forUserId && (managerId === forUserId || (await managerChainOf(users, managerId)).includes(forUserId))) {
      throw new ValidationError('managerId: this would make a reporting cycle', 'managerId');
    }
  }

  function assertMayGrant(roles: Role[] | undefined, actor: Actor | undefined): void {
    if (roles?.includes('admin') && actor && !hasRole(actor, 'admin')) {
      throw new ForbiddenError('Only an admin can grant the admin role');
    }
  }

  function toDocFields(input: Partial<Omit<CreateUserInput, 'managerId'>> & { managerId?: string | null; active?: boolean }): Record<string, unknown> {
    const fields: Record<string, unknown> = { ...input };
    delete fields.password;
    if (input.hireDate !== undefined) fields.hireDate = new Date(input.hireDate);
    if (input.managerId !== undefined) fields.managerId = input.managerId === null ? undefined : new Types.ObjectId(input.managerId);
    return fields;
  }

  async function saveNew(fields: Record<string, unknown>): Promise<UserDoc> {
    try {
      const created = await users.create(fields);
      return created.toObject() as UserDoc;
    } catch (err) {
      if (isDuplicateKeyError(err)) {
        const field = Object.keys((err as { keyValue?: object }).keyValue ?? { email: 1 })[0] ?? 'email';
        throw new ConflictError(`${field}: a person with this ${field} already exists`, field);
      }
      throw err;
    }
  }

  return {
    async create(input, actor) {
      assertMayGrant(input.roles, actor);
      if (input.managerId) await assertManager(input.managerId);
      const fields = toDocFields(input);
      if (input.password) assertPasswordPolicy(input.password, input);
      fields.isPerson = input.isPerson ?? true;
      if (input.password) fields.passwordHash = await hashPassword(input.password);
      const user = toUser(await saveNew(fields));
      await hooks.changed?.(user.id, Object.keys(input));
      return user;
    },

    async update(id, patch, actor) {
      const existing = await loadDoc(id);
      if (!existing) throw new NotFoundError('Person');
      assertMayGrant(patch.roles, actor);
      if (existing.roles.includes('admin') && patch.roles && !patch.roles.includes('admin') && !hasRole(actor, 'admin')) {
        throw new ForbiddenError('Only an admin can remove the admin role');
      }
      if (patch.managerId) await assertManager(patch.managerId, id);
      const set = toDocFields(patch);
      if (patch.active === false && existing.active) set.deactivatedAt = new Date();
      const unset: Record<string, 1> = {};
      if (patch.managerId === null) {
        delete set.managerId;
        unset.managerId = 1;
      }
      try {
        const updated = await users
          .findByIdAndUpdate(id, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, { returnDocument: 'after', runValidators: true })
          .lean<UserDoc>()
          .exec();
        if (!updated) throw new NotFoundError('Person');
        const touched = ASSIGNMENT_FIELDS.filter((f) => f in patch);
        if (touched.length) await hooks.changed?.(id, touched);
        return (await withView(toUser(updated)))!;
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new ConflictError('email: a person with this email already exists', 'email');
        throw err;
      }
    },

    async get(id) {
      const doc = await loadDoc(id);
      return withView(doc ? toUser(doc) : null);
    },

    async getMany(ids) {
      const valid = ids.filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
      if (!valid.length) return [];
      return withManagerView((await users.find({ _id: { $in: valid } }).lean<UserDoc[]>().exec()).map((d) => toUser(d)));
    },

    async assertMayManage(managerId, ids) {
      const targets = new Map((await this.getMany(ids)).map((u) => [u.id, u]));
      for (const id of ids) if (!targets.has(id)) throw new ValidationError(`ids: no person with the id ${id}`, 'ids');
      const self = targets.get(managerId);
      if (self) throw new ValidationError(`managerId: ${self.name} cannot be their own manager`, 'managerId');
      const manager = await loadDoc(managerId);
      if (!manager || !manager.active) throw new ValidationError('managerId: no active person with this id', 'managerId');
      // Anyone of the selection above the new manager would close a loop.
      const above = (await managerChainOf(users, managerId)).map((id) => targets.get(id)).find((u) => u !== undefined);
      if (above) throw new ValidationError(`managerId: ${manager.name} reports to ${above.name}, so ${above.name} cannot report to ${manager.name}: that would make a reporting cycle`, 'managerId');
    },

    async list(q) {
      const filter: Record<string, unknown> = {};
      if (q.department) filter.department = q.department;
      if (q.location) filter.location = q.location;
      if (q.role) filter.roles = q.role;
      if (q.managerId) filter.managerId = new Types.ObjectId(q.managerId);
      if (q.active) filter.active = q.active === 'true';
      // A status names its own `active`, taking over from the older `active` filter.
      Object.assign(filter, kindFilter(q.kind ?? 'people'), q.status ? statusFilter(q.status) : {});
      if (q.q) {
        const re = new RegExp(q.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
        filter.$or = [{ name: re }, { email: re }, { employeeId: re }];
      }
      const [docs, total] = await Promise.all([
        users.find(filter).sort({ name: 1, _id: 1 }).skip(q.offset).limit(q.limit).lean<UserDoc[]>().exec(),
        users.countDocuments(filter).exec(),
      ]);
      return { items: await withManagerView(docs.map((d) => toUser(d))), total };
    },

    count: () => users.countDocuments({}).exec(),

    async canView(actor, targetId) {
      if (actor.id === targetId || hasRole(actor, 'hr', 'admin')) return true;
      if (!hasRole(actor, 'manager')) return false;
      // Managers see everyone below them in the reporting chain.
      return (await managerChainOf(users, targetId)).includes(actor.id);
    },

    async verifyCredentials(email, password) {
      const doc = await users.findOne({ email: email.trim().toLowerCase() }).lean<UserDoc>().exec();
      if (!doc || !doc.active || !doc.passwordHash) {
        await verifyPassword(password, await dummyPasswordHash());
        return null;
      }
      return (await verifyPassword(password, doc.passwordHash)) ? withView(toUser(doc)) : null;
    },

    async setPassword(id, password, field = 'password') {
      const doc = await loadDoc(id);
      if (!doc) throw new NotFoundError('Person');
      assertPasswordPolicy(password, doc, field);
      const res = await users.updateOne({ _id: id }, { $set: { passwordHash: await hashPassword(password) } }).exec();
      if (res.matchedCount === 0) throw new NotFoundError('Person');
    },

    async changeOwnPassword(actor, currentPassword, newPassword, field = 'newPassword') {
      const doc = await loadDoc(actor.id);
      if (!doc) throw new NotFoundError('Person');
      if (doc.passwordHash && !(await verifyPassword(currentPassword ?? '', doc.passwordHash))) {
        throw new ValidationError('currentPassword: does not match', 'currentPassword');
      }
      await this.setPassword(actor.id, newPassword, field);
    },

    async recordSignIn(id, at) {
      await users.updateOne({ _id: id }, { $set: { lastSignInAt: at } }, { timestamps: false }).exec();
    },

    async upsertAdmin({ email, password, name, grantAdmin = false }) {
      const normalized = email.trim().toLowerCase();
      const existing = await users.findOne({ email: normalized }).lean<UserDoc>().exec();
      // Making an employee an admin is a decision, not a side effect of resetting a password.
      if (existing && !existing.roles.includes('admin') && !grantAdmin) {
        throw new ConflictError(`email: ${normalized} belongs to a person who is not an admin; pass --grant-admin to make them one, or use user:password to set their password`, 'email');
      }
      assertPasswordPolicy(password, { email: normalized, name: name ?? existing?.name });
      const passwordHash = await hashPassword(password);
      if (existing) {
        const roles = existing.roles.includes('admin') ? existing.roles : [...existing.roles, 'admin' as Role];
        const updated = await users
          .findByIdAndUpdate(existing._id, { $set: { passwordHash, roles, active: true, ...(name ? { name } : {}) } }, { returnDocument: 'after' })
          .lean<UserDoc>()
          .exec();
        return { user: toUser(updated!), created: false };
      }
      // The install's admin account is not an employee: not a learner until HR marks it as one.
      const doc = await saveNew({ email: normalized, name: name ?? 'Administrator', passwordHash, roles: ['admin'], isPerson: false });
      return { user: toUser(doc), created: true };
    },
  };
}
