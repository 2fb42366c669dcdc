/**
 * xAPI 1.0.3's alternate request syntax (Communication 1.3): a POST with `?method=X`
 * and a form body carrying the headers, the other parameters and the `content`, for
 * clients that cannot send arbitrary methods or headers. The request is rewritten in
 * place into the request it stands for. xAPI 2.0 removed the syntax: 2.0 requests using
 * it are refused.
 */
import express, { type Request, type RequestHandler } from 'express';
import { BadRequestError } from '../errors.js';

/** Form fields that are really headers. */
const HEADER_FIELDS = new Set(['authorization', 'x-experience-api-version', 'content-type', 'content-length', 'if-match', 'if-none-match']);
const METHODS = new Set(['GET', 'HEAD', 'PUT', 'POST', 'DELETE']);

const readFormText = express.text({ type: () => true, limit: '20mb' });

export const alternateRequestSyntax: RequestHandler = (req, res, next) => {
  // Cheap test first: this runs on every request and almost none use the syntax.
  if (!req.url.includes('method=')) return next();
  const raw = new URL(req.url, 'http://x').searchParams;
  if (!raw.has('method')) return next();
  try {
    const method = String(raw.get('method')).toUpperCase();
    if (/^2\.0/.test(req.get('x-experience-api-version') ?? '')) {
      throw new BadRequestError('the alternate request syntax is not part of xAPI 2.0', 'method');
    }
    if (req.method !== 'POST') throw new BadRequestError('the alternate request syntax must be sent as POST', 'method');
    if (!METHODS.has(method)) throw new BadRequestError(`unsupported method "${method}"`, 'method');
    if ([...raw.keys()].some((k) => k !== 'method')) {
      throw new BadRequestError('with the alternate request syntax every parameter but method belongs in the form body', 'method');
    }
    if (!req.is('application/x-www-form-urlencoded')) {
      throw new BadRequestError('the alternate request syntax needs an application/x-www-form-urlencoded body', 'Content-Type');
    }
  } catch (err) {
    return next(err);
  }
  readFormText(req, res, (err?: unknown) => {
    if (err) return next(err);
    try {
      rewrite(req, String(raw.get('method')).toUpperCase(), typeof req.body === 'string' ? req.body : '');
      next();
    } catch (e) {
      next(e);
    }
  });
};

function rewrite(req: Request, method: string, form: string): void {
  const fields = new URLSearchParams(form);
  const params = new URLSearchParams();
  let content: string | undefined;
  // The real Content-Type describes the form, not the content it carries.
  delete req.headers['content-type'];
  for (const [name, value] of fields) {
    const lower = name.toLowerCase();
    if (HEADER_FIELDS.has(lower)) req.headers[lower] = value;
    else if (name === 'content') content = value;
    else params.append(name, value);
  }
  if ((method === 'PUT' || method === 'POST') && content === undefined) {
    throw new BadRequestError(`an alternate-syntax ${method} needs its body in the form field "content"`, 'content');
  }
  const body = Buffer.from(content ?? '', 'utf8');
  req.headers['content-length'] = String(body.length);
  if (!content) delete req.headers['content-type'];
  else req.headers['content-type'] ??= 'application/json';
  req.method = method;
  const path = req.url.split('?')[0]!;
  const query = params.toString();
  req.url = query ? `${path}?${query}` : path;
  // Later body parsers see a body that was already read (`_body`) and keep ours.
  (req as Request & { _body?: boolean }).body = body;
  (req as Request & { _body?: boolean })._body = true;
}
