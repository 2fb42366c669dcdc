/**
 * Starts the real LMS for a test: real HTTP on a free loopback port, a fresh store
 * (embedded in a temp dir, or MongoDB when MONGODB_URI is set), in-process jobs.
 */
import net, { type AddressInfo } from 'node:net';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { registerProcessors } from '../../server/jobs/processors.js';
import { createLogger } from '../../server/logger.js';
import { openRuntime, type Runtime } from '../../server/runtime.js';
import type { Role } from '../../server/people/roles.js';
import { tempDir } from './temp-dir.js';

export interface TestApp {
  url: string;
  runtime: Runtime;
  createUser(u: { email: string; password: string; name: string; roles: string[]; department?: string; managerId?: string }): Promise<{ id: string }>;
  close(): Promise<void>;
}

let dbSeq = 0;

/** A port free right now on loopback (for tests that need PUBLIC_URL to be where the app listens). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * `opts.reachablePublicUrl`: listen on a chosen port and set PUBLIC_URL to it, so URLs the
 * LMS hands out (xAPI endpoint, cmi5 fetch URL, content) work in the test.
 */
export async function startTestApp(env: NodeJS.ProcessEnv = {}, opts: { reachablePublicUrl?: boolean } = {}): Promise<TestApp> {
  if (opts.reachablePublicUrl) {
    const port = await freePort();
    env = { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...env };
  }
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: tempDir('app-'),
    LOG_LEVEL: 'silent',
    ...(process.env.MONGODB_URI ? { MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: `lms_app_${process.pid}_${++dbSeq}` } : {}),
    ...env,
  });
  const runtime = await openRuntime(config, createLogger(config.logLevel));
  registerProcessors(runtime);
  const app = await createApp(runtime);
  const server = app.listen(opts.reachablePublicUrl ? config.port : 0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    async createUser(u) {
      const user = await runtime.services.people.create({ ...u, roles: u.roles as Role[] });
      return { id: user.id };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}
