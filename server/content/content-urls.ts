/**
 * Capability URLs for package content on the content origin. Content is untrusted, so it is
 * served from another origin without cookies; instead each launch gets an unguessable,
 * expiring URL prefix bound to one attempt (registration) and one package version:
 *   <CONTENT_ORIGIN_URL>/c/<token>/<path inside the package>
 * The token is `payload.signature` (HMAC-SHA256 over the payload with a key derived from
 * the session secret), so the content listener checks it without a store lookup, and
 * relative links inside the package keep working under the same prefix.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ContentGrant {
  packageId: string;
  version: number;
  /** The attempt's registration (UUID) the URL was handed out for. */
  registration: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

export type TokenCheck = { ok: true; grant: ContentGrant } | { ok: false; reason: 'invalid' | 'expired' };

export interface ContentUrlsOptions {
  /** A server secret (the session secret); the signing key is derived from it. */
  secret: string;
  /** Base URL of the content origin; read on every call (tests learn their port late). */
  origin: string;
  ttlMs: number;
  now?: () => Date;
}

const PACKAGE_ID = /^[0-9a-f]{24}$/i;

export function createContentUrls(opts: ContentUrlsOptions) {
  const key = createHmac('sha256', opts.secret).update('content-capability-url/v1').digest();
  const now = opts.now ?? (() => new Date());
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

  function tokenFor(grant: Omit<ContentGrant, 'expiresAt'>, ttlMs = opts.ttlMs): string {
    const expiresAt = Math.floor((now().getTime() + ttlMs) / 1000);
    const payload = Buffer.from(JSON.stringify([grant.packageId, grant.version, grant.registration, expiresAt])).toString('base64url');
    return `${payload}.${sign(payload)}`;
  }

  return {
    tokenFor,

    /**
     * The URL of a file of a package version for one attempt, e.g. the SCO's launch href
     * (a relative path inside the package, with its query string if any).
     */
    contentUrlFor(grant: { registration: string; packageId: string; version: number }, relativePath: string): string {
      const clean = relativePath.replace(/^\/+/, '');
      return `${opts.origin}/c/${tokenFor(grant)}/${clean}`;
    },

    /**
     * The SCORM launch page on the content origin (content-origin.ts) that provides the
     * SCORM API to the SCO at `launchPath` (relative to the package root).
     */
    scormBridgeUrlFor(grant: { registration: string; packageId: string; version: number }, launchPath: string): string {
      return `${opts.origin}/bridge/${tokenFor(grant)}/scorm.html?launch=${encodeURIComponent(launchPath.replace(/^\/+/, ''))}`;
    },

    check(token: string): TokenCheck {
      const dot = token.indexOf('.');
      if (dot <= 0) return { ok: false, reason: 'invalid' };
      const payload = token.slice(0, dot);
      const given = Buffer.from(token.slice(dot + 1), 'base64url');
      const expected = Buffer.from(sign(payload), 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'invalid' };
      }
      if (!Array.isArray(parsed) || parsed.length !== 4) return { ok: false, reason: 'invalid' };
      const [packageId, version, registration, expiresAt] = parsed as unknown[];
      if (typeof packageId !== 'string' || !PACKAGE_ID.test(packageId) || !Number.isInteger(version) || typeof registration !== 'string' || typeof expiresAt !== 'number') {
        return { ok: false, reason: 'invalid' };
      }
      if (expiresAt * 1000 <= now().getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, grant: { packageId, version: version as number, registration, expiresAt } };
    },
  };
}

export type ContentUrls = ReturnType<typeof createContentUrls>;
