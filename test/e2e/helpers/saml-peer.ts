/**
 * A real SAML 2.0 IdP for the SSO tests, built with samlify (IdP role): it reads our SP
 * metadata, parses our AuthnRequest (HTTP-Redirect) and answers with a response whose
 * assertion it signs (our metadata asks for signed assertions), posted to our ACS by an
 * auto-submitting form, as IdPs do. The test picks who signs in and how the assertion
 * is made (valid, or expired); a tampered one is made by editing a signed response.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import samlify from 'samlify';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/saml');
export const IDP_KEY = readFileSync(path.join(FIXTURES, 'idp-key.pem'), 'utf8');
export const IDP_CERT = readFileSync(path.join(FIXTURES, 'idp-cert.pem'), 'utf8');

// Our side validates with node-saml; samlify's own schema check is not what is under test.
samlify.setSchemaValidator({ validate: async () => 'skipped' });

export interface SamlUser {
  nameID: string;
  attributes: Record<string, string>;
}

export interface SamlPeer {
  url: string;
  entityId: string;
  metadataXml: string;
  /** Who the next browser sign-in is. */
  nextUser: SamlUser | null;
  /** Trust our SP metadata (fetched from the LMS). */
  trustSp(spMetadataXml: string): void;
  /** The query string (`SAMLRequest=…[&SigAlg=…&Signature=…]`) of an IdP-initiated LogoutRequest for `nameID`, HTTP-Redirect binding. */
  logoutRequestQuery(nameID: string, signed: boolean): string;
  /** A base64 SAMLResponse, IdP-initiated; `validFor` negative makes an expired one. */
  response(user: SamlUser, opts?: { validForMs?: number; inResponseTo?: string; recipient?: string; audience?: string }): Promise<string>;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function attributeStatement(attributes: Record<string, string>): string {
  const items = Object.entries(attributes)
    .map(([name, value]) => `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"><saml:AttributeValue xsi:type="xs:string">${esc(value)}</saml:AttributeValue></saml:Attribute>`)
    .join('');
  return `<saml:AttributeStatement>${items}</saml:AttributeStatement>`;
}

/** `wantAuthnRequestsSigned`: the IdP refuses AuthnRequests not signed by the key in our SP metadata. */
export async function listenSamlPeer(opts: { wantAuthnRequestsSigned?: boolean } = {}): Promise<SamlPeer> {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entityId = `${url}/metadata`;
  const idp = samlify.IdentityProvider({
    entityID: entityId,
    wantAuthnRequestsSigned: opts.wantAuthnRequestsSigned ?? false,
    privateKey: IDP_KEY,
    signingCert: IDP_CERT,
    nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: `${url}/sso` }],
    singleLogoutService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: `${url}/slo` }],
  });
  let sp: ReturnType<typeof samlify.ServiceProvider> | null = null;
  let spMetadata = '';

  async function response(user: SamlUser, opts: { validForMs?: number; inResponseTo?: string; recipient?: string; audience?: string } = {}): Promise<string> {
    const validFor = opts.validForMs ?? 5 * 60_000;
    const now = Date.now();
    // An expired assertion was issued long enough ago that it ended beyond the SP's clock skew.
    const issued = new Date(validFor < 0 ? now + validFor - 10 * 60_000 : now);
    const until = new Date(now + validFor);
    const result = await idp.createLoginResponse(sp!, { extract: { request: { id: opts.inResponseTo ?? '' } } } as never, 'post', { email: user.nameID }, {
      customTagReplacement: (template: string) => {
        const id = `_${crypto.randomUUID()}`;
        const acs = sp!.entityMeta.getAssertionConsumerService('post') as string;
        if (!acs) throw new Error('no ACS in the SP metadata');
        // The statements are XML: put in as they are (replaceTagsByValue escapes values).
        const withStatements = template
          .replace('{AuthnStatement}', `<saml:AuthnStatement AuthnInstant="${issued.toISOString()}" SessionIndex="_session-${id}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`)
          .replace('{AttributeStatement}', attributeStatement(user.attributes));
        const context = samlify.SamlLib.replaceTagsByValue(withStatements, {
          ID: id,
          AssertionID: `_${crypto.randomUUID()}`,
          Destination: acs,
          Audience: opts.audience ?? sp!.entityMeta.getEntityID(),
          SubjectRecipient: opts.recipient ?? acs,
          Issuer: entityId,
          IssueInstant: issued.toISOString(),
          StatusCode: samlify.Constants.StatusCode.Success,
          ConditionsNotBefore: issued.toISOString(),
          ConditionsNotOnOrAfter: until.toISOString(),
          SubjectConfirmationDataNotOnOrAfter: until.toISOString(),
          NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
          NameID: user.nameID,
          InResponseTo: opts.inResponseTo ?? '',
        });
        return { id, context };
      },
    } as never);
    return (result as { context: string }).context;
  }

  const peer: SamlPeer = {
    url,
    entityId,
    metadataXml: idp.getMetadata(),
    nextUser: null,
    trustSp(xml) {
      spMetadata = xml;
      sp = samlify.ServiceProvider({ metadata: xml });
    },
    logoutRequestQuery(nameID, signed) {
      // Our SLO URL takes both bindings; the SP metadata (node-saml's) names HTTP-POST only.
      const redirectSlo = spMetadata.replace(/(<SingleLogoutService[^>]*Binding=")[^"]+"/, '$1urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"');
      const target = samlify.ServiceProvider({ metadata: redirectSlo, wantLogoutRequestSigned: signed });
      const { context } = idp.createLogoutRequest(target, 'redirect', { logoutNameID: nameID });
      return new URL(context, 'http://x').search.slice(1);
    },
    response,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  server.on('request', (req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', url);
      if (u.pathname === '/sso' && sp && peer.nextUser) {
        const query = Object.fromEntries(u.searchParams);
        // The signed part of a redirect-binding request: the raw query without the signature.
        const octetString = u.search.slice(1).split('&').filter((p) => !p.startsWith('Signature=')).join('&');
        const parsed = await idp.parseLoginRequest(sp, 'redirect', { query, octetString } as never);
        const samlResponse = await response(peer.nextUser, { inResponseTo: parsed.extract.request!.id as string });
        const acs = sp.entityMeta.getAssertionConsumerService('post') as string;
        res.setHeader('content-type', 'text/html');
        res.end(
          `<!doctype html><html><body><form method="post" action="${esc(acs)}"><input type="hidden" name="SAMLResponse" value="${esc(samlResponse)}">` +
            `${query.RelayState ? `<input type="hidden" name="RelayState" value="${esc(query.RelayState)}">` : ''}<button>Continue to the LMS</button></form>` +
            `<script>document.forms[0].submit()</script></body></html>`,
        );
        return;
      }
      if (u.pathname === '/metadata') {
        res.setHeader('content-type', 'application/samlmetadata+xml');
        res.end(peer.metadataXml);
        return;
      }
      if (u.pathname === '/slo') {
        res.setHeader('content-type', 'text/html');
        res.end('<!doctype html><title>Signed out</title><h1>You are signed out of the IdP</h1>');
        return;
      }
      res.statusCode = 404;
      res.end('not found');
    })().catch((err: Error) => {
      res.statusCode = 500;
      res.end(String(err.stack));
    });
  });
  return peer;
}
