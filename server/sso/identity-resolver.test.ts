/**
 * Who a signing-in identity is: a verified email links to the existing person; an
 * unverified one does not; with JIT off nobody is created; with JIT on, mapped values that
 * would not pass HR's form (a bad hire date, an unknown manager) are left out, not fatal;
 * a returning identity finds its person through its link even after the email changed.
 */
import test from 'ava';
import { openTestStore } from '../../test/helpers/test-store.js';
import { userModel } from '../people/user-model.js';
import { createPeopleService } from '../people/user-service.js';
import { createMongooseConnection } from '../store/mongoose.js';
import { openIdentityLinks } from './identity-links.js';
import { createIdentityResolver, SsoRefusal } from './identity-resolver.js';
import type { Provider } from './provider-types.js';

const provider = (jit: boolean): Provider => ({
  id: 'okta',
  kind: 'saml',
  name: 'Okta',
  enabled: true,
  jit,
  mapping: { email: 'mail', name: 'displayName', employeeId: 'employeeNumber', department: 'dept', managerEmail: 'manager', hireDate: 'hired' },
  source: 'admin',
  updatedAt: '2026-12-01T00:00:00.000Z',
});

async function setUp(t: { teardown(fn: () => unknown): void }) {
  const store = await openTestStore();
  const conn = createMongooseConnection(store);
  t.teardown(async () => {
    await conn.close();
    await store.close();
  });
  const users = userModel(conn);
  await users.init();
  const people = createPeopleService(users);
  const links = await openIdentityLinks(store.db);
  return { people, links, resolver: createIdentityResolver({ people, users, links, now: () => new Date() }) };
}

test('a verified email links to the existing person; an unverified one is refused; JIT off creates nobody', async (t) => {
  const { people, links, resolver } = await setUp(t);
  const kim = await people.create({ email: 'kim@example.com', name: 'Kim Existing', roles: ['employee'] });
  const unverified = await t.throwsAsync(resolver.resolve(provider(true), { subject: 'kim-idp', emailVerified: false, attributes: { mail: 'KIM@example.com' } }));
  t.true(unverified instanceof SsoRefusal && unverified.reason === 'email_not_verified');
  t.is(await links.find('okta', 'kim-idp'), null);

  const linked = await resolver.resolve(provider(false), { subject: 'kim-idp', emailVerified: true, attributes: { mail: 'KIM@example.com' } });
  t.is(linked.id, kim.id);
  // Later the IdP sends another email: the link, not the email, decides.
  t.is((await resolver.resolve(provider(false), { subject: 'kim-idp', emailVerified: true, attributes: { mail: 'kim.new@example.com' } })).id, kim.id);

  const nobody = await t.throwsAsync(resolver.resolve(provider(false), { subject: 'lee', emailVerified: true, attributes: { mail: 'lee@example.com' } }));
  t.true(nobody instanceof SsoRefusal && nobody.reason === 'no_account');
  t.is((await people.list({ limit: 10, offset: 0 })).total, 1);
});

test('JIT leaves out mapped values HR\'s form would refuse, and needs an email', async (t) => {
  const { people, resolver } = await setUp(t);
  const lee = await resolver.resolve(provider(true), {
    subject: 'lee',
    emailVerified: true,
    attributes: { mail: ['lee@example.com'], displayName: 'Lee New', employeeNumber: 'E-9', dept: 'Finance', manager: 'nobody@example.com', hired: 'last tuesday' },
  });
  t.like(lee, { email: 'lee@example.com', name: 'Lee New', employeeId: 'E-9', department: 'Finance', roles: ['employee'] });
  t.is(lee.hireDate, undefined);
  t.is(lee.managerId, undefined);
  const noEmail = await t.throwsAsync(resolver.resolve(provider(true), { subject: 'x', emailVerified: true, attributes: { displayName: 'No Mail' } }));
  t.true(noEmail instanceof SsoRefusal && noEmail.reason === 'missing_email');
  t.is((await people.list({ limit: 10, offset: 0 })).total, 1);
});
