/**
 * How people get in: invitations (HR sends a one-time set-password link), forgotten
 * passwords (a reset link by email) and setting a password from either link. A link's
 * token is 32 random bytes; only its SHA-256 is stored, on the person, so there is one
 * live link per person: a newer invitation or reset replaces the older, and using it
 * removes it atomically (two racing uses: one wins). Setting a password ends the person's
 * sessions and starts their sign-in count afresh.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors.js';
import type { Logger } from '../logger.js';
import type { PasswordTokenDoc, UserDoc, UserModel } from '../people/user-model.js';
import type { PeopleService } from '../people/user-service.js';
import { hashPassword } from './password.js';
import { assertPasswordPolicy } from './password-policy.js';
import { renderEmail, type AccessEmailSettingsStore, type EmailKind } from './access-emails.js';
import type { LoginThrottle } from './login-throttle.js';
import type { StoreSessionStore } from './session-store.js';

export interface AccessDeps {
  users: UserModel;
  people: PeopleService;
  /** Sends the access emails (server/notifications/mailer.ts, handed in by runtime.ts). */
  mailer: { send(email: { to: string; subject: string; text: string }): Promise<unknown> };
  emails: AccessEmailSettingsStore;
  sessions: StoreSessionStore;
  throttle: LoginThrottle;
  publicUrl: string;
  inviteTtlMs: number;
  resetTtlMs: number;
  now: () => Date;
  logger: Logger;
}

export interface SentInvitation {
  id: string;
  email: string;
  invitedAt: string;
  expiresAt: string;
}

export interface BulkInvitationResult {
  invited: SentInvitation[];
  skipped: Array<{ id: string; reason: string }>;
}

export const INVALID_LINK = 'This link no longer works: it has been used, it has expired, or a newer one was sent. Ask for a new one.';

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The portal page that takes the token (served by the portal router; see lms-app.ts). */
export function setPasswordLink(publicUrl: string, token: string): string {
  return `${publicUrl}/set-password?token=${token}`;
}

export function createAccessService(deps: AccessDeps) {
  const { users } = deps;

  /**
   * Give the person a new live link (replacing any older one) and email it. An invitation
   * also records when it was sent and until when it holds (a later reset link replaces the
   * live token, not the invitation's own dates).
   */
  async function issueLink(doc: UserDoc, purpose: PasswordTokenDoc['purpose'], ttlMs: number): Promise<{ issuedAt: Date; expiresAt: Date; send: Promise<void> }> {
    const token = randomBytes(32).toString('base64url');
    const issuedAt = deps.now();
    const expiresAt = new Date(issuedAt.getTime() + ttlMs);
    const passwordToken: PasswordTokenDoc = { hash: hashToken(token), purpose, expiresAt };
    const invitation = purpose === 'invitation' ? { invitedAt: issuedAt, invitationExpiresAt: expiresAt } : {};
    await users.updateOne({ _id: doc._id }, { $set: { passwordToken, ...invitation } }).exec();
    const kind: EmailKind = purpose === 'invitation' ? 'invitation' : 'reset';
    const settings = await deps.emails.get();
    const email = renderEmail(settings.templates[kind], { name: doc.name, link: setPasswordLink(deps.publicUrl, token), company: settings.company, expires: expiresAt });
    const send = deps.mailer.send({ to: doc.email, subject: email.subject, text: email.body }).then(() => {});
    return { issuedAt, expiresAt, send };
  }

  async function inviteDoc(doc: UserDoc): Promise<SentInvitation> {
    const { issuedAt, expiresAt, send } = await issueLink(doc, 'invitation', deps.inviteTtlMs);
    await send;
    return { id: doc._id.toHexString(), email: doc.email, invitedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString() };
  }

  function whyNotInvite(doc: UserDoc | null): string | null {
    if (!doc) return 'no such person';
    if (!doc.active) return 'deactivated';
    if (doc.invitationAcceptedAt) return 'already accepted (they can use “Forgot password”)';
    return null;
  }

  async function loadByIds(ids: string[]): Promise<Map<string, UserDoc>> {
    const valid = ids.filter((id) => /^[0-9a-f]{24}$/i.test(id));
    const docs = await users.find({ _id: { $in: valid } }).lean<UserDoc[]>().exec();
    return new Map(docs.map((d) => [d._id.toHexString(), d]));
  }

  /** The person whose live link this is, or a 400 naming `token`. */
  async function holderOf(token: string): Promise<UserDoc> {
    const doc = await users.findOne({ 'passwordToken.hash': hashToken(token) }).lean<UserDoc>().exec();
    if (!doc || !doc.active || !doc.passwordToken || doc.passwordToken.expiresAt <= deps.now()) throw new ValidationError(`token: ${INVALID_LINK}`, 'token');
    return doc;
  }

  const service = {
    /** Invite one person (or invite again): 404 for nobody, 409 when they cannot be invited. */
    async invite(id: string): Promise<SentInvitation> {
      const doc = (await loadByIds([id])).get(id) ?? null;
      const why = whyNotInvite(doc);
      if (!doc) throw new NotFoundError('Person');
      if (why) throw new ConflictError(`Cannot invite ${doc.email}: ${why}`);
      return inviteDoc(doc);
    },

    /** Invite several people; those who cannot be invited are reported, not fatal. */
    async inviteMany(ids: string[]): Promise<BulkInvitationResult> {
      const docs = await loadByIds(ids);
      const result: BulkInvitationResult = { invited: [], skipped: [] };
      for (const id of new Set(ids)) {
        const doc = docs.get(id) ?? null;
        const why = whyNotInvite(doc);
        if (why) result.skipped.push({ id, reason: why });
        else result.invited.push(await inviteDoc(doc!));
      }
      return result;
    },

    /**
     * After an import: invite the people it created or updated who cannot sign in yet (no
     * password, no invitation still pending). Someone already invited is not emailed again.
     */
    async inviteImported(ids: string[]): Promise<BulkInvitationResult> {
      const docs = await loadByIds(ids);
      const now = deps.now();
      const result: BulkInvitationResult = { invited: [], skipped: [] };
      for (const id of new Set(ids)) {
        const doc = docs.get(id) ?? null;
        const why = whyNotInvite(doc) ?? (doc!.passwordHash ? 'has a password already' : doc!.invitationExpiresAt && doc!.invitationExpiresAt > now ? 'invitation pending' : null);
        if (why) result.skipped.push({ id, reason: why });
        else result.invited.push(await inviteDoc(doc!));
      }
      return result;
    },

    /**
     * Email a reset link if an active person has this email; nothing otherwise, and the
     * caller answers the same either way. The email is not awaited, so an SMTP round trip
     * does not tell known addresses from unknown ones.
     */
    async forgot(email: string): Promise<void> {
      const doc = await users.findOne({ email: email.trim().toLowerCase(), active: true }).lean<UserDoc>().exec();
      if (!doc) return;
      const { send } = await issueLink(doc, 'reset', deps.resetTtlMs);
      send.catch((err: unknown) => deps.logger.error({ err, personId: doc._id.toHexString() }, 'password reset email could not be sent'));
    },

    /** Who a link is for, before they choose a password (400 naming `token` if it no longer works). */
    async describeLink(token: string): Promise<{ name: string; email: string; purpose: PasswordTokenDoc['purpose'] }> {
      const doc = await holderOf(token);
      return { name: doc.name, email: doc.email, purpose: doc.passwordToken!.purpose };
    },

    /** Set the password from a link; the link dies with it. */
    async setPasswordFromLink(token: string, password: string): Promise<{ email: string }> {
      const doc = await holderOf(token);
      assertPasswordPolicy(password, doc, 'password');
      const passwordHash = await hashPassword(password);
      const now = deps.now();
      const accepted = doc.invitedAt && !doc.invitationAcceptedAt ? { invitationAcceptedAt: now } : {};
      const used = await users
        .findOneAndUpdate(
          { _id: doc._id, active: true, 'passwordToken.hash': doc.passwordToken!.hash, 'passwordToken.expiresAt': { $gt: now } },
          { $set: { passwordHash, ...accepted }, $unset: { passwordToken: 1 } },
          { returnDocument: 'after' },
        )
        .lean<UserDoc>()
        .exec();
      if (!used) throw new ValidationError(`token: ${INVALID_LINK}`, 'token');
      await deps.sessions.destroyForUser(used._id.toHexString());
      await deps.throttle.resetAccount(used.email);
      return { email: used.email };
    },

    /** An operator sets a person's password (`npm run user:password`): roles stay as they are; sessions end. */
    async setPasswordByEmail(email: string, password: string): Promise<{ id: string; email: string }> {
      const doc = await users.findOne({ email: email.trim().toLowerCase() }).lean<UserDoc>().exec();
      if (!doc) throw new NotFoundError('Person');
      return service.setPasswordFor(doc._id.toHexString(), password, 'password');
    },

    /** An admin sets someone's password: their sessions end and their sign-in slow-down is lifted. */
    async setPasswordFor(id: string, password: string, field = 'password'): Promise<{ id: string; email: string }> {
      await deps.people.setPassword(id, password, field);
      const person = await deps.people.get(id);
      if (!person) throw new NotFoundError('Person');
      await deps.sessions.destroyForUser(id);
      await deps.throttle.resetAccount(person.email);
      return { id, email: person.email };
    },

    /** Change one's own password (the current one is required); the person's other sessions end. */
    async changeOwn(actor: { id: string; roles: UserDoc['roles'] }, sessionId: string, currentPassword: string | undefined, password: string, field = 'password'): Promise<void> {
      await deps.people.changeOwnPassword(actor, currentPassword, password, field);
      await deps.sessions.destroyForUser(actor.id, sessionId);
    },
  };
  return service;
}

export type AccessService = ReturnType<typeof createAccessService>;
