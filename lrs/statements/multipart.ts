/**
 * Statement request bodies with attachments (xAPI 1.0.3 Communication §1.5, 2.0 §4.1.3):
 * `application/json`, or `multipart/mixed` whose first part holds the Statement(s) and whose
 * other parts hold raw attachment data, each named by the SHA-2 of its octets in
 * `X-Experience-API-Hash`. Also the multipart response for `GET /statements?attachments=true`.
 *
 * Multipart framing is parsed by `@remix-run/multipart-parser` (any `multipart/*`, binary-safe,
 * Buffer in, parts out, with size limits; maintained by the Remix team). The alternatives were
 * form-data oriented (busboy, multipasta, parse-multipart-data: they want Content-Disposition
 * names or work on strings) or unmaintained (dicer). Before handing it the body we skip an
 * RFC 2046 preamble ending in CRLF, which that parser does not accept but clients send (the
 * conformance suite's signed statements begin with `\r\n--boundary`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { parse as parseContentType } from 'content-type';
import { MultipartParseError, MaxFileSizeExceededError, MaxTotalSizeExceededError, parseMultipart } from '@remix-run/multipart-parser';
import { BadRequestError, PayloadTooLargeError } from '../errors.js';
import type { XapiVersion } from '../version.js';
import { SIGNATURE_USAGE_TYPE, verifySignedStatement } from './signature.js';

/** One attachment part of a request, keyed in the map by its `X-Experience-API-Hash` (lower-case hex). */
export interface AttachmentPart {
  /** The part's `Content-Type` header; empty when the part carried none. */
  contentType: string;
  data: Buffer;
}

export interface StatementRequest {
  /** The parsed JSON of the body or of the multipart body's first part (not yet validated). */
  statements: unknown;
  attachments: Map<string, AttachmentPart>;
}

const MAX_PARTS = 10_000;
const HEX_HASH = /^[0-9a-f]+$/;

/**
 * Parse a POST/PUT statements body. Any content type other than `application/json` or
 * `multipart/mixed` is refused with 400, not 415: the conformance suite requires 400
 * (XAPI-00127, e.g. `multipart/form-data` must be 400 Bad Request).
 */
/**
 * `maxBytes` bounds the whole request (attachments included), `maxJsonBytes` the
 * statements' JSON alone: a huge statement is refused even when large attachments are not.
 */
export function parseStatementRequest(body: Buffer, contentType: string | undefined, opts: { maxBytes?: number; maxJsonBytes?: number } = {}): StatementRequest {
  if (opts.maxBytes !== undefined && body.length > opts.maxBytes) {
    throw new PayloadTooLargeError(`the request body is ${body.length} bytes; this LRS accepts at most ${opts.maxBytes}`);
  }
  if (!contentType || !contentType.trim()) {
    throw new BadRequestError('a Content-Type header of application/json or multipart/mixed is required', 'Content-Type');
  }
  const type = parseContentType(contentType);
  const mediaType = type.type.toLowerCase();
  if (mediaType === 'application/json') {
    assertJsonSize(body, opts.maxJsonBytes);
    return { statements: parseJson(body, 'body'), attachments: new Map() };
  }
  if (mediaType === 'multipart/mixed') {
    const boundary = type.parameters.boundary;
    if (!boundary) throw new BadRequestError('multipart/mixed requires a boundary parameter', 'Content-Type');
    return parseMixed(body, boundary, opts.maxJsonBytes);
  }
  throw new BadRequestError(`statements must be sent as application/json or multipart/mixed, not ${mediaType || contentType}`, 'Content-Type');
}

function parseMixed(body: Buffer, boundary: string, maxJsonBytes?: number): StatementRequest {
  const parts = readParts(body, boundary);
  if (parts.length === 0) throw new BadRequestError('the multipart body has no parts', 'body');
  const [first, ...rest] = parts;
  const firstType = first!.headers['content-type'];
  if (!firstType || essence(firstType) !== 'application/json') {
    throw new BadRequestError(
      `the first part of a multipart/mixed body must hold the statements with Content-Type application/json, not ${firstType ?? 'none'}`,
      'Content-Type',
    );
  }
  assertJsonSize(first!.data, maxJsonBytes);
  const statements = parseJson(first!.data, 'body');
  const attachments = new Map<string, AttachmentPart>();
  rest.forEach((part, i) => {
    const where = `part ${i + 2} of the multipart body`;
    const hash = part.headers['x-experience-api-hash']?.trim().toLowerCase();
    if (!hash) {
      throw new BadRequestError(`${where} has no X-Experience-API-Hash header (every part after the first carries an attachment)`, 'X-Experience-API-Hash');
    }
    if (!HEX_HASH.test(hash) || !HASHES_BY_HEX_LENGTH[hash.length]) {
      throw new BadRequestError(`${where}: "${hash}" is not a hex SHA-224, SHA-256, SHA-384 or SHA-512 hash`, 'X-Experience-API-Hash');
    }
    // The LRS SHOULD assume binary when the header is absent; any other encoding is refused.
    const cte = part.headers['content-transfer-encoding'];
    if (cte !== undefined && cte.trim().toLowerCase() !== 'binary') {
      throw new BadRequestError(`${where} has Content-Transfer-Encoding "${cte}"; attachments are sent as binary`, 'Content-Transfer-Encoding');
    }
    const length = part.headers['content-length'];
    if (length !== undefined && Number(length.trim()) !== part.data.length) {
      throw new BadRequestError(`${where} declares Content-Length ${length} but holds ${part.data.length} bytes`, 'Content-Length');
    }
    // The same data may be sent once for several statements; a repeated part adds nothing.
    if (!attachments.has(hash)) attachments.set(hash, { contentType: part.headers['content-type'] ?? '', data: part.data });
  });
  return { statements, attachments };
}

interface RawPart {
  headers: { readonly [name: string]: string | undefined };
  data: Buffer;
}

function readParts(body: Buffer, boundary: string): RawPart[] {
  const delimiter = `--${boundary}`;
  // RFC 2046: the body may open with a preamble that ends in CRLF before the first delimiter.
  let start = 0;
  if (!body.subarray(0, delimiter.length).equals(Buffer.from(delimiter, 'latin1'))) {
    const at = body.indexOf(`\r\n${delimiter}`, 0, 'latin1');
    if (at < 0) throw new BadRequestError(`the body does not contain the boundary "${boundary}" named in Content-Type`, 'body');
    start = at + 2;
  }
  const message = body.subarray(start);
  try {
    return [...parseMultipart(message, { boundary, maxFileSize: message.length + 1, maxTotalSize: message.length + 1, maxParts: MAX_PARTS })].map((p) => ({
      headers: p.headers,
      data: Buffer.from(p.bytes),
    }));
  } catch (err) {
    if (err instanceof MaxFileSizeExceededError || err instanceof MaxTotalSizeExceededError) {
      throw new PayloadTooLargeError(err.message);
    }
    if (err instanceof MultipartParseError) {
      throw new BadRequestError(`malformed multipart/mixed body: ${err.message}`, 'body');
    }
    // Part headers that are not UTF-8 make the parser's TextDecoder throw a TypeError.
    if (err instanceof TypeError) throw new BadRequestError(`malformed multipart/mixed body: ${err.message}`, 'body');
    throw err;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function assertJsonSize(json: Buffer, max: number | undefined): void {
  if (max !== undefined && json.length > max) {
    throw new PayloadTooLargeError(`the statements' JSON is ${json.length} bytes; this LRS accepts at most ${max}`);
  }
}

function parseJson(data: Buffer, field: string): unknown {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    throw new BadRequestError('the statements are not valid UTF-8', field);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) throw new BadRequestError('the request has no statements', field);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequestError(`the statements are not valid JSON: ${(err as Error).message}`, field);
  }
}

/** `type/subtype` of a media type, lower-cased, without parameters. */
function essence(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

/** SHA-2 algorithms by the length of their hex digest. */
const HASHES_BY_HEX_LENGTH: Record<number, string[] | undefined> = {
  56: ['sha224', 'sha512-224'],
  64: ['sha256', 'sha512-256'],
  96: ['sha384'],
  128: ['sha512'],
};

/** True when `hex` is the SHA-2 digest (of the size its length implies) of `data`. */
export function sha2Matches(data: Buffer, hex: string): boolean {
  const algorithms = HASHES_BY_HEX_LENGTH[hex.length] ?? [];
  return algorithms.some((alg) => createHash(alg).update(data).digest('hex') === hex.toLowerCase());
}

interface AttachmentObject {
  usageType?: unknown;
  contentType?: unknown;
  sha2?: unknown;
  fileUrl?: unknown;
}

interface Declared {
  attachment: AttachmentObject;
  statement: object;
  field: string;
  /** Declared by the statement itself, not by its SubStatement. */
  topLevel: boolean;
}

/**
 * Enforce the attachment rules on validated statements and the parts that came with them:
 * - every part's data hashes (SHA-2 of the header's length) to its `X-Experience-API-Hash`;
 * - every part is the data of some declared attachment (no extra parts);
 * - every attachment without `fileUrl` has a part whose hash is its `sha2` (so such
 *   statements need multipart/mixed), and a part's Content-Type matches its attachment's;
 * - a signature attachment (usageType `http://adlnet.gov/expapi/attachments/signature`) has
 *   contentType `application/octet-stream`, its JWS sent as a part, and the JWS verifies
 *   against its statement (`verifySignedStatement`).
 * Attachments of a SubStatement count as declared too (the spec recommends hoisting them);
 * only the statement's own signature attachments are checked as signatures.
 * The rules are the same for 1.0.3 and 2.0. Async because signatures are checked with `jose`.
 */
export async function checkAttachments(statements: object[], attachments: Map<string, AttachmentPart>, version: XapiVersion): Promise<void> {
  const batch = statements.length > 1;
  const declared: Declared[] = [];
  statements.forEach((statement, si) => {
    const prefix = batch ? `statements[${si}]` : 'statement';
    for (const [list, path, topLevel] of attachmentLists(statement, prefix)) {
      list.forEach((attachment, ai) => {
        if (attachment && typeof attachment === 'object') declared.push({ attachment, statement, field: `${path}[${ai}]`, topLevel });
      });
    }
  });
  const declaredHashes = new Set(declared.map((d) => hashOf(d.attachment)).filter((h) => h !== ''));

  for (const [hash, part] of attachments) {
    if (!sha2Matches(part.data, hash)) {
      throw new BadRequestError(`the data of the part with X-Experience-API-Hash ${hash} does not have that hash`, 'X-Experience-API-Hash');
    }
    if (!declaredHashes.has(hash)) {
      throw new BadRequestError(`the part with X-Experience-API-Hash ${hash} matches no attachment's sha2 in the statements`, 'X-Experience-API-Hash');
    }
    if (part.contentType) {
      const types = declared.filter((d) => hashOf(d.attachment) === hash).map((d) => String(d.attachment.contentType ?? ''));
      if (!types.some((t) => essence(t) === essence(part.contentType))) {
        throw new BadRequestError(
          `the part with X-Experience-API-Hash ${hash} has Content-Type ${part.contentType} but its attachment declares ${types.join(', ')}`,
          'Content-Type',
        );
      }
    }
  }

  for (const { attachment, statement, field, topLevel } of declared) {
    const hash = hashOf(attachment);
    const part = hash ? attachments.get(hash) : undefined;
    if (topLevel && attachment.usageType === SIGNATURE_USAGE_TYPE) {
      if (essence(String(attachment.contentType ?? '')) !== 'application/octet-stream') {
        throw new BadRequestError(`a signature attachment must have contentType application/octet-stream, not ${String(attachment.contentType)}`, `${field}.contentType`);
      }
      if (!part) {
        throw new BadRequestError('the JWS of a signature attachment must be sent as a multipart/mixed part whose X-Experience-API-Hash is its sha2', `${field}.sha2`);
      }
      await verifySignedStatement(statement, part.data.toString('utf8'), version);
      continue;
    }
    if (!part && typeof attachment.fileUrl !== 'string') {
      throw new BadRequestError(
        'an attachment without fileUrl must have its data sent as a multipart/mixed part whose X-Experience-API-Hash is its sha2',
        `${field}.sha2`,
      );
    }
  }
}

function hashOf(attachment: AttachmentObject): string {
  return typeof attachment.sha2 === 'string' ? attachment.sha2.trim().toLowerCase() : '';
}

function attachmentLists(statement: object, prefix: string): Array<[AttachmentObject[], string, boolean]> {
  const s = statement as { attachments?: unknown; object?: { objectType?: unknown; attachments?: unknown } };
  const lists: Array<[AttachmentObject[], string, boolean]> = [];
  if (Array.isArray(s.attachments)) lists.push([s.attachments, `${prefix}.attachments`, true]);
  if (s.object && s.object.objectType === 'SubStatement' && Array.isArray(s.object.attachments)) {
    lists.push([s.object.attachments, `${prefix}.object.attachments`, false]);
  }
  return lists;
}

/**
 * The `multipart/mixed` body for `GET /statements?attachments=true`: the statement JSON (a
 * Statement or a StatementResult), then one part per distinct attachment (by sha2) with
 * `Content-Type`, `Content-Transfer-Encoding: binary` and `X-Experience-API-Hash`.
 * The boundary is random hex (some clients build a RegExp from it) and appears in no part.
 */
export function buildMultipartResponse(
  statementsJson: string,
  attachments: Array<{ sha2: string; contentType: string; data: Buffer }>,
): { contentType: string; body: Buffer } {
  const seen = new Set<string>();
  const unique = attachments.filter((a) => {
    const key = a.sha2.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const json = Buffer.from(statementsJson, 'utf8');
  let boundary: string;
  do {
    boundary = randomBytes(16).toString('hex');
  } while ([json, ...unique.map((a) => a.data)].some((b) => b.includes(boundary, 0, 'latin1')));

  const chunks: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n`, 'latin1'), json];
  for (const a of unique) {
    chunks.push(
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Type: ${a.contentType}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${a.sha2}\r\n\r\n`,
        'utf8',
      ),
      a.data,
    );
  }
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: Buffer.concat(chunks) };
}
