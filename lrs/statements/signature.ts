/**
 * Signed Statements (xAPI 1.0.3 Data §2.6; 2.0 keeps the same rules). The signature is a JWS
 * (compact serialization) sent as an attachment with usageType SIGNATURE_USAGE_TYPE. The LRS
 * checks that it is well formed, not that the signer is trusted:
 * - the JWS parses and its `alg` is RS256, RS384 or RS512;
 * - its payload is the JSON of the Statement as it was before the signature was added, and
 *   is logically equivalent to the received Statement (Data §2.3.1 comparison rules);
 * - when the header carries `x5c`, the signature verifies with the first certificate's key,
 *   and each certificate of the chain is signed by the next one.
 * Every failure is 400 naming `attachments`. JWS and X.509 handling is `jose`'s, hence async.
 */
import { X509Certificate } from 'node:crypto';
import { base64url, compactVerify, decodeProtectedHeader, importX509 } from 'jose';
import { BadRequestError } from '../errors.js';
import type { XapiVersion } from '../version.js';

export const SIGNATURE_USAGE_TYPE = 'http://adlnet.gov/expapi/attachments/signature';

const ALGORITHMS = ['RS256', 'RS384', 'RS512'];
const FIELD = 'attachments';

function fail(message: string): never {
  throw new BadRequestError(message, FIELD);
}

/**
 * Check the JWS `jws` (the signature attachment's data) against `statement`, the Statement
 * as received (its signature attachment included; properties the LRS assigns are ignored).
 * The 1.0.3 and 2.0 rules are the same; `version` is accepted for symmetry with the callers.
 */
export async function verifySignedStatement(statement: object, jws: string, version: XapiVersion): Promise<void> {
  void version;
  const token = jws.trim();
  const segments = token.split('.');
  if (segments.length !== 3 || segments.some((s) => !/^[A-Za-z0-9_-]*$/.test(s)) || !segments[0] || !segments[2]) {
    fail('the signature attachment is not a JWS in compact serialization (base64url header.payload.signature)');
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    fail("the signature's JWS header is not base64url-encoded JSON");
  }
  if (typeof header.alg !== 'string' || !ALGORITHMS.includes(header.alg)) {
    fail(`the signature's JWS algorithm must be RS256, RS384 or RS512, not ${JSON.stringify(header.alg ?? null)}`);
  }
  const alg = header.alg;

  if (header.b64 === false) fail('JWS with an unencoded payload (b64: false) cannot carry a statement here');

  const payloadBytes = header.x5c !== undefined ? await verifyWithCertificateChain(token, alg, header.x5c) : decodePayload(segments[1]!);

  let signed: unknown;
  try {
    signed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes));
  } catch {
    fail("the signature's JWS payload is not a valid JSON serialization of the statement");
  }
  if (!signed || typeof signed !== 'object' || Array.isArray(signed)) {
    fail("the signature's JWS payload is not a statement object");
  }
  const difference = compareSignedStatement(signed as Record<string, unknown>, statement as Record<string, unknown>);
  if (difference) fail(`the statement signed by the JWS differs from the statement received at ${difference}`);
}

function decodePayload(segment: string): Uint8Array {
  try {
    return base64url.decode(segment);
  } catch {
    fail("the signature's JWS payload is not base64url");
  }
}

async function verifyWithCertificateChain(token: string, alg: string, x5c: unknown): Promise<Uint8Array> {
  if (!Array.isArray(x5c) || x5c.length === 0 || !x5c.every((c) => typeof c === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(c))) {
    fail('the JWS x5c header must be a non-empty array of base64 DER certificates');
  }
  const certs = x5c as string[];
  let chain: X509Certificate[];
  try {
    chain = certs.map((c) => new X509Certificate(Buffer.from(c, 'base64')));
  } catch {
    fail('an x5c certificate of the JWS header is not a valid X.509 certificate');
  }
  // RFC 7515 §4.1.6: each certificate is certified by the next. Validity dates are not
  // checked: the spec calls this check a way to catch mistakes, not a security measure, and
  // statements keep their signatures long after certificates expire.
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!chain[i]!.checkIssued(chain[i + 1]!) || !chain[i]!.verify(chain[i + 1]!.publicKey)) {
      fail(`certificate ${i} of the JWS x5c chain is not signed by certificate ${i + 1}`);
    }
  }
  let key: Awaited<ReturnType<typeof importX509>>;
  try {
    key = await importX509(toPem(certs[0]!), alg);
  } catch (err) {
    fail(`the first x5c certificate has no ${alg} public key: ${(err as Error).message}`);
  }
  try {
    const { payload } = await compactVerify(token, key, { algorithms: [alg] });
    return payload;
  } catch (err) {
    // jose refuses RSA keys under 2048 bits (RFC 7518 §3.3) with a TypeError; say so.
    if (err instanceof TypeError) fail(err.message);
    fail('the JWS signature does not verify with the public key of its x5c certificate');
  }
}

function toPem(der64: string): string {
  const lines = der64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Compare the signed serialization with the received statement (Data §2.3.1): differences
 * the LRS could cause are ignored, any other difference is not.
 * - `authority`, `stored` and `version` are the LRS's to assign: ignored;
 * - `id` and the top-level `timestamp` may be absent from either; when both are present they
 *   must agree (ids case-insensitively, timestamps as instants);
 * - signature attachments are left out of both `attachments` lists (the signature cannot sign
 *   itself); the other attachments must be the same, in the same order;
 * - a Group's `member` list is unordered; UUIDs and the mailto scheme and domain of `mbox`
 *   are case-insensitive; timestamps compare as instants; durations as strings cut to 0.01 s;
 *   an omitted `objectType` equals its default (Agent for agents, Activity for objects).
 * Activity definitions and verb displays are compared as sent: at intake nothing has yet
 * replaced them. Returns the path of the first difference, or undefined when equivalent.
 */
export function compareSignedStatement(signed: Record<string, unknown>, received: Record<string, unknown>): string | undefined {
  const a = { ...signed };
  const b = { ...received };
  for (const key of ['authority', 'stored', 'version']) {
    delete a[key];
    delete b[key];
  }
  for (const key of ['id', 'timestamp']) {
    if (a[key] === undefined || b[key] === undefined) {
      delete a[key];
      delete b[key];
    }
  }
  const attachmentsA = withoutSignatures(a.attachments);
  const attachmentsB = withoutSignatures(b.attachments);
  delete a.attachments;
  delete b.attachments;
  return diff(normalizeStatement(a), normalizeStatement(b), 'statement') ?? diff(attachmentsA, attachmentsB, 'statement.attachments');
}

function withoutSignatures(list: unknown): unknown {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return list;
  return list.filter((att) => !(att && typeof att === 'object' && (att as { usageType?: unknown }).usageType === SIGNATURE_USAGE_TYPE));
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A copy of a statement (or SubStatement) with the equivalences above made literal. */
function normalizeStatement(s: Record<string, unknown>): Json {
  const out = normalize(s) as { [key: string]: Json };
  if (isObject(out.actor)) out.actor = normalizeActor(out.actor);
  if (isObject(out.object)) {
    const object = out.object;
    if (object.objectType === undefined) object.objectType = 'Activity';
    if (object.objectType === 'Agent' || object.objectType === 'Group') out.object = normalizeActor(object);
    if (object.objectType === 'SubStatement') out.object = normalizeStatement(object);
  }
  if (isObject(out.context)) {
    const context = out.context;
    if (isObject(context.instructor)) context.instructor = normalizeActor(context.instructor);
    if (isObject(context.team)) context.team = normalizeActor(context.team);
  }
  if (isObject(out.result) && typeof out.result.duration === 'string') {
    out.result = { ...out.result, duration: truncateDuration(out.result.duration) };
  }
  if (typeof out.timestamp === 'string') out.timestamp = instant(out.timestamp);
  return out;
}

/**
 * Durations compare as strings (Data §2.3.1), but precision beyond 0.01 s is not included
 * (1.0.3 and 2.0 Data §4.6): `PT0.1237S` compares as `PT0.12S`; `PT1H` still differs from `PT60M`.
 */
function truncateDuration(duration: string): string {
  return duration.replace(/(\d[.,]\d{2})\d+S$/, '$1S');
}

function normalizeActor(actor: { [key: string]: Json }): { [key: string]: Json } {
  const out = { ...actor };
  if (out.objectType === undefined) out.objectType = 'Agent';
  if (Array.isArray(out.member)) {
    out.member = out.member
      .map((m) => (isObject(m) ? normalizeActor(m) : m))
      .sort((x, y) => (canonical(x) < canonical(y) ? -1 : canonical(x) > canonical(y) ? 1 : 0));
  }
  if (typeof out.mbox === 'string') out.mbox = normalizeMbox(out.mbox);
  return out;
}

function normalizeMbox(mbox: string): string {
  const match = /^(mailto):([^@]*)@(.*)$/i.exec(mbox);
  return match ? `mailto:${match[2]}@${match[3]!.toLowerCase()}` : mbox;
}

function instant(ts: string): string {
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return ts;
  // Keep digits beyond milliseconds, which Date drops, so 12:00:00.0001Z ≠ 12:00:00Z.
  const fraction = /\.(\d+)/.exec(ts)?.[1] ?? '';
  return `${new Date(ms).toISOString()}|${fraction.slice(3).replace(/0+$/, '')}`;
}

/** Deep copy with UUID strings lower-cased (UUIDs are case-insensitive wherever they occur). */
function normalize(value: unknown): Json {
  if (Array.isArray(value)) return value.map(normalize);
  if (isObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = normalize(v);
    return out;
  }
  if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
  return value as Json;
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Path of the first difference between two JSON values, or undefined when equal. */
function diff(x: unknown, y: unknown, path: string): string | undefined {
  if (Array.isArray(x) && Array.isArray(y)) {
    if (x.length !== y.length) return path;
    for (let i = 0; i < x.length; i++) {
      const d = diff(x[i], y[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (isObject(x) && isObject(y)) {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of [...keys].sort()) {
      const d = diff(x[k], y[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return x === y ? undefined : path;
}
