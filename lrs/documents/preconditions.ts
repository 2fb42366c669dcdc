/**
 * HTTP entity tags for documents and the If-Match / If-None-Match preconditions
 * (RFC 7232 semantics, which xAPI cites as RFC 2616): the ETag is the quoted lower-case
 * SHA-1 hex digest of the stored bytes, as xAPI 1.0.3 requires.
 */
import { createHash } from 'node:crypto';
import { PreconditionFailedError } from '../errors.js';

export function etagOf(content: Buffer): string {
  return `"${createHash('sha1').update(content).digest('hex')}"`;
}

export interface Preconditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

export function hasPreconditions(p: Preconditions): boolean {
  return p.ifMatch !== undefined || p.ifNoneMatch !== undefined;
}

/** `*`, or the entity tags listed (opaque part, weak ones flagged). Unquoted tags are accepted as if quoted. */
function parseList(header: string): '*' | Array<{ tag: string; weak: boolean }> {
  if (header.trim() === '*') return '*';
  return header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const weak = s.startsWith('W/');
      const raw = weak ? s.slice(2) : s;
      return { tag: raw.replace(/^"(.*)"$/, '$1').toLowerCase(), weak };
    });
}

function opaque(etag: string): string {
  return etag.replace(/^"(.*)"$/, '$1').toLowerCase();
}

/**
 * Throws 412 when a precondition fails against the current document (null: none exists).
 * If-Match uses strong comparison and fails when there is no document; If-None-Match
 * uses weak comparison and fails when the document exists (`*`) or matches a listed tag.
 */
export function checkPreconditions(p: Preconditions, currentEtag: string | null): void {
  if (p.ifMatch !== undefined) {
    const list = parseList(p.ifMatch);
    if (currentEtag === null) throw new PreconditionFailedError('If-Match: the document does not exist');
    if (list !== '*' && !list.some((e) => !e.weak && e.tag === opaque(currentEtag))) {
      throw new PreconditionFailedError('If-Match: the document has changed (its ETag does not match); GET it again for the current ETag');
    }
  }
  if (p.ifNoneMatch !== undefined && currentEtag !== null) {
    const list = parseList(p.ifNoneMatch);
    if (list === '*') throw new PreconditionFailedError('If-None-Match: *: the document already exists');
    if (list.some((e) => e.tag === opaque(currentEtag))) throw new PreconditionFailedError('If-None-Match: the document matches a listed ETag');
  }
}
