/**
 * The content origin: a second HTTP listener (CONTENT_PORT, public URL CONTENT_ORIGIN_URL)
 * that serves package files and nothing else, so content scripts run on an origin that
 * holds no LMS session and cannot read LMS responses (the browser's same-origin policy).
 * - `/c/<token>/<path>`: a package version's files, by capability URL (content-urls.ts);
 *   no cookies are read or set here. A forged token is 404, an expired one 403.
 * - `/bridge/<token>/scorm.html?launch=<path>`: the SCORM launch page. It defines
 *   window.API / window.API_1484_11 as scorm-again's CrossFrameAPI talking to the LMS
 *   player (postMessage to the LMS origin only) and frames the SCO beside it.
 * Headers: frame-ancestors limited to the LMS origin (and this origin, for the SCO framed
 * by the bridge), Cross-Origin-Resource-Policy same-origin, no referrer (the token is in
 * the URL), nosniff; range requests, MIME types and caching from serve-static as before.
 */
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import type { ContentUrls } from './content-urls.js';

export interface ContentOriginOptions {
  contentDir: string;
  /** Where the bundled bridge script lives (player/dist). */
  playerDist: string;
  urls: ContentUrls;
  /** The LMS origin (PUBLIC_URL's origin); read per request (tests learn their port late). */
  lmsOrigin: string;
}

function commonHeaders(res: Response, lmsOrigin: string): void {
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'no-referrer');
  res.set('Cross-Origin-Resource-Policy', 'same-origin');
  res.set('Content-Security-Policy', `frame-ancestors 'self' ${lmsOrigin}`);
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export function createContentOriginApp(opts: ContentOriginOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const root = path.resolve(opts.contentDir);
  const bridgeScript = path.resolve(opts.playerDist, 'scorm-bridge.js');

  app.use((req, res, next) => {
    commonHeaders(res, opts.lmsOrigin);
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'method_not_allowed', 'Content is read-only');
    next();
  });

  function grantOf(req: Request, res: Response) {
    const checked = opts.urls.check(String(req.params.token));
    if (!checked.ok) {
      if (checked.reason === 'expired') fail(res, 403, 'content_url_expired', 'This content link has expired; launch the course again');
      else fail(res, 404, 'not_found', 'Not found');
      return null;
    }
    return checked.grant;
  }

  app.get('/c/:token/{*file}', (req, res, next) => {
    const grant = grantOf(req, res);
    if (!grant) return;
    // The capability names one version's folder; the file is found inside it or not at all.
    const file = fileInVersion(path.join(root, grant.packageId, `v${grant.version}`), ([] as string[]).concat(req.params.file ?? []));
    if (!file) return fail(res, 404, 'not_found', 'Not found');
    // sendFile encodes the path itself, so a literal '%' in a segment stays a '%'.
    res.sendFile(file, { dotfiles: 'deny', index: false, cacheControl: false, headers: { 'Cache-Control': 'private, max-age=86400, immutable' } }, (err?: Error & { status?: number }) => {
      if (!err) return;
      if (res.headersSent) return next(err);
      fail(res, 404, 'not_found', 'Not found');
    });
  });

  app.get('/bridge/:token/scorm.html', (req, res) => {
    if (!grantOf(req, res)) return;
    const launch = typeof req.query.launch === 'string' ? req.query.launch : '';
    if (!launchStaysInside(launch)) return fail(res, 400, 'validation', 'launch must be a path inside the package');
    res.set('Content-Security-Policy', `default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-src 'self'; frame-ancestors ${opts.lmsOrigin}`);
    res.set('Cache-Control', 'no-store');
    res.type('html').send(bridgePage(opts.lmsOrigin, `/c/${req.params.token}/${launch}`));
  });

  app.get('/bridge/scorm-bridge.js', (_req, res, next) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile(bridgeScript, (err) => {
      if (err && !res.headersSent) fail(res, 500, 'portal_not_built', 'The player has not been built: run `npm run build`.');
      else if (err) next(err);
    });
  });

  app.use((_req, res) => fail(res, 404, 'not_found', 'Not found'));
  return app;
}

/**
 * The file a capability may serve: `segments` (already percent-decoded once by the router)
 * joined under `versionDir`, or null. A segment that is empty, `.` or `..`, or that holds a
 * slash, backslash or NUL, is refused outright (whatever encoding produced it), and the
 * joined path must still lie inside the folder: a capability never reaches another
 * package's files, and a folder is never listed.
 */
export function fileInVersion(versionDir: string, segments: string[]): string | null {
  if (!segments.length) return null;
  if (segments.some((s) => s === '' || s === '.' || s === '..' || /[\\/\0]/.test(s))) return null;
  const file = path.resolve(versionDir, ...segments);
  return file.startsWith(versionDir + path.sep) ? file : null;
}

/**
 * The launch parameter of the SCORM page: a relative path inside the package, whatever
 * encoding it is written in (checked at each level of percent-decoding: a dot segment, a
 * backslash, a leading slash or a scheme at any level is refused).
 */
export function launchStaysInside(launch: string): boolean {
  if (!launch) return false;
  let s = launch;
  for (let i = 0; i < 4; i++) {
    if (/^[a-z][a-z0-9+.-]*:|^\/|\\|\0|(^|\/)\.\.(\/|$|[?#])/i.test(s)) return false;
    let next: string;
    try {
      next = decodeURIComponent(s);
    } catch {
      return false;
    }
    if (next === s) return true;
    s = next;
  }
  return false;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The SCORM launch page: the API proxy in this window, the SCO in a full-size frame. */
function bridgePage(lmsOrigin: string, scoUrl: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Course</title>
<meta name="lms-origin" content="${escapeAttr(lmsOrigin)}">
<meta name="sco-url" content="${escapeAttr(scoUrl)}">
<style>html,body{margin:0;height:100%;overflow:hidden}iframe{border:0;width:100%;height:100%;display:block}</style>
<script src="/bridge/scorm-bridge.js" defer></script>
</head><body></body></html>`;
}
