/**
 * CORS for content launched in browsers (often from another origin): any origin may call
 * the xAPI with its own credentials (Basic auth, never cookies), and read the xAPI headers.
 */
import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match, Accept-Language';
const EXPOSED_HEADERS = 'ETag, Last-Modified, Content-Type, X-Experience-API-Version, X-Experience-API-Consistent-Through';

export const corsMiddleware: RequestHandler = (req, res, next) => {
  const origin = req.get('origin');
  res.set('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) res.vary('Origin');
  res.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (req.method === 'OPTIONS') {
    res.set('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, DELETE, OPTIONS');
    res.set('Access-Control-Allow-Headers', req.get('access-control-request-headers') ?? ALLOWED_HEADERS);
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
    return;
  }
  next();
};
