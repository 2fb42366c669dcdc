/**
 * Single sign-on over HTTP, without a browser. SSO-only mode: set-password links (an invitation sent before the switch) stop
 * working for people who must use single sign-on, but not for a break-glass admin; a
 * break-glass email that is not an admin's gets no password sign-in either; the LMS session
 * ends on sign-out whether or not a provider is involved. An unreachable IdP gets a clear page.
 */
import test from 'ava';
import { startTestApp } from '../../test/helpers/app.js';
import { HttpClient } from '../../test/helpers/http-client.js';
import { providerViewSchema, ssoOverviewSchema } from '#contract/sso.js';

const password = 'a long enough passphrase';

test('SSO-only refuses set-password links and password sign-ins except for break-glass admins', async (t) => {
  const app = await startTestApp({ SSO_ONLY: 'true', SSO_BREAK_GLASS_EMAILS: 'root@example.com,notadmin@example.com' });
  t.teardown(() => app.close());
  const root = await app.createUser({ email: 'root@example.com', password, name: 'Root Admin', roles: ['admin'] });
  await app.createUser({ email: 'notadmin@example.com', password, name: 'Not Admin', roles: ['hr'] });
  const ivy = await app.createUser({ email: 'ivy@example.com', password, name: 'Ivy', roles: ['employee'] });
  const { access } = app.runtime.services;
  const outbox = app.runtime.store.db.collection<{ to: string; text: string }>('outbox');
  const tokenFor = async (email: string) => /[?&]token=([A-Za-z0-9_-]+)/.exec((await outbox.findOne({ to: email }))!.text)![1]!;

  await access.invite(ivy.id);
  const ivyLink = await new HttpClient(app.url).request('POST', '/api/password/token', { token: await tokenFor('ivy@example.com') });
  t.is(ivyLink.status, 403);
  t.is(ivyLink.body.error.code, 'sso_only');
  const ivyReset = await new HttpClient(app.url).request('POST', '/api/password/reset', { token: await tokenFor('ivy@example.com'), password: 'another long passphrase' });
  t.is(ivyReset.status, 403);
  t.is((await new HttpClient(app.url).login('ivy@example.com', password)).status, 403, 'her old password no longer signs her in');

  // The break-glass admin's link works, and so does their password.
  await access.invite(root.id);
  t.is((await new HttpClient(app.url).request('POST', '/api/password/token', { token: await tokenFor('root@example.com') })).status, 200);
  const rootClient = new HttpClient(app.url);
  t.is((await rootClient.login('root@example.com', password)).status, 200);

  // On the break-glass list but not an admin: no password sign-in.
  const notAdmin = await new HttpClient(app.url).login('notadmin@example.com', password);
  t.is(notAdmin.status, 403);
  t.is(notAdmin.body.error.field, 'email');

  // A password session ends with 204 (no provider to visit).
  t.is((await rootClient.request('DELETE', '/api/session')).status, 204);
  t.is((await rootClient.request('GET', '/api/session')).status, 401);
});

test('an unreachable issuer gives a clear 502 page and shows as the provider\'s last error', async (t) => {
  const app = await startTestApp({ OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'lms', OIDC_CLIENT_SECRET: 'secret', OIDC_DISPLAY_NAME: 'Down ID' });
  t.teardown(() => app.close());
  const res = await fetch(`${app.url}/auth/sso/env-oidc`, { redirect: 'manual' });
  t.is(res.status, 502);
  t.regex(await res.text(), /Down ID cannot be reached right now/);
  const statuses = await app.runtime.services.sso.providers.statuses();
  t.truthy(statuses.get('env-oidc')?.lastError);
  t.is((await fetch(`${app.url}/auth/sso/nobody`, { redirect: 'manual' })).status, 404);
});

test('the SSO screen\'s answers match the shared contract exactly and never carry a client secret', async (t) => {
  const app = await startTestApp({ OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'lms', OIDC_CLIENT_SECRET: 'env-secret-value', OIDC_DISPLAY_NAME: 'Env ID' });
  t.teardown(() => app.close());
  await app.createUser({ email: 'root@example.com', password, name: 'Root Admin', roles: ['admin'] });
  const admin = new HttpClient(app.url);
  t.is((await admin.login('root@example.com', password)).status, 200);

  const created = await admin.request('POST', '/api/sso/admin/providers', {
    id: 'acme',
    kind: 'oidc',
    name: 'Acme ID',
    oidc: { issuer: 'https://id.example.com', clientId: 'lms', clientSecret: 'admin-secret-value' },
  });
  t.is(created.status, 201);
  t.true(providerViewSchema.parse(created.body).oidc?.hasClientSecret);

  const res = await admin.request('GET', '/api/sso/admin');
  t.is(res.status, 200);
  // Strict schemas: a field the contract does not name (a secret, an internal flag) fails here.
  const overview = ssoOverviewSchema.parse(res.body);
  t.deepEqual(overview.providers.map((p) => [p.id, p.source, p.oidc?.hasClientSecret]), [['env-oidc', 'env', true], ['acme', 'admin', true]]);
  t.notRegex(JSON.stringify(res.body), /secret-value/);
});
