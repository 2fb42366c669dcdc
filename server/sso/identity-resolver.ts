/**
 * Who a signing-in identity is. In order: the identity's own link; a person with the same
 * employee id; a person with the same email, when the email is verified (OIDC
 * `email_verified: true`, or a SAML IdP trusted for email); else, with JIT on, a new
 * person created through the people service (as HR or the CSV import would), so
 * assignment rules and compliance follow. A deactivated person is refused.
 */
import { createUserSchema, type CreateUserInput } from '../people/user-schema.js';
import type { UserDoc, UserModel } from '../people/user-model.js';
import type { PeopleService, User } from '../people/user-service.js';
import { isDuplicateKeyError } from '../store/types.js';
import type { IdentityLinks } from './identity-links.js';
import { MAPPED_FIELDS, type AttributeMapping, type Provider } from './provider-types.js';

export interface SignInIdentity {
  /** OIDC `sub` or SAML NameID. */
  subject: string;
  /** Whether the provider vouches for the email (see the module comment). */
  emailVerified: boolean;
  /** Claims (OIDC) or attributes (SAML), read through the provider's mapping. */
  attributes: Record<string, unknown>;
}

export type RefusalReason = 'deactivated' | 'no_account' | 'missing_email' | 'email_not_verified' | 'replayed' | 'invalid_assertion';

/** A sign-in we refuse on purpose; the page shows `message`, never a stack trace. */
export class SsoRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'SsoRefusal';
  }
}

type Mapped = Partial<Record<(typeof MAPPED_FIELDS)[number], string>>;

/** The first value of an attribute as trimmed text (SAML attributes may be lists). */
function textOf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first.trim() || undefined;
  if (typeof first === 'number') return String(first);
  return undefined;
}

export function mapAttributes(mapping: AttributeMapping, attributes: Record<string, unknown>): Mapped {
  const out: Mapped = {};
  for (const field of MAPPED_FIELDS) {
    const name = mapping[field];
    const value = name ? textOf(attributes[name]) : undefined;
    if (value) out[field] = value;
  }
  if (out.email) out.email = out.email.toLowerCase();
  return out;
}

export interface IdentityResolver {
  resolve(provider: Provider, identity: SignInIdentity): Promise<User>;
}

export function createIdentityResolver(deps: { people: PeopleService; users: UserModel; links: IdentityLinks; now: () => Date }): IdentityResolver {
  const { people, users, links } = deps;

  async function active(personId: string): Promise<User> {
    const person = await people.get(personId);
    if (!person) throw new SsoRefusal('no_account', 'The account linked to this sign-in no longer exists. Ask HR to look into it.');
    if (!person.active) throw new SsoRefusal('deactivated', 'Your account has been deactivated. If you think this is a mistake, contact HR.');
    return person;
  }

  const findOne = (filter: Record<string, unknown>) => users.findOne(filter, { _id: 1 }).lean<Pick<UserDoc, '_id'>>().exec();

  /** The person's fields from the mapped values; values that would not pass HR's own form are left out. */
  async function newPerson(mapped: Mapped): Promise<CreateUserInput> {
    const candidate: Record<string, unknown> = { email: mapped.email, name: mapped.name ?? mapped.email };
    for (const k of ['employeeId', 'department', 'jobRole', 'location'] as const) if (mapped[k]) candidate[k] = mapped[k];
    if (mapped.hireDate) candidate.hireDate = mapped.hireDate.slice(0, 10);
    if (mapped.managerEmail) {
      const manager = await users.findOne({ email: mapped.managerEmail.toLowerCase(), active: true }, { _id: 1 }).lean<Pick<UserDoc, '_id'>>().exec();
      if (manager) candidate.managerId = manager._id.toHexString();
    }
    for (;;) {
      const parsed = createUserSchema.safeParse(candidate);
      if (parsed.success) return parsed.data;
      const bad = parsed.error.issues.map((i) => String(i.path[0])).filter((f) => f !== 'email' && f !== 'name' && f in candidate);
      if (!bad.length) throw new SsoRefusal('missing_email', 'Your identity provider did not send a usable email address and name, so no account could be created. Ask your IT team to check the attribute mapping.');
      for (const f of bad) delete candidate[f];
    }
  }

  return {
    async resolve(provider, identity) {
      const at = deps.now();
      const existing = await links.find(provider.id, identity.subject);
      if (existing) {
        const person = await active(existing.personId);
        await links.touch(provider.id, identity.subject, at);
        return person;
      }
      const mapped = mapAttributes(provider.mapping, identity.attributes);
      let match = mapped.employeeId ? await findOne({ employeeId: mapped.employeeId }) : null;
      if (!match && mapped.email) {
        const byEmail = await findOne({ email: mapped.email });
        if (byEmail && !identity.emailVerified) {
          throw new SsoRefusal('email_not_verified', 'An account with your email exists, but your identity provider has not verified that email, so it cannot be linked. Ask your IT team or HR.');
        }
        match = byEmail;
      }
      let person: User;
      if (match) {
        person = await active(match._id.toHexString());
      } else {
        if (!provider.jit) throw new SsoRefusal('no_account', 'There is no account for you here yet. Ask HR to add you.');
        if (!mapped.email) throw new SsoRefusal('missing_email', 'Your identity provider did not send an email address, so no account could be created. Ask your IT team to check the attribute mapping.');
        try {
          person = await people.create({ ...(await newPerson(mapped)), roles: ['employee'], isPerson: true });
        } catch (err) {
          // Someone created this person meanwhile (another tab, the import): link to them instead.
          if (!isDuplicateKeyError(err) && (err as { status?: number }).status !== 409) throw err;
          const raced = (mapped.employeeId && (await findOne({ employeeId: mapped.employeeId }))) || (await findOne({ email: mapped.email }));
          if (!raced) throw err;
          person = await active(raced._id.toHexString());
        }
      }
      const link = await links.link(provider.id, identity.subject, person.id, at);
      return link.personId === person.id ? person : active(link.personId);
    },
  };
}
