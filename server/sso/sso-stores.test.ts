/**
 * The store-backed parts of SSO: the replay cache accepts an assertion id once even when
 * two callers race (as two web processes would, on one store), and again only after it
 * expired; identity links are unique per (provider, subject); IdP metadata is read into
 * settings, and bad metadata is refused naming the field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { openTestStore } from '../../test/helpers/test-store.js';
import { HttpError } from '../http/errors.js';
import { openAssertionReplayCache, storeCacheProvider } from './assertion-cache.js';
import { parseIdpMetadata } from './idp-metadata.js';
import { openIdentityLinks } from './identity-links.js';

const certBody = readFileSync(path.resolve(import.meta.dirname, '../../test/fixtures/saml/idp-cert.pem'), 'utf8')
  .replace(/-----[A-Z ]+-----/g, '')
  .replace(/\s+/g, '');

test('an assertion id is accepted once, by one of two racing callers, and remembered until it expires', async (t) => {
  const store = await openTestStore();
  t.teardown(() => store.close());
  let now = new Date('2026-12-03T10:00:00Z');
  const [a, b] = await Promise.all([openAssertionReplayCache(store.db, () => now), openAssertionReplayCache(store.db, () => now)]);
  const until = new Date('2026-12-03T10:06:00Z');
  const results = await Promise.all([a!.firstUse('okta', '_abc', until), b!.firstUse('okta', '_abc', until), a!.firstUse('okta', '_abc', until)]);
  t.deepEqual(results.filter(Boolean).length, 1);
  t.true(await a!.firstUse('entra', '_abc', until), 'ids are per provider');
  now = new Date('2026-12-03T10:07:00Z');
  t.true(await b!.firstUse('okta', '_abc', new Date('2026-12-03T10:12:00Z')), 'after expiry the record is gone (the library refuses the expired assertion itself)');
});

test('request ids for InResponseTo are kept in the store with an expiry', async (t) => {
  const store = await openTestStore();
  t.teardown(() => store.close());
  let now = new Date('2026-12-03T10:00:00Z');
  const cache = storeCacheProvider(store.db, 'okta', 60_000, () => now);
  t.truthy(await cache.saveAsync('_req1', 'instant'));
  t.is(await storeCacheProvider(store.db, 'okta', 60_000, () => now).getAsync('_req1'), 'instant', 'another process sees it');
  t.is(await storeCacheProvider(store.db, 'entra', 60_000, () => now).getAsync('_req1'), null);
  now = new Date('2026-12-03T10:02:00Z');
  t.is(await cache.getAsync('_req1'), null);
});

test('one identity links to one person, even when two sign-ins race', async (t) => {
  const store = await openTestStore();
  t.teardown(() => store.close());
  const links = await openIdentityLinks(store.db);
  const at = new Date();
  const [x, y] = await Promise.all([links.link('okta', 'sub-1', 'p1', at), links.link('okta', 'sub-1', 'p2', at)]);
  t.is(x.personId, y.personId);
  t.is((await links.find('okta', 'sub-1'))!.personId, x.personId);
});

test('IdP metadata gives the SSO and logout URLs, the entity id and the signing certificate', (t) => {
  const xml = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="http://www.okta.com/exk1">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>NOT-THIS-ONE</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
      ${certBody}
    </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://acme.okta.com/app/slo"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://acme.okta.com/app/sso/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://acme.okta.com/app/sso/redirect"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
  t.deepEqual(parseIdpMetadata(xml), { entryPoint: 'https://acme.okta.com/app/sso/redirect', idpCerts: [certBody], idpIssuer: 'http://www.okta.com/exk1', logoutUrl: 'https://acme.okta.com/app/slo' });
  const noIdp = t.throws(() => parseIdpMetadata('<EntityDescriptor entityID="x"><SPSSODescriptor/></EntityDescriptor>'));
  t.true(noIdp instanceof HttpError && noIdp.status === 400 && noIdp.field === 'metadataXml', String(noIdp));
  const noCert = t.throws(() => parseIdpMetadata(xml.replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/g, '')));
  t.regex(noCert!.message, /signing certificate/);
});
