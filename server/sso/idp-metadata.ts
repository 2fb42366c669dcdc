/**
 * Reading an IdP's SAML metadata (pasted XML or fetched from its URL) into our SAML
 * settings: entity id, single sign-on and logout URLs (HTTP-Redirect binding) and signing
 * certificates. fast-xml-parser reads it; namespace prefixes vary by vendor, so they are dropped.
 */
import { XMLParser } from 'fast-xml-parser';
import { ValidationError } from '../http/errors.js';
import type { SamlSettings } from './provider-types.js';

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'object' && v && '#text' in v ? String((v as Node)['#text']) : '');

export type ParsedIdpMetadata = Pick<SamlSettings, 'entryPoint' | 'idpCerts' | 'idpIssuer' | 'logoutUrl'>;

export function parseIdpMetadata(xml: string, field = 'metadataXml'): ParsedIdpMetadata {
  let doc: Node;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true }).parse(xml) as Node;
  } catch (err) {
    throw new ValidationError(`${field}: not XML (${(err as Error).message})`, field);
  }
  const entity = list(doc.EntityDescriptor)[0] ?? list(list(doc.EntitiesDescriptor)[0]?.EntityDescriptor)[0];
  const idp = entity && list(entity.IDPSSODescriptor)[0];
  if (!entity || !idp) throw new ValidationError(`${field}: no IDPSSODescriptor in this metadata`, field);
  const pick = (services: unknown) => {
    const all = list(services);
    return String((all.find((s) => s['@Binding'] === REDIRECT) ?? all.find((s) => s['@Binding'] === POST))?.['@Location'] ?? '');
  };
  const entryPoint = pick(idp.SingleSignOnService);
  if (!entryPoint) throw new ValidationError(`${field}: no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding`, field);
  const idpCerts = list(idp.KeyDescriptor)
    .filter((k) => k['@use'] === undefined || k['@use'] === 'signing')
    .flatMap((k) => list(list(k.KeyInfo)[0]?.X509Data).flatMap((d) => list(d.X509Certificate).map((c) => text(c).replace(/\s+/g, ''))))
    .filter(Boolean);
  if (!idpCerts.length) throw new ValidationError(`${field}: no signing certificate (KeyDescriptor use="signing") in this metadata`, field);
  const logoutUrl = pick(idp.SingleLogoutService);
  return { entryPoint, idpCerts: [...new Set(idpCerts)], idpIssuer: String(entity['@entityID'] ?? '') || undefined, ...(logoutUrl ? { logoutUrl } : {}) };
}

export async function fetchIdpMetadata(url: string): Promise<ParsedIdpMetadata> {
  let xml: string;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'follow' });
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    xml = await res.text();
  } catch (err) {
    throw new ValidationError(`metadataUrl: could not fetch the metadata (${(err as Error).message})`, 'metadataUrl');
  }
  return parseIdpMetadata(xml, 'metadataUrl');
}
