import path from 'node:path/posix';
import { ContentValidationError } from './errors.js';

/** A URL with a scheme (`https:`, `mailto:`) or protocol-relative (`//host/...`). */
export function isExternal(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//');
}

export function isHttpUrl(ref: string): boolean {
  return /^https?:\/\/[^\s/]+/i.test(ref);
}

/** Splits `a/b.html?x=1#y` into the path and the `?...#...` suffix. */
export function splitQuery(ref: string): [string, string] {
  const i = ref.search(/[?#]/);
  return i < 0 ? [ref, ''] : [ref.slice(0, i), ref.slice(i)];
}

/**
 * Joins xml:base values and an href the way URL resolution would: each relative part is
 * taken against the directory of what came before; an absolute URL restarts the chain.
 * Returns either an external URL or a package path relative to the zip root (no leading
 * `/`, `..` resolved), possibly with its query/fragment suffix.
 */
export function resolveRef(parts: readonly (string | undefined)[]): string {
  let acc = '';
  for (const raw of parts) {
    if (raw === undefined || raw === '') continue;
    const p = raw.replace(/\\/g, '/');
    if (isExternal(p)) {
      acc = p;
      continue;
    }
    if (isExternal(acc)) {
      acc = new URL(p, acc).toString();
      continue;
    }
    const dir = acc === '' || acc.endsWith('/') ? acc : acc.slice(0, acc.lastIndexOf('/') + 1);
    acc = p.startsWith('/') ? p : dir + p;
  }
  if (isExternal(acc)) return acc;
  const [p, suffix] = splitQuery(acc);
  const trailing = p.endsWith('/') ? '/' : '';
  let norm = path.normalize('/' + p).slice(1);
  if (norm === '' || norm === '.') norm = '';
  else if (trailing && !norm.endsWith('/')) norm += '/';
  // path.normalize('/..') stays at root; detect escapes separately
  return (escapes(p) ? '../' : '') + norm + suffix;
}

function escapes(p: string): boolean {
  let depth = 0;
  for (const seg of p.split('/')) {
    if (seg === '..') depth -= 1;
    else if (seg !== '' && seg !== '.') depth += 1;
    if (depth < 0) return true;
  }
  return false;
}

/** The set of file entries of a zip (directory entries and `\` separators normalised away). */
export function entrySet(entries: readonly string[]): Set<string> {
  const s = new Set<string>();
  for (const e of entries) {
    const n = e.replace(/\\/g, '/').replace(/^\.\//, '');
    if (!n.endsWith('/')) s.add(n);
  }
  return s;
}

/**
 * Throws unless a resolved package path (from `resolveRef`) names a file in the zip.
 * External URLs pass. `base` is the folder holding the manifest (e.g. `course/`), which
 * `resolved` must stay inside. The query/fragment is ignored; a percent-encoded path
 * matches its decoded entry name too.
 */
export function requireFile(resolved: string, entries: ReadonlySet<string>, base: string, what: string): void {
  if (isExternal(resolved)) return;
  const [p] = splitQuery(resolved);
  if (p.startsWith('../') || !p.startsWith(base)) {
    throw new ContentValidationError('reference_outside_package', p, `${what} points outside the package: ${p}`);
  }
  if (entries.has(p)) return;
  let decoded = p;
  try {
    decoded = decodeURIComponent(p);
  } catch {
    /* keep raw */
  }
  if (entries.has(decoded)) return;
  throw new ContentValidationError('referenced_file_missing', p, `${what} references ${p}, which is not in the zip`);
}
