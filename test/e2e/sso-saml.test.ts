/**
 * SAML 2.0 against a real IdP built with samlify (in this process). In Chromium: an
 * assertion changed on its way through the browser is refused; then an
 * SP-initiated first sign-in creates the person (JIT) with attributes mapped by the admin
 * and the Sales rule assigns them; signing out ends the IdP session too (SLO). Over HTTP:
 * the SP metadata, and the refusals: a tampered assertion, an expired one, one for another
 * audience or recipient, a replayed one, and a deactivated person; an IdP-initiated logout
 * (signed; an unsigned one is refused).
 */
import path from 'node:path';
import test from 'ava';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { collectPageErrors, launchBrowser, saveScreenshot } from './helpers/browser.js';
import { listenSamlPeer, type SamlPeer } from './helpers/saml-peer.js';
import { navigateTo } from './helpers/navigation.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const admin = { email: 'ada.admin@example.com', password: PASSWORD, name: 'Ada Admin', roles: ['admin'] };

/** The provider is added with the IdP's metadata pasted, or (`byUrl`) fetched from its URL. */
async function setUp(t: { teardown(fn: () => unknown): void }, byUrl = false, env: NodeJS.ProcessEnv = {}): Promise<{ app: TestApp; peer: SamlPeer; adminApi: HttpClient }> {
  const peer = await listenSamlPeer({ wantAuthnRequestsSigned: !!env.SAML_SP_KEY_FILE });
  t.teardown(() => peer.close());
  const app = await startTestApp(env);
  t.teardown(() => app.close());
  await app.createUser(admin);
  const adminApi = new HttpClient(app.url);
  await adminApi.login(admin.email, admin.password);
  const created = await adminApi.request('POST', '/api/sso/admin/providers', {
    id: 'okta-saml',
    kind: 'saml',
    name: 'Okta',
    jit: true,
    saml: { ...(byUrl ? { metadataUrl: `${peer.url}/metadata` } : { metadataXml: peer.metadataXml }), trustEmail: true },
    mapping: { email: 'email', name: 'displayName', employeeId: 'employeeNumber', department: 'department', jobRole: 'title' },
  });
  if (created.status !== 201) throw new Error(`provider not created: ${JSON.stringify(created.body)}`);
  const metadata = await fetch(`${app.url}/auth/saml/okta-saml/metadata`);
  peer.trustSp(await metadata.text());
  return { app, peer, adminApi };
}

const postToAcs = (app: TestApp, samlResponse: string) =>
  fetch(`${app.url}/auth/saml/okta-saml/acs`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ SAMLResponse: samlResponse }) });

test('SAML in Chromium: a tampered assertion is refused; first sign-in creates the person with mapped attributes and their rule assignment; sign-out reaches the IdP', async (t) => {
  const { app, peer, adminApi } = await setUp(t);
  const { services } = app.runtime;
  const overview = (await adminApi.request('GET', '/api/sso/admin')).body;
  const view = overview.providers.find((p: { id: string }) => p.id === 'okta-saml');
  t.is(view.saml.entryPoint, `${peer.url}/sso`, 'the SSO URL came from the IdP metadata');
  t.is(view.saml.idpIssuer, peer.entityId);
  t.is(view.urls.acs, `${app.url}/auth/saml/okta-saml/acs`);
  await services.org.add('departments', { name: 'Sales' }); // rules name values on the managed lists
  const rule = await services.compliance.rules.create({
    name: 'Sales onboarding',
    target: { type: 'activity', id: 'https://lms.test/activities/sales-onboarding', title: 'Sales onboarding' },
    criteria: { departments: ['Sales'] },
    due: { kind: 'none' },
    active: true,
  });
  peer.nextUser = { nameID: 'sam.saml@example.com', attributes: { email: 'sam.saml@example.com', displayName: 'Sam Saml', employeeNumber: 'S-1', department: 'Sales', title: 'Sales Engineer' } };

  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = collectPageErrors(page);

  // First, an assertion changed on its way through the browser (the name in it): refused, with a page saying so, and no session.
  const acs = `${app.url}/auth/saml/okta-saml/acs`;
  let tamperedOnce = false;
  await page.route(acs, async (route) => {
    const form = new URLSearchParams(route.request().postData() ?? '');
    const xml = Buffer.from(form.get('SAMLResponse') ?? '', 'base64').toString('utf8');
    tamperedOnce = xml.includes('Sam Saml');
    form.set('SAMLResponse', Buffer.from(xml.replace('Sam Saml', 'Sam Admin')).toString('base64'));
    await route.continue({ postData: form.toString() });
  });
  await page.goto(`${app.url}/`);
  await page.getByRole('link', { name: 'Sign in with Okta' }).click();
  await page.getByText(/could not be verified/).waitFor();
  t.true(tamperedOnce, 'the browser carried the assertion and it was changed');
  t.is((await context.request.get(`${app.url}/api/session`)).status(), 401, 'no session from a tampered assertion');
  t.is((await services.people.list({ q: 'sam.saml@example.com', limit: 10, offset: 0 })).items.length, 0, 'nobody was created');
  await saveScreenshot(page, 'sso-saml-tampered-refused').then((f) => t.log(f));
  await page.unroute(acs);

  await page.goto(`${app.url}/`);
  await page.getByRole('link', { name: 'Sign in with Okta' }).click();
  await page.getByTestId('whoami').waitFor().catch(async (err: Error) => {
    throw new Error(`${err.message}\nat ${page.url()}: ${await page.innerText('body').catch(() => '')}`);
  });
  t.true((await page.getByTestId('whoami').innerText()).includes('Sam Saml'));
  const sam = (await services.people.list({ q: 'sam.saml@example.com', limit: 10, offset: 0 })).items[0]!;
  t.like(sam, { name: 'Sam Saml', employeeId: 'S-1', department: 'Sales', jobRole: 'Sales Engineer' });
  const assignments = await services.compliance.cols.assignments.find({ personId: sam.id, active: true }).toArray();
  t.deepEqual(assignments.map((a: { target: { id: string } }) => a.target.id), [rule.target.id]);
  t.deepEqual(errors, []);

  // Sign out: the LMS session ends, and the browser carries a LogoutRequest to the IdP.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL((u) => u.href.startsWith(`${peer.url}/slo`));
  t.truthy(new URL(page.url()).searchParams.get('SAMLRequest'), 'a SAML LogoutRequest went to the IdP');
  t.is((await context.request.get(`${app.url}/api/session`)).status(), 401);

  // The admin's screen: the provider with its status and URLs; a new OIDC provider whose secret never comes back; disabling one.
  await page.goto(`${app.url}/`);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await navigateTo(page, 'Single sign-on');
  const okta = page.getByTestId('provider-okta-saml');
  await okta.waitFor();
  t.true((await okta.innerText()).includes(`${app.url}/auth/saml/okta-saml/acs`));
  t.false((await okta.innerText()).includes('Last sign-in\nNever'), 'Sam signed in through it');
  await page.getByRole('button', { name: 'Add a provider…' }).click();
  const form = page.getByRole('form', { name: 'Add a provider' });
  await form.getByLabel('Id (in URLs)').fill('entra');
  await form.getByLabel('Button label').fill('Microsoft');
  await form.getByLabel('Issuer URL').fill('https://login.microsoftonline.com/contoso/v2.0');
  await form.getByLabel('Client id').fill('11111111-2222-3333-4444-555555555555');
  await form.getByLabel('Client secret').fill('entra-secret-value-never-shown');
  await form.getByLabel('Department').fill('department');
  await saveScreenshot(page, 'sso-provider-form').then((f) => t.log(f));
  await form.getByRole('button', { name: 'Add provider' }).click();
  const entra = page.getByTestId('provider-entra');
  await entra.waitFor();
  t.true((await entra.innerText()).includes(`${app.url}/auth/sso/entra/callback`), 'the redirect URI to copy');
  t.false((await page.content()).includes('entra-secret-value-never-shown'));
  await saveScreenshot(page, 'sso-settings').then((f) => t.log(f));
  await okta.getByRole('button', { name: 'Disable Okta' }).click();
  await okta.getByText('Disabled').waitFor();
  const offered = (await (await fetch(`${app.url}/api/sso/providers`)).json()) as { providers: Array<{ id: string }> };
  t.deepEqual(offered.providers.map((p) => p.id), ['entra']);
  t.is((await fetch(`${app.url}/auth/sso/okta-saml`, { redirect: 'manual' })).status, 404, 'a disabled provider cannot be used');
  t.deepEqual(errors, []);
});

test('SAML over HTTP: SP metadata, metadata by URL; tampered, expired, misaddressed and replayed assertions, a deactivated person, IdP-initiated logout', async (t) => {
  const { app, peer, adminApi } = await setUp(t, true);
  const { services } = app.runtime;
  t.is((await adminApi.request('GET', '/api/sso/admin')).body.providers[0].saml.entryPoint, `${peer.url}/sso`, 'read from the metadata URL');

  const metadata = await (await fetch(`${app.url}/auth/saml/okta-saml/metadata`)).text();
  t.regex(metadata, /WantAssertionsSigned="true"/);
  t.true(metadata.includes(`Location="${app.url}/auth/saml/okta-saml/acs"`));
  t.true(metadata.includes(`entityID="${app.url}/auth/saml/okta-saml/metadata"`));

  const rita = { nameID: 'rita@example.com', attributes: { email: 'rita@example.com', displayName: 'Rita Real', department: 'Sales' } };
  const countPeople = async () => (await services.people.list({ limit: 500, offset: 0 })).total;
  const before = await countPeople();

  // Tampered: a signed response whose attribute was changed afterwards.
  const genuine = await peer.response(rita);
  const xml = Buffer.from(genuine, 'base64').toString('utf8');
  t.true(xml.includes('Rita Real'));
  const tampered = await postToAcs(app, Buffer.from(xml.replace('Rita Real', 'Rita Admin')).toString('base64'));
  t.is(tampered.status, 400);
  t.regex(await tampered.text(), /could not be verified/);
  t.is(tampered.headers.get('set-cookie'), null, 'no session from a refused response');
  t.regex((await adminApi.request('GET', '/api/sso/admin')).body.providers[0].status.lastError, /signature/i);

  // Expired: its conditions ended before now (beyond the minute of clock skew we allow).
  const expired = await postToAcs(app, await peer.response(rita, { validForMs: -5 * 60_000 }));
  t.is(expired.status, 400);
  t.regex((await adminApi.request('GET', '/api/sso/admin')).body.providers[0].status.lastError, /expired/i);
  t.is(await countPeople(), before, 'nobody was created by a refused response');

  // Signed, but meant for another service: another audience, or another recipient (ACS).
  const otherAudience = await postToAcs(app, await peer.response(rita, { audience: 'https://other-sp.example/metadata' }));
  t.is(otherAudience.status, 400);
  t.regex((await adminApi.request('GET', '/api/sso/admin')).body.providers[0].status.lastError, /audience/i);
  const otherRecipient = await postToAcs(app, await peer.response(rita, { recipient: 'https://other-sp.example/acs' }));
  t.is(otherRecipient.status, 400);
  t.regex((await adminApi.request('GET', '/api/sso/admin')).body.providers[0].status.lastError, /recipient/i);
  t.is(await countPeople(), before);

  // The genuine one is accepted once (IdP-initiated), creating Rita; its replay is refused.
  const first = await postToAcs(app, genuine);
  t.is(first.status, 303, await first.clone().text());
  t.truthy(first.headers.get('set-cookie'));
  t.is(await countPeople(), before + 1);
  const replayed = await postToAcs(app, genuine);
  t.is(replayed.status, 403);
  t.regex(await replayed.text(), /used already/);
  t.is(replayed.headers.get('set-cookie'), null);

  // The IdP ends Rita's sessions with a LogoutRequest; an unsigned one (anyone could forge it) is refused.
  const ritaCookie = first.headers.get('set-cookie')!.split(';')[0]!;
  const ritaSession = () => fetch(`${app.url}/api/session`, { headers: { cookie: ritaCookie } }).then((r) => r.status);
  t.is(await ritaSession(), 200);
  const unsigned = await fetch(`${app.url}/auth/saml/okta-saml/slo?${peer.logoutRequestQuery('rita@example.com', false)}`, { redirect: 'manual' });
  t.is(unsigned.status, 400);
  t.is(await ritaSession(), 200, 'an unsigned LogoutRequest ends nothing');
  const signed = await fetch(`${app.url}/auth/saml/okta-saml/slo?${peer.logoutRequestQuery('rita@example.com', true)}`, { redirect: 'manual' });
  t.is(signed.status, 302, await signed.clone().text());
  t.true(signed.headers.get('location')!.startsWith(`${peer.url}/slo?SAMLResponse=`), 'a LogoutResponse goes back to the IdP');
  t.is(await ritaSession(), 401, 'her LMS session ended');

  // Deactivated: a fresh, valid response for Rita is refused with a clear page.
  const ritaId = (await services.people.list({ q: 'rita@example.com', limit: 10, offset: 0 })).items[0]!.id;
  await services.peopleAccess.deactivate([ritaId], { id: 'someone-else', roles: ['admin'] });
  const afterDeactivation = await postToAcs(app, await peer.response(rita));
  t.is(afterDeactivation.status, 403);
  t.regex(await afterDeactivation.text(), /deactivated/);

  // Bad admin input names the field.
  const bad = await adminApi.request('POST', '/api/sso/admin/providers', { id: 'broken', kind: 'saml', name: 'Broken', saml: { metadataXml: '<nope/>' } });
  t.is(bad.status, 400);
  t.is(bad.body.error.field, 'saml.metadataXml');
});

test('SAML with SAML_SP_KEY_FILE: our AuthnRequests are signed, and the IdP verifies them against the certificate in our metadata', async (t) => {
  const fixtures = path.resolve(import.meta.dirname, '../fixtures/saml');
  const { app, peer } = await setUp(t, false, { SAML_SP_KEY_FILE: path.join(fixtures, 'sp-key.pem'), SAML_SP_CERT_FILE: path.join(fixtures, 'sp-cert.pem') });
  const metadata = await (await fetch(`${app.url}/auth/saml/okta-saml/metadata`)).text();
  t.regex(metadata, /AuthnRequestsSigned="true"/);
  t.regex(metadata, /X509Certificate>MII/);
  peer.nextUser = { nameID: 'sig@example.com', attributes: { email: 'sig@example.com', displayName: 'Sig' } };
  const start = await fetch(`${app.url}/auth/sso/okta-saml`, { redirect: 'manual' });
  t.is(start.status, 302);
  const toIdp = new URL(start.headers.get('location')!);
  t.truthy(toIdp.searchParams.get('Signature'));
  t.is(toIdp.searchParams.get('SigAlg'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
  const accepted = await fetch(toIdp);
  t.is(accepted.status, 200, 'the IdP verified our signature and answered with its form');
  t.regex(await accepted.text(), /name="SAMLResponse"/);
  const forged = new URL(toIdp);
  forged.searchParams.set('Signature', Buffer.from('not our signature').toString('base64'));
  t.is((await fetch(forged)).status, 500, 'a request with a bad signature is refused by the IdP');
  const unsigned = new URL(toIdp);
  unsigned.searchParams.delete('Signature');
  unsigned.searchParams.delete('SigAlg');
  t.is((await fetch(unsigned)).status, 500, 'and so is one without');
});
