/**
 * Serves the browser portal built by `npm run build` (scripts/build-player.mjs):
 * the bundle under /assets, and the page shell (index.html) for `/` and for every
 * client-side route, so a reload of e.g. /home works. Mount it after the API routers;
 * it never answers under /api, /xapi, /health.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';

export interface PortalRouterOptions {
  /** The build output, normally `player/dist`. */
  distDir: string;
  /** The content origin the player frames (CONTENT_ORIGIN_URL). */
  frameSrc?: string;
}

/** Paths owned by other routers; the client-side route fallback leaves them alone. */
const SERVER_PREFIXES = ['/api', '/xapi', '/health', '/assets'];

/**
 * Scripts from our origin only (no inline script, no eval). Styles come from our origin
 * and from lit's constructable stylesheets, which style-src does not govern.
 */
const CONTENT_SECURITY_POLICY_PARTS = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
];

/** The policy, with the content origin allowed in frames (the player shows courses from it). */
function contentSecurityPolicy(frameSrc?: string): string {
  return [...CONTENT_SECURITY_POLICY_PARTS, ...(frameSrc ? [`frame-src 'self' ${frameSrc}`] : [])].join('; ');
}

const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'SAMEORIGIN',
  // Names carry no content hash, so browsers must revalidate (cheaply, by ETag) every time.
  'Cache-Control': 'no-cache',
};

export function createPortalRouter({ distDir, frameSrc }: PortalRouterOptions): Router {
  const router = Router();
  const indexFile = path.resolve(distDir, 'index.html');

  router.use(
    '/assets',
    express.static(distDir, {
      index: false,
      etag: true,
      lastModified: true,
      cacheControl: false, // set below: serve-static's own header would be `max-age=0`
      setHeaders(res) {
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('X-Content-Type-Options', 'nosniff');
      },
    }),
  );

  // Not found among the assets: either the build never ran, or the name is wrong.
  router.use('/assets', async (_req: Request, res: Response) => {
    if (!(await exists(indexFile))) return sendBundleMissing(res);
    res.status(404).json({ error: { code: 'not_found', message: 'No such asset.' } });
  });

  router.get('/{*clientRoute}', (req: Request, res: Response, next: NextFunction) => {
    if (isServerPath(req.path) || !req.accepts('html')) return next();
    const headers = { ...PAGE_HEADERS, 'Content-Security-Policy': contentSecurityPolicy(frameSrc) };
    res.sendFile(indexFile, { headers, cacheControl: false, etag: true }, (error?: NodeJS.ErrnoException) => {
      if (!error || res.headersSent) return;
      if (error.code === 'ENOENT') return sendBundleMissing(res);
      next(error);
    });
  });

  return router;
}

function isServerPath(requestPath: string): boolean {
  return SERVER_PREFIXES.some((prefix) => requestPath === prefix || requestPath.startsWith(`${prefix}/`));
}

function sendBundleMissing(res: Response): void {
  res.status(500).json({
    error: {
      code: 'portal_not_built',
      message: 'The portal has not been built: run `npm run build`.',
    },
  });
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
