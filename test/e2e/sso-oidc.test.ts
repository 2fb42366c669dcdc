/**
 * End to end: people sign in to the portal in Chromium through a real OpenID Provider
 * (oidc-provider, in this process): a first sign-in creates the person (JIT) with org
 * fields from claims and the assignment rule for their department follows; an identity
 * links to an existing person by employee id; a deactivated person and an unverified
 * email are refused with a clear page; signing out ends the provider's session too
 * (RP-initiated logout); SSO-only mode refuses a password but lets the break-glass admin in.
 */
import test from 'ava';
import type { Page } from 'playwright-core';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { listenOidcPeer } from './helpers/oidc-peer.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const admin = { email: 'ada.admin@example.com', password: PASSWORD, name: 'Ada Admin', roles: ['admin'] };

/** The provider's own screens: its login form (any name) and its consent page. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  if (!(await page.locator('input[name="login"]').isVisible({ timeout: 5000 }).catch(() => false))) throw new Error(`no login form at ${page.url()}: ${await page.innerText('body')}`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  if (await consent.isVisible({ timeout: 3000 }).catch(() => false)) await consent.click();
}

test('OIDC: JIT with rule assignment, link by employee id, refusals, single logout, SSO-only', async (t) => {
  const peer = await listenOidcPeer();
  t.teardown(() => peer.close());
  const app = await startTestApp({
    OIDC_ISSUER: peer.issuer,
    OIDC_CLIENT_ID: peer.clientId,
    OIDC_CLIENT_SECRET: peer.clientSecret,
    OIDC_EMPLOYEE_ID_CLAIM: 'employee_number',
    OIDC_DISPLAY_NAME: 'Acme ID',
  });
  t.teardown(() => app.close());
  peer.start(app.url);
  const { services } = app.runtime;
  await app.createUser(admin);
  const manager = await app.createUser({ email: 'mia.manager@example.com', password: PASSWORD, name: 'Mia Manager', roles: ['employee'] });
  await services.org.add('departments', { name: 'Sales' }); // rules name values on the managed lists
  const rule = await services.compliance.rules.create({
    name: 'Sales onboarding',
    target: { type: 'activity', id: 'https://lms.test/activities/sales-onboarding', title: 'Sales onboarding' },
    criteria: { departments: ['Sales'] },
    due: { kind: 'none' },
    active: true,
  });

  // The admin adds a second OIDC provider on the API with JIT and an org mapping; its secret never comes back.
  const adminApi = new HttpClient(app.url);
  t.is((await adminApi.login(admin.email, admin.password)).status, 200);
  const created = await adminApi.request('POST', '/api/sso/admin/providers', {
    id: 'acme-hr',
    kind: 'oidc',
    name: 'Acme Workforce',
    jit: true,
    oidc: { issuer: peer.issuer, clientId: peer.clientId, clientSecret: peer.clientSecret },
    mapping: { email: 'email', name: 'name', employeeId: 'employee_number', department: 'department', jobRole: 'job_title', location: 'office', managerEmail: 'manager_email', hireDate: 'hire_date' },
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  t.false(JSON.stringify(created.body).includes(peer.clientSecret), 'the client secret is never sent back');
  t.true(created.body.oidc.hasClientSecret);
  const bad = await adminApi.request('POST', '/api/sso/admin/providers', { id: 'x', kind: 'oidc', name: 'X', oidc: { issuer: 'not a url', clientId: 'a', clientSecret: 'b' } });
  t.is(bad.status, 400);
  t.truthy(bad.body.error.field);
  const overview = await adminApi.request('GET', '/api/sso/admin');
  t.deepEqual(overview.body.providers.map((p: { id: string; source: string }) => [p.id, p.source]), [['env-oidc', 'env'], ['acme-hr', 'admin']]);
  t.false(JSON.stringify(overview.body).includes(peer.clientSecret));
  t.is((await adminApi.request('PUT', '/api/sso/admin/providers/env-oidc', { kind: 'oidc', name: 'Changed', oidc: { issuer: peer.issuer, clientId: 'x' } })).status, 403);

  peer.accounts.set('nora', {
    email: 'nora.new@example.com',
    email_verified: true,
    name: 'Nora Newhire',
    employee_number: 'E-100',
    department: 'Sales',
    job_title: 'Account Executive',
    office: 'Lisbon',
    manager_email: 'mia.manager@example.com',
    hire_date: '2026-11-30',
  });

  const browser = await launchBrowser();
  t.teardown(() => browser.close());

  // 1. JIT: Nora's first sign-in creates her, with her org fields, and the Sales rule assigns her.
  {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = collectPageErrors(page);
    await page.goto(`${app.url}/`);
    const button = page.getByRole('link', { name: 'Sign in with Acme Workforce' });
    await button.waitFor();
    t.is(await page.getByRole('link', { name: 'Sign in with Acme ID' }).count(), 1, 'the environment provider has a button too');
    await saveScreenshot(page, 'sso-login-buttons').then((f) => t.log(f));
    await button.click();
    t.true(page.url().startsWith(peer.issuer), `went to the provider: ${page.url()}`);
    await signInAtProvider(page, 'nora');
    await page.getByTestId('whoami').waitFor();
    t.true((await page.getByTestId('whoami').innerText()).includes('Nora Newhire'));
    await saveScreenshot(page, 'sso-oidc-home').then((f) => t.log(f));
    const nora = (await services.people.list({ q: 'nora.new@example.com', limit: 10, offset: 0 })).items[0]!;
    t.like(nora, { name: 'Nora Newhire', department: 'Sales', jobRole: 'Account Executive', location: 'Lisbon', employeeId: 'E-100', hireDate: '2026-11-30', managerId: manager.id, active: true });
    t.truthy(nora.lastSignInAt);
    const assignments = await services.compliance.cols.assignments.find({ personId: nora.id, active: true }).toArray();
    t.deepEqual(assignments.map((a: { ruleId?: string; target: { id: string } }) => a.target.id), [rule.target.id]);
    t.deepEqual(errors, []);

    // Signing out ends the LMS session and, through end_session_endpoint, the provider's.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.href.startsWith(peer.issuer));
    await page.getByRole('button', { name: /Yes, sign me out/i }).click();
    await page.waitForURL(`${app.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    t.is((await context.request.get(`${app.url}/api/session`)).status(), 401);
    // The provider forgot her too: the next sign-in asks for a login again.
    await page.getByRole('link', { name: 'Sign in with Acme Workforce' }).click();
    await page.locator('input[name="login"]').waitFor();
    await context.close();
  }

  // 2. Link by employee id: Omar exists (HRIS import) with another email; his identity finds him by E-200.
  const omar = await app.createUser({ email: 'omar.o@corp.example.com', password: PASSWORD, name: 'Omar Osei', roles: ['employee'] });
  await services.people.update(omar.id, { employeeId: 'E-200' }, { id: omar.id, roles: ['admin'] });
  peer.accounts.set('omar', { email: 'omar@example.com', email_verified: false, name: 'Omar (IdP)', employee_number: 'E-200' });
  const signInOmar = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${app.url}/`);
    await page.getByRole('link', { name: 'Sign in with Acme ID' }).click();
    await signInAtProvider(page, 'omar');
    return { context, page };
  };
  {
    const { context, page } = await signInOmar();
    await page.getByTestId('whoami').waitFor();
    t.true((await page.getByTestId('whoami').innerText()).includes('Omar Osei'), 'linked to the existing person, not a new one');
    t.is((await services.people.list({ q: 'omar', limit: 10, offset: 0 })).total, 1);
    t.like(await services.sso.links.find('env-oidc', 'omar'), { personId: omar.id });
    await context.close();
  }

  // 3. Deactivated: the same identity is refused with a clear page (no stack trace).
  await services.peopleAccess.deactivate([omar.id], { id: 'someone-else', roles: ['admin'] });
  {
    const { context, page } = await signInOmar();
    const problem = page.getByTestId('sso-problem');
    await problem.waitFor();
    t.regex(await problem.innerText(), /deactivated/);
    t.is(await page.title(), 'You cannot sign in · Learning Hub');
    await saveScreenshot(page, 'sso-refused-deactivated').then((f) => t.log(f));
    t.is((await context.request.get(`${app.url}/api/session`)).status(), 401);
    await context.close();
  }

  // 4. An unverified email does not link to the person who has it.
  peer.accounts.set('impostor', { email: 'mia.manager@example.com', email_verified: false, name: 'Not Mia' });
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${app.url}/auth/sso/acme-hr`);
    await signInAtProvider(page, 'impostor');
    await page.getByTestId('sso-problem').waitFor();
    t.regex(await page.getByTestId('sso-problem').innerText(), /not verified/);
    t.is(await services.sso.links.find('acme-hr', 'impostor'), null);
    await context.close();
  }
  const status = (await adminApi.request('GET', '/api/sso/admin')).body.providers.find((p: { id: string }) => p.id === 'acme-hr').status;
  t.truthy(status.lastSignInAt);
  t.regex(status.lastError, /not verified/);

  // 5. SSO-only: a person's password is refused; the break-glass admin still signs in with theirs.
  const refused = await adminApi.request('PUT', '/api/sso/admin/settings', { ssoOnly: true, breakGlassEmails: [] });
  t.is(refused.status, 400, 'no break-glass admin: refused, so nobody is locked out');
  t.is(refused.body.error.field, 'breakGlassEmails');
  t.is((await adminApi.request('PUT', '/api/sso/admin/settings', { ssoOnly: true, breakGlassEmails: [admin.email] })).status, 200);
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${app.url}/`);
    await page.getByRole('link', { name: 'Sign in with Acme ID' }).waitFor();
    t.is(await page.getByRole('link', { name: 'Forgot your password?' }).count(), 0);
    await page.getByText('Administrator sign-in').click();
    await saveScreenshot(page, 'sso-only-login').then((f) => t.log(f));
    await page.getByLabel('Email').fill('mia.manager@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url() === `${app.url}/api/session` && r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
    t.is(answer.status(), 403);
    await page.getByRole('alert').filter({ hasText: 'Passwords are turned off' }).waitFor();
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('whoami').waitFor();
    t.true((await page.getByTestId('whoami').innerText()).includes('Ada Admin'));
    await context.close();
  }
  // A callback whose state is not the one this browser was sent with is refused before any token exchange.
  const tab = new HttpClient(app.url);
  const toIdp = await tab.request('GET', '/auth/sso/env-oidc');
  t.is(toIdp.status, 302);
  const sent = new URL(toIdp.headers.get('location')!);
  t.truthy(sent.searchParams.get('state'));
  t.truthy(sent.searchParams.get('nonce'));
  t.is(sent.searchParams.get('code_challenge_method'), 'S256');
  const forged = await tab.request('GET', `/auth/sso/env-oidc/callback?code=stolen-code&state=not-${sent.searchParams.get('state')}&iss=${encodeURIComponent(peer.issuer)}`);
  t.is(forged.status, 400);
  t.is((await tab.request('GET', '/api/session')).status, 401, 'no session from a forged callback');

  // A reset link is not sent to someone who must use SSO (the answer stays the same).
  const outbox = async () => (await services.notifications.outbox({ limit: 100, offset: 0 })).items;
  t.true((await outbox()).some((m) => m.to === 'nora.new@example.com' && m.subject.startsWith('Assigned to you')), 'the rule that assigned Nora at her first sign-in emailed her');
  const mailed = async () => (await outbox()).filter((m) => !m.subject.startsWith('Assigned to you')).map((m) => m.to);
  const anon = new HttpClient(app.url);
  t.is((await anon.request('POST', '/api/password/forgot', { email: 'mia.manager@example.com' })).status, 202);
  t.is((await anon.request('POST', '/api/password/forgot', { email: admin.email })).status, 202);
  await new Promise((r) => setTimeout(r, 200));
  t.deepEqual(await mailed(), [admin.email]);
});
