/** Signed statements: JWS well-formedness, x5c verification and the statement comparison. */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign } from 'jose';
import { BadRequestError } from '../errors.js';
import { compareSignedStatement, SIGNATURE_USAGE_TYPE, verifySignedStatement } from './signature.js';

interface Signer {
  privateKey: KeyObject;
  /** base64 DER, as JWS x5c carries it */
  certDer64: string;
}

const dir = mkdtempSync(join(tmpdir(), 'xapi-sig-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function der64(pemFile: string): string {
  return readFileSync(join(dir, pemFile), 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

let serial = 1;
/** A fresh RSA key and an X.509 certificate for it: self-signed, or issued by `issuer`. */
function makeSigner(name: string, opts: { bits?: number; issuer?: { name: string }; ca?: boolean } = {}): Signer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: opts.bits ?? 2048 });
  writeFileSync(join(dir, `${name}.key`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const ext = opts.ca ? ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign'] : [];
  if (!opts.issuer) {
    openssl('req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-days', '2', '-sha256', ...ext, '-out', `${name}.pem`);
  } else {
    openssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
    const i = opts.issuer.name;
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${i}.pem`, '-CAkey', `${i}.key`, '-set_serial', String(++serial), '-days', '2', '-sha256', '-out', `${name}.pem`);
  }
  return { privateKey, certDer64: der64(`${name}.pem`) };
}

let signer: Signer;
let other: Signer;
let ca: Signer & { name: string };
let leaf: Signer;
test.before(() => {
  signer = makeSigner('signer');
  other = makeSigner('other');
  ca = { ...makeSigner('ca', { ca: true }), name: 'ca' };
  leaf = makeSigner('leaf', { issuer: ca });
});

const statement = () => ({
  id: '9e13cefd-53d3-4eac-b5ed-2cf6693903bb',
  actor: { objectType: 'Agent', name: 'Ann', mbox: 'mailto:ann@example.com' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
  object: { objectType: 'Activity', id: 'http://example.com/course/1' },
  result: { score: { scaled: 0.5 }, duration: 'PT1H' },
  timestamp: '2024-05-01T12:00:00.000Z',
});

type Json = Record<string, unknown>;

async function sign(payload: Json | string, key: KeyObject, header: Record<string, unknown>): Promise<string> {
  const bytes = new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return new CompactSign(bytes).setProtectedHeader({ alg: 'RS256', ...header } as { alg: string }).sign(key);
}

/** The statement as the client sends it: the signed one plus its signature attachment. */
function withSignature(s: Json, jws: string): Json {
  const attachments = Array.isArray(s.attachments) ? s.attachments : [];
  return {
    ...s,
    attachments: [
      ...attachments,
      { usageType: SIGNATURE_USAGE_TYPE, display: { 'en-US': 'signature' }, contentType: 'application/octet-stream', length: jws.length, sha2: 'ab'.repeat(32) },
    ],
  };
}

async function rejects(t: import('ava').ExecutionContext, p: Promise<unknown>, message: RegExp): Promise<void> {
  const err = await t.throwsAsync(p, { instanceOf: BadRequestError });
  t.is(err?.status, 400);
  t.is(err?.field, 'attachments');
  t.regex(err?.message ?? '', message);
}

for (const alg of ['RS256', 'RS384', 'RS512']) {
  test(`a statement signed with ${alg} and its x5c certificate verifies, for 1.0.3 and 2.0`, async (t) => {
    const s = statement();
    const jws = await sign(s, signer.privateKey, { alg, x5c: [signer.certDer64] });
    await t.notThrowsAsync(verifySignedStatement(withSignature(s, jws), jws, '1.0.3'));
    await t.notThrowsAsync(verifySignedStatement(withSignature(s, jws), `${jws}\r\n`, '2.0.0'));
  });
}

test('without x5c the signature cannot be checked, but the payload still must match', async (t) => {
  const s = statement();
  const jws = await sign(s, signer.privateKey, {});
  await t.notThrowsAsync(verifySignedStatement(withSignature(s, jws), jws, '1.0.3'));
  const changed = { ...s, verb: { ...s.verb, id: 'http://adlnet.gov/expapi/verbs/failed' } };
  await rejects(t, verifySignedStatement(withSignature(changed, jws), jws, '1.0.3'), /differs from the statement received at statement\.verb\.id/);
});

test('a tampered signature, or one made with another key than the certificate, is refused', async (t) => {
  const s = statement();
  const jws = await sign(s, signer.privateKey, { x5c: [signer.certDer64] });
  const [h, p, sig] = jws.split('.');
  const flipped = `${h}.${p}.${sig!.startsWith('A') ? 'B' : 'A'}${sig!.slice(1)}`;
  await rejects(t, verifySignedStatement(withSignature(s, flipped), flipped, '1.0.3'), /does not verify with the public key of its x5c certificate/);

  const wrongKey = await sign(s, other.privateKey, { x5c: [signer.certDer64] });
  await rejects(t, verifySignedStatement(withSignature(s, wrongKey), wrongKey, '2.0.0'), /does not verify/);
});

test('a payload swapped under a valid header and signature is refused', async (t) => {
  const s = statement();
  const good = await sign(s, signer.privateKey, { x5c: [signer.certDer64] });
  // Swap in a different payload under the original header and signature.
  const other = { ...s, result: { ...s.result, score: { scaled: 1 } } };
  const otherPayload = Buffer.from(JSON.stringify(other)).toString('base64url');
  const [h, , sig] = good.split('.');
  const swapped = `${h}.${otherPayload}.${sig}`;
  await rejects(t, verifySignedStatement(withSignature(other, swapped), swapped, '1.0.3'), /does not verify/);
});

test('only RS256, RS384 and RS512 are accepted', async (t) => {
  const s = statement();
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  for (const alg of ['HS256', 'none', 'ES256', 'PS256']) {
    const jws = `${b64({ alg })}.${b64(s)}.c2lnbmF0dXJl`;
    await rejects(t, verifySignedStatement(withSignature(s, jws), jws, '1.0.3'), new RegExp(`must be RS256, RS384 or RS512, not "${alg}"`));
  }
  const noAlg = `${b64({ typ: 'JWT' })}.${b64(s)}.c2ln`;
  await rejects(t, verifySignedStatement(withSignature(s, noAlg), noAlg, '1.0.3'), /not null/);
});

test('malformed JWS: not compact, bad header, payload that is not a JSON statement', async (t) => {
  const s = statement();
  const b64 = (v: string) => Buffer.from(v).toString('base64url');
  const cases: Array<[string, RegExp]> = [
    ['not a jws', /compact serialization/],
    [`${b64('{"alg":"RS256"}')}.${b64('{}')}`, /compact serialization/],
    [`${b64('{"alg":"RS256"}')}.${b64('{}')}.`, /compact serialization/],
    [JSON.stringify({ payload: b64('{}'), signatures: [] }), /compact serialization/],
    [`${b64('not json')}.${b64('{}')}.c2ln`, /header is not base64url-encoded JSON/],
    // The payload with its first double quote made single, as a client breaking the JSON would.
    [`${b64('{"alg":"RS256"}')}.${b64(JSON.stringify(s).replace('"', "'"))}.c2ln`, /payload is not a valid JSON serialization/],
    [`${b64('{"alg":"RS256"}')}.${b64('[1,2]')}.c2ln`, /payload is not a statement object/],
    [`${b64('{"alg":"RS256","b64":false,"crit":["b64"]}')}.${b64('{}')}.c2ln`, /unencoded payload/],
  ];
  for (const [jws, message] of cases) {
    await rejects(t, verifySignedStatement(withSignature(s, jws), jws, '1.0.3'), message);
  }
});

test('x5c must hold certificates; a chain must be signed in order', async (t) => {
  const s = statement();
  const garbage = await sign(s, signer.privateKey, { x5c: ['bm90IGEgY2VydA=='] });
  await rejects(t, verifySignedStatement(withSignature(s, garbage), garbage, '1.0.3'), /not a valid X\.509 certificate/);
  const notArray = await sign(s, signer.privateKey, { x5c: signer.certDer64 });
  await rejects(t, verifySignedStatement(withSignature(s, notArray), notArray, '1.0.3'), /non-empty array/);
  const empty = await sign(s, signer.privateKey, { x5c: [] });
  await rejects(t, verifySignedStatement(withSignature(s, empty), empty, '1.0.3'), /non-empty array/);

  const chained = await sign(s, leaf.privateKey, { x5c: [leaf.certDer64, ca.certDer64] });
  await t.notThrowsAsync(verifySignedStatement(withSignature(s, chained), chained, '1.0.3'));
  const reversed = await sign(s, leaf.privateKey, { x5c: [leaf.certDer64, signer.certDer64] });
  await rejects(t, verifySignedStatement(withSignature(s, reversed), reversed, '1.0.3'), /certificate 0 of the JWS x5c chain is not signed by certificate 1/);
});

test('RSA keys under 2048 bits are refused (RFC 7518 §3.3)', async (t) => {
  const small = makeSigner('small', { bits: 1024 });
  const s = statement();
  const input = `${Buffer.from(JSON.stringify({ alg: 'RS256', x5c: [small.certDer64] })).toString('base64url')}.${Buffer.from(JSON.stringify(s)).toString('base64url')}`;
  const sig = createSign('RSA-SHA256').update(input).sign(small.privateKey).toString('base64url');
  const jws = `${input}.${sig}`;
  await rejects(t, verifySignedStatement(withSignature(s, jws), jws, '1.0.3'), /2048 bits/);
});

test('properties the LRS assigns are ignored; id and timestamp must agree when both are present', async (t) => {
  const signed = statement();
  const { id, timestamp, ...bare } = signed;
  const jws = await sign(bare, signer.privateKey, { x5c: [signer.certDer64] });
  const assigned = {
    ...signed,
    authority: { objectType: 'Agent', account: { homePage: 'https://lrs.example/xapi/clients', name: 'k' } },
    stored: '2024-05-01T12:00:01.000Z',
    version: '1.0.3',
  };
  await t.notThrowsAsync(verifySignedStatement(withSignature(assigned, jws), jws, '1.0.3'));

  const full = await sign(signed, signer.privateKey, { x5c: [signer.certDer64] });
  await t.notThrowsAsync(verifySignedStatement(withSignature({ ...signed, id: id.toUpperCase() }, full), full, '1.0.3'));
  await rejects(
    t,
    verifySignedStatement(withSignature({ ...signed, id: 'c0b0c6a2-3e57-4a5d-9a70-4b8e1e9a7e11' }, full), full, '1.0.3'),
    /at statement\.id/,
  );
  await t.notThrowsAsync(verifySignedStatement(withSignature({ ...signed, timestamp: '2024-05-01T14:00:00+02:00' }, full), full, '1.0.3'));
  await rejects(t, verifySignedStatement(withSignature({ ...signed, timestamp: '2024-05-01T12:00:01Z' }, full), full, '1.0.3'), /at statement\.timestamp/);
  t.truthy(timestamp);
});

const base = () => ({ actor: { mbox: 'mailto:sub@example.com' }, verb: { id: 'http://adlnet.gov/expapi/verbs/attended' }, object: { id: 'http://example.com/x' } });

test('comparison: group order, mbox domain case, duration digits past 0.01 s and default objectTypes do not matter; other differences do', (t) => {
  const group = (members: Json[]) => ({ objectType: 'Group', name: 'team', member: members });
  const ann = { mbox: 'mailto:ann@example.com' };
  const bob = { objectType: 'Agent', mbox: 'mailto:bob@example.com' };
  const signed: Json = {
    actor: group([ann, bob]),
    verb: { id: 'http://adlnet.gov/expapi/verbs/attended' },
    object: { id: 'http://example.com/meeting' },
    context: { registration: 'EC531277-B57B-4C15-8D91-D292C5B2B8F7', instructor: { mbox: 'mailto:Carl@Example.COM' } },
  };
  const received: Json = {
    actor: group([{ objectType: 'Agent', mbox: 'mailto:bob@EXAMPLE.com' }, { objectType: 'Agent', mbox: 'mailto:ann@example.com' }]),
    verb: { id: 'http://adlnet.gov/expapi/verbs/attended' },
    object: { objectType: 'Activity', id: 'http://example.com/meeting' },
    context: { registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7', instructor: { objectType: 'Agent', mbox: 'mailto:Carl@example.com' } },
  };
  t.is(compareSignedStatement(signed, received), undefined);
  // The local part of an e-mail address is case-sensitive.
  t.is(compareSignedStatement(signed, { ...received, context: { ...(received.context as Json), instructor: { mbox: 'mailto:carl@example.com' } } }), 'statement.context.instructor.mbox');
  t.is(compareSignedStatement(signed, { ...received, result: { success: true } }), 'statement.result');
  t.is(compareSignedStatement({ ...signed, result: { duration: 'PT1H' } }, { ...received, result: { duration: 'PT60M' } }), 'statement.result.duration');
  // Precision beyond 0.01 s is not compared (the LRS may truncate it); the hundredths are.
  t.is(compareSignedStatement({ ...signed, result: { duration: 'P1DT12H36M0.12S' } }, { ...received, result: { duration: 'P1DT12H36M0.1237S' } }), undefined);
  t.is(compareSignedStatement({ ...signed, result: { duration: 'PT0.12S' } }, { ...received, result: { duration: 'PT0.13S' } }), 'statement.result.duration');
  const sub = (duration: string) => ({ ...received, object: { objectType: 'SubStatement', ...base(), result: { duration } } });
  t.is(compareSignedStatement(sub('PT1.999S'), sub('PT1.99S')), undefined);
  t.is(compareSignedStatement(sub('PT2S'), sub('PT1.99S')), 'statement.object.result.duration');
  t.is(compareSignedStatement(signed, { ...received, verb: { id: 'http://adlnet.gov/expapi/verbs/attended', display: { 'en-US': 'attended' } } }), 'statement.verb.display');
});

test('comparison: signature attachments are left out; other attachments must match', (t) => {
  const photo = { usageType: 'http://example.com/photo', display: { en: 'photo' }, contentType: 'image/png', length: 3, sha2: 'cd'.repeat(32) };
  const sig = { usageType: SIGNATURE_USAGE_TYPE, display: { en: 'sig' }, contentType: 'application/octet-stream', length: 9, sha2: 'ef'.repeat(32) };
  const base: Json = { actor: { mbox: 'mailto:a@b.c' }, verb: { id: 'http://v.example/x' }, object: { id: 'http://o.example/x' } };
  t.is(compareSignedStatement({ ...base, attachments: [photo] }, { ...base, attachments: [photo, sig] }), undefined);
  t.is(compareSignedStatement(base, { ...base, attachments: [sig] }), undefined);
  t.is(compareSignedStatement(base, { ...base, attachments: [photo, sig] }), 'statement.attachments');
  t.is(compareSignedStatement({ ...base, attachments: [photo] }, { ...base, attachments: [{ ...photo, length: 4 }, sig] }), 'statement.attachments[0].length');
});
