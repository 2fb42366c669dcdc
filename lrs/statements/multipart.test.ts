/** Statement request bodies with attachments, the attachment rules, and the multipart response. */
import test, { type ExecutionContext } from 'ava';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { CompactSign } from 'jose';
import { BadRequestError, LrsError, PayloadTooLargeError } from '../errors.js';
import { buildMultipartResponse, checkAttachments, parseStatementRequest, type AttachmentPart } from './multipart.js';
import { SIGNATURE_USAGE_TYPE } from './signature.js';

const BOUNDARY = '-------314159265358979323846';
const sha = (data: Buffer | string, alg = 'sha256') => createHash(alg).update(data).digest('hex');

interface PartSpec {
  headers: Record<string, string>;
  data: Buffer | string;
}

/** A multipart/mixed body as RFC 2046 frames it: CRLF before every delimiter after the first. */
function mixed(parts: PartSpec[], opts: { boundary?: string; preamble?: string; close?: string } = {}): Buffer {
  const b = opts.boundary ?? BOUNDARY;
  const chunks: Buffer[] = [Buffer.from(opts.preamble ?? '')];
  parts.forEach((p, i) => {
    const head = Object.entries(p.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    chunks.push(Buffer.from(`${i === 0 ? '' : '\r\n'}--${b}\r\n${head}\r\n`), Buffer.from(p.data));
  });
  chunks.push(Buffer.from(opts.close ?? `\r\n--${b}--\r\n`));
  return Buffer.concat(chunks);
}

const jsonPart = (statements: unknown): PartSpec => ({ headers: { 'Content-Type': 'application/json' }, data: JSON.stringify(statements) });
const dataPart = (data: Buffer | string, contentType = 'text/plain', hash = sha(data)): PartSpec => ({
  headers: { 'Content-Type': contentType, 'Content-Transfer-Encoding': 'binary', 'X-Experience-API-Hash': hash },
  data,
});

const CT = `multipart/mixed; boundary=${BOUNDARY}`;

function statement(attachments?: unknown[]): Record<string, unknown> {
  return {
    actor: { mbox: 'mailto:ann@example.com' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/attempted' },
    object: { id: 'http://example.com/activity' },
    ...(attachments ? { attachments } : {}),
  };
}

function attachment(data: Buffer | string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { usageType: 'http://example.com/usage/essay', display: { 'en-US': 'essay' }, contentType: 'text/plain', length: Buffer.byteLength(data), sha2: sha(data), ...extra };
}

function refuses(t: ExecutionContext, fn: () => unknown, status: number, field: string | undefined, message: RegExp): void {
  const err = t.throws(fn, { instanceOf: LrsError });
  t.is(err?.status, status);
  t.is(err?.field, field);
  t.regex(err?.message ?? '', message);
}

async function refusesAsync(t: ExecutionContext, p: Promise<unknown>, field: string, message: RegExp): Promise<void> {
  const err = await t.throwsAsync(p, { instanceOf: BadRequestError });
  t.is(err?.status, 400);
  t.is(err?.field, field);
  t.regex(err?.message ?? '', message);
}

// --- parseStatementRequest ---------------------------------------------------------------

test('application/json bodies are parsed, with or without parameters, and carry no parts', (t) => {
  const s = statement();
  for (const ct of ['application/json', 'application/json; charset=utf-8', 'Application/JSON']) {
    const r = parseStatementRequest(Buffer.from(JSON.stringify([s, s])), ct, {});
    t.deepEqual(r.statements, [s, s]);
    t.is(r.attachments.size, 0);
  }
  // A UTF-8 byte order mark is tolerated.
  t.deepEqual(parseStatementRequest(Buffer.from(`\ufeff${JSON.stringify(s)}`), 'application/json', {}).statements, s);
});

test('malformed, empty or non-UTF-8 JSON is 400 naming body', (t) => {
  refuses(t, () => parseStatementRequest(Buffer.from('{"actor": '), 'application/json', {}), 400, 'body', /not valid JSON/);
  refuses(t, () => parseStatementRequest(Buffer.from("{'a': 1}"), 'application/json', {}), 400, 'body', /not valid JSON/);
  refuses(t, () => parseStatementRequest(Buffer.alloc(0), 'application/json', {}), 400, 'body', /no statements/);
  refuses(t, () => parseStatementRequest(Buffer.from([0x22, 0xff, 0x22]), 'application/json', {}), 400, 'body', /not valid UTF-8/);
  const body = mixed([{ headers: { 'Content-Type': 'application/json' }, data: '{"actor":' }]);
  refuses(t, () => parseStatementRequest(body, CT, {}), 400, 'body', /not valid JSON/);
});

test('content types other than application/json and multipart/mixed are 400 naming Content-Type (XAPI-00127)', (t) => {
  const json = Buffer.from(JSON.stringify(statement()));
  for (const ct of [`multipart/form-data; boundary=${BOUNDARY}`, 'text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) {
    refuses(t, () => parseStatementRequest(json, ct, {}), 400, 'Content-Type', /application\/json or multipart\/mixed/);
  }
  refuses(t, () => parseStatementRequest(json, undefined, {}), 400, 'Content-Type', /is required/);
  refuses(t, () => parseStatementRequest(json, '  ', {}), 400, 'Content-Type', /is required/);
});

test('a body over maxBytes is 413', (t) => {
  const body = Buffer.from(JSON.stringify(statement()));
  const err = t.throws(() => parseStatementRequest(body, 'application/json', { maxBytes: body.length - 1 }), { instanceOf: PayloadTooLargeError });
  t.is(err?.status, 413);
  t.notThrows(() => parseStatementRequest(body, 'application/json', { maxBytes: body.length }));
});

test('multipart/mixed: statements from the first part, binary parts byte-exact by hash', (t) => {
  // Every byte value, CRLFs, dashes and a near-boundary inside the data.
  const binary = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}\r\n\r\n--`)]);
  const text = 'here is a simple attachment';
  const s = statement([attachment(binary, { contentType: 'application/octet-stream' }), attachment(text)]);
  const body = mixed([jsonPart(s), dataPart(binary, 'application/octet-stream'), dataPart(text)]);
  const r = parseStatementRequest(body, CT, { maxBytes: body.length });
  t.deepEqual(r.statements, s);
  t.deepEqual([...r.attachments.keys()], [sha(binary), sha(text)]);
  t.true(r.attachments.get(sha(binary))!.data.equals(binary));
  t.is(r.attachments.get(sha(binary))!.contentType, 'application/octet-stream');
  t.is(r.attachments.get(sha(text))!.data.toString(), text);
});

test('multipart/mixed framing variants: preamble, no space after colons, no final CRLF, quoted boundary', (t) => {
  const s = statement();
  const signedStyle = Buffer.from(`\r\n--${BOUNDARY}\r\nContent-Type:application/json\r\n\r\n${JSON.stringify(s)}\r\n--${BOUNDARY}--`);
  t.deepEqual(parseStatementRequest(signedStyle, CT, {}).statements, s);

  const preamble = mixed([jsonPart(s)], { preamble: 'This is a preamble.\r\n' });
  t.deepEqual(parseStatementRequest(preamble, CT, {}).statements, s);

  // The boundary of the spec's example, quoted in the header (RFC 2046 allows these characters).
  const special = "abcABC0123'()+_,-./:=?";
  const quoted = mixed([jsonPart(s), dataPart('x')], { boundary: special, close: `\r\n--${special}--\r\nepilogue` });
  const r = parseStatementRequest(quoted, `multipart/mixed; boundary="${special}"`, {});
  t.deepEqual(r.statements, s);
  t.is(r.attachments.get(sha('x'))!.data.toString(), 'x');

  // No attachments at all is fine (the first part alone).
  t.is(parseStatementRequest(mixed([jsonPart([s])]), CT, {}).attachments.size, 0);
});

test('multipart/mixed without a usable boundary is 400 (XAPI-00130, XAPI-00131)', (t) => {
  const s = statement([attachment('a')]);
  refuses(t, () => parseStatementRequest(mixed([jsonPart(s)]), 'multipart/mixed', {}), 400, 'Content-Type', /boundary parameter/);
  refuses(t, () => parseStatementRequest(mixed([jsonPart(s)]), 'multipart/mixed;', {}), 400, 'Content-Type', /boundary parameter/);
  refuses(t, () => parseStatementRequest(mixed([jsonPart(s)]), 'multipart/mixed; boundary=other', {}), 400, 'body', /does not contain the boundary/);
  // No delimiter before the statements: the statements become a preamble, the first part is the attachment.
  const noOpening = Buffer.from(`Content-Type: application/json\r\n\r\n${JSON.stringify(s)}\r\n--${BOUNDARY}\r\nContent-Type: text/plain\r\nX-Experience-API-Hash: ${sha('a')}\r\n\r\na\r\n--${BOUNDARY}--\r\n`);
  refuses(t, () => parseStatementRequest(noOpening, CT, {}), 400, 'Content-Type', /first part .* application\/json/);
  // No delimiter between the statements and the attachment: the first part is not JSON.
  const noSecond = Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(s)}\r\nContent-Type: text/plain\r\n\r\na\r\n--${BOUNDARY}--\r\n`);
  refuses(t, () => parseStatementRequest(noSecond, CT, {}), 400, 'body', /not valid JSON/);
  // Never closed.
  refuses(t, () => parseStatementRequest(mixed([jsonPart(s)], { close: '\r\n' }), CT, {}), 400, 'body', /malformed multipart/);
});

test('the first part must be application/json, and only the first holds statements (XAPI-00133, XAPI-00134)', (t) => {
  const s = statement([attachment('a')]);
  const textFirst = mixed([{ headers: { 'Content-Type': 'text/plain' }, data: JSON.stringify(s) }, dataPart('a')]);
  refuses(t, () => parseStatementRequest(textFirst, CT, {}), 400, 'Content-Type', /first part .* not text\/plain/);
  const untyped = mixed([{ headers: { 'X-Note': 'no type' }, data: JSON.stringify(s) }]);
  refuses(t, () => parseStatementRequest(untyped, CT, {}), 400, 'Content-Type', /not none/);
  const twoJson = mixed([jsonPart(s), jsonPart(s), dataPart('a')]);
  refuses(t, () => parseStatementRequest(twoJson, CT, {}), 400, 'X-Experience-API-Hash', /part 2 .* no X-Experience-API-Hash/);
});

test('attachment parts need a hex SHA-2 hash and binary transfer encoding (XAPI-00132, XAPI-00135)', (t) => {
  const s = statement([attachment('a')]);
  const noHash = mixed([jsonPart(s), { headers: { 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'binary' }, data: 'a' }]);
  refuses(t, () => parseStatementRequest(noHash, CT, {}), 400, 'X-Experience-API-Hash', /no X-Experience-API-Hash/);
  const badHash = mixed([jsonPart(s), dataPart('a', 'text/plain', 'not-a-hash')]);
  refuses(t, () => parseStatementRequest(badHash, CT, {}), 400, 'X-Experience-API-Hash', /not a hex SHA-224, SHA-256, SHA-384 or SHA-512/);
  const md5 = mixed([jsonPart(s), dataPart('a', 'text/plain', createHash('md5').update('a').digest('hex'))]);
  refuses(t, () => parseStatementRequest(md5, CT, {}), 400, 'X-Experience-API-Hash', /not a hex SHA/);
  const base64 = mixed([jsonPart(s), { headers: { 'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'base64', 'X-Experience-API-Hash': sha('a') }, data: 'YQ==' }]);
  refuses(t, () => parseStatementRequest(base64, CT, {}), 400, 'Content-Transfer-Encoding', /"base64"/);
  const wrongLength = mixed([jsonPart(s), { headers: { ...dataPart('a').headers, 'Content-Length': '2' }, data: 'a' }]);
  refuses(t, () => parseStatementRequest(wrongLength, CT, {}), 400, 'Content-Length', /declares Content-Length 2 but holds 1/);
  // A missing Content-Transfer-Encoding is taken as binary; hashes are case-insensitive.
  const implicit = mixed([jsonPart(s), { headers: { 'X-Experience-API-Hash': sha('a').toUpperCase() }, data: 'a' }]);
  const r = parseStatementRequest(implicit, CT, {});
  t.is(r.attachments.get(sha('a'))!.data.toString(), 'a');
  t.is(r.attachments.get(sha('a'))!.contentType, '');
});

// --- checkAttachments --------------------------------------------------------------------

function request(statements: unknown, parts: PartSpec[]): { statements: object[]; attachments: Map<string, AttachmentPart> } {
  const r = parseStatementRequest(mixed([jsonPart(statements), ...parts]), CT, {});
  return { statements: (Array.isArray(r.statements) ? r.statements : [r.statements]) as object[], attachments: r.attachments };
}

test('attachments with their parts, or with fileUrl, are accepted', async (t) => {
  const jpegish = Buffer.from('ffd8ffe000104a464946', 'hex');
  const s = statement([
    attachment(jpegish, { contentType: 'image/jpeg' }),
    attachment('remote', { fileUrl: 'http://over.there.com/file.txt' }),
    // fileUrl and a part: the part is the attachment's data.
    attachment('both', { fileUrl: 'http://over.there.com/both.txt', contentType: 'text/plain; charset=ascii' }),
  ]);
  const r = request(s, [dataPart(jpegish, 'image/jpeg'), dataPart('both', 'text/plain')]);
  await t.notThrowsAsync(checkAttachments(r.statements, r.attachments, '1.0.3'));
  await t.notThrowsAsync(checkAttachments(r.statements, r.attachments, '2.0.0'));
  // application/json with only fileUrl attachments.
  const json = parseStatementRequest(Buffer.from(JSON.stringify(statement([attachment('remote', { fileUrl: 'http://x.example/f' })]))), 'application/json', {});
  await t.notThrowsAsync(checkAttachments([json.statements as object], json.attachments, '1.0.3'));
});

test('SHA-384, SHA-512 and upper-case sha2 values match their parts', async (t) => {
  const s = statement([attachment('three', { sha2: sha('three', 'sha384') }), attachment('five', { sha2: sha('five', 'sha512').toUpperCase() })]);
  const r = request(s, [dataPart('three', 'text/plain', sha('three', 'sha384')), dataPart('five', 'text/plain', sha('five', 'sha512'))]);
  await t.notThrowsAsync(checkAttachments(r.statements, r.attachments, '2.0.0'));
});

test('an attachment without fileUrl and without its part is 400 (XAPI-00129); so is one sent as application/json', async (t) => {
  const s = statement([attachment('one'), attachment('two')]);
  const r = request(s, [dataPart('one')]);
  await refusesAsync(t, checkAttachments(r.statements, r.attachments, '1.0.3'), 'statement.attachments[1].sha2', /without fileUrl must have its data sent as a multipart\/mixed part/);
  const json = parseStatementRequest(Buffer.from(JSON.stringify([statement(), statement([attachment('one')])])), 'application/json', {});
  await refusesAsync(t, checkAttachments(json.statements as object[], json.attachments, '2.0.0'), 'statements[1].attachments[0].sha2', /multipart\/mixed/);
});

test('a part no attachment declares is 400 (XAPI-00128)', async (t) => {
  const s = statement([attachment('one'), attachment('two')]);
  const r = request(s, [dataPart('one'), dataPart('two'), dataPart('three')]);
  await refusesAsync(t, checkAttachments(r.statements, r.attachments, '1.0.3'), 'X-Experience-API-Hash', new RegExp(`${sha('three')} matches no attachment`));
});

test('a part whose data does not hash to its X-Experience-API-Hash is 400 (XAPI-00132)', async (t) => {
  const s = statement([attachment('one')]);
  const r = request(s, [dataPart('one', 'text/plain', sha('other'))]);
  await refusesAsync(t, checkAttachments(r.statements, r.attachments, '1.0.3'), 'X-Experience-API-Hash', /does not have that hash/);
  // The header names the declared hash but the data differs.
  const lying = request(s, [dataPart('not one', 'text/plain', sha('one'))]);
  await refusesAsync(t, checkAttachments(lying.statements, lying.attachments, '1.0.3'), 'X-Experience-API-Hash', /does not have that hash/);
});

test("a part's Content-Type must match its attachment's (parameters aside)", async (t) => {
  const s = statement([attachment('one', { contentType: 'text/plain; charset=ascii' })]);
  const ok = request(s, [dataPart('one', 'TEXT/PLAIN')]);
  await t.notThrowsAsync(checkAttachments(ok.statements, ok.attachments, '1.0.3'));
  const bad = request(s, [dataPart('one', 'image/png')]);
  await refusesAsync(t, checkAttachments(bad.statements, bad.attachments, '1.0.3'), 'Content-Type', /Content-Type image\/png but its attachment declares text\/plain; charset=ascii/);
});

test('one part may serve several statements of a batch, and a SubStatement’s attachment', async (t) => {
  const shared = attachment('shared');
  const sub = {
    ...statement([attachment('outer')]),
    object: { objectType: 'SubStatement', ...statement([attachment('inner')]) },
  };
  const r = request([statement([shared]), statement([shared]), sub], [dataPart('shared'), dataPart('outer'), dataPart('inner')]);
  await t.notThrowsAsync(checkAttachments(r.statements, r.attachments, '1.0.3'));
  const missing = request([statement([shared]), sub], [dataPart('shared'), dataPart('outer')]);
  await refusesAsync(t, checkAttachments(missing.statements, missing.attachments, '1.0.3'), 'statements[1].object.attachments[0].sha2', /without fileUrl/);
});

// --- signed statements through checkAttachments -------------------------------------------

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

async function signedRequest(opts: { contentType?: string; alg?: string; tamper?: boolean } = {}) {
  const s = { ...statement(), id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0' };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(s))).setProtectedHeader({ alg: opts.alg ?? 'RS256' }).sign(privateKey);
  const sent = {
    ...s,
    ...(opts.tamper ? { verb: { id: 'http://adlnet.gov/expapi/verbs/passed' } } : {}),
    attachments: [
      { usageType: SIGNATURE_USAGE_TYPE, display: { 'en-US': 'signature' }, contentType: opts.contentType ?? 'application/octet-stream', length: jws.length, sha2: sha(jws) },
    ],
  };
  return request(sent, [dataPart(jws, opts.contentType ?? 'application/octet-stream')]);
}

test('a signed statement with its JWS part is verified', async (t) => {
  for (const alg of ['RS256', 'RS384', 'RS512']) {
    const r = await signedRequest({ alg });
    await t.notThrowsAsync(checkAttachments(r.statements, r.attachments, '1.0.3'));
  }
  const tampered = await signedRequest({ tamper: true });
  await refusesAsync(t, checkAttachments(tampered.statements, tampered.attachments, '2.0.0'), 'attachments', /differs from the statement received at statement\.verb\.id/);
});

test('a signature attachment must be application/octet-stream and its JWS must be sent (XAPI-00115)', async (t) => {
  const textSig = await signedRequest({ contentType: 'text/plain; charset=ascii' });
  await refusesAsync(t, checkAttachments(textSig.statements, textSig.attachments, '1.0.3'), 'statement.attachments[0].contentType', /must have contentType application\/octet-stream/);
  const r = await signedRequest();
  await refusesAsync(t, checkAttachments(r.statements, new Map(), '1.0.3'), 'statement.attachments[0].sha2', /JWS of a signature attachment must be sent/);
});

// --- buildMultipartResponse ---------------------------------------------------------------

test('the multipart response round-trips: JSON first, one part per distinct attachment', async (t) => {
  const image = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 256));
  const text = Buffer.from('here is a simple attachment');
  const s = statement([attachment(image, { contentType: 'image/png' }), attachment(text)]);
  const json = JSON.stringify({ statements: [s, s], more: '' });
  const res = buildMultipartResponse(json, [
    { sha2: sha(image), contentType: 'image/png', data: image },
    { sha2: sha(text), contentType: 'text/plain', data: text },
    { sha2: sha(text).toUpperCase(), contentType: 'text/plain', data: text },
  ]);
  const match = /^multipart\/mixed; boundary=([0-9a-f]{32})$/.exec(res.contentType);
  t.truthy(match);
  const body = res.body.toString('latin1');
  t.true(body.startsWith(`--${match![1]}\r\nContent-Type: application/json\r\n\r\n${json}\r\n`));
  t.true(body.endsWith(`\r\n--${match![1]}--\r\n`));
  // The hash appears in the statement JSON (twice, two statements) and once as a part header.
  t.is(body.split(sha(text)).length - 1, 3);
  t.is(body.split('Content-Transfer-Encoding: binary').length - 1, 2);

  const parsed = parseStatementRequest(res.body, res.contentType, {});
  t.deepEqual(parsed.statements, JSON.parse(json));
  t.true(parsed.attachments.get(sha(image))!.data.equals(image));
  t.is(parsed.attachments.get(sha(image))!.contentType, 'image/png');
  t.true(parsed.attachments.get(sha(text))!.data.equals(text));
  await t.notThrowsAsync(checkAttachments([s], parsed.attachments, '1.0.3'));
});

test('a multipart response with no attachments still has its JSON part', (t) => {
  const res = buildMultipartResponse('{"statements":[],"more":""}', []);
  const parsed = parseStatementRequest(res.body, res.contentType, {});
  t.deepEqual(parsed.statements, { statements: [], more: '' });
  t.is(parsed.attachments.size, 0);
});
