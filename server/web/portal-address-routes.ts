/**
 * GET /api/portal/address: the address the LMS is set up for (PUBLIC_URL), public. The
 * content origin lets only that address frame courses, so a portal opened elsewhere
 * (127.0.0.1 for localhost, a bare IP for the DNS name) would show a blank course frame;
 * the portal compares it with its own location and says which address to use. Done in
 * the browser because only the browser knows the address the person typed: behind a
 * proxy, the Host header the server sees is often the proxy's.
 */
import { Router } from 'express';
import { publicRoute } from '../auth/require-role.js';

export function createPortalAddressRouter(publicUrl: string): Router {
  const router = Router();
  router.get('/api/portal/address', publicRoute, (_req, res) => {
    res.json({ publicUrl: new URL(publicUrl).origin });
  });
  return router;
}
