/** `GET /about`: the versions this LRS speaks. Needs neither credentials nor a version header. */
import { Router } from 'express';
import { SUPPORTED_VERSIONS } from '../version.js';

export function aboutRouter(): Router {
  const router = Router();
  router.get('/about', (_req, res) => {
    res.json({ version: [...SUPPORTED_VERSIONS], extensions: {} });
  });
  return router;
}
