/**
 * When the store refuses to start (damaged data; see embedded/damage.ts), the server
 * still listens so that /health shows why (503, naming the recovery command) and the
 * start log says it at error level, instead of a process that exits and restarts in a
 * loop. Every other request is answered 503 with the same message.
 */
import http from 'node:http';
import type { Logger } from 'pino';

export async function serveStoreRefusal(opts: { port: number; host: string; version: string; logger: Logger; err: Error }): Promise<http.Server> {
  const { logger, err } = opts;
  logger.error({ store: 'embedded' }, err.message);
  const server = http.createServer((req, res) => {
    const health = req.url === '/health' || req.url?.startsWith('/health?');
    const body = health
      ? { status: 'degraded', version: opts.version, store: { kind: 'embedded', ok: false, error: err.message } }
      : { error: { code: 'store_unavailable', message: `store: ${err.message}` } };
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  });
  server.listen(opts.port, opts.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  console.error(`Learning Hub ${opts.version} is NOT serving: the store refused to start. /health on http://localhost:${port}/health says why.`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return server;
}
