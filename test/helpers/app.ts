/**
 * Starts the real LMS for a test: real HTTP on a free loopback port, a fresh store
 * (embedded in a temp dir, or MongoDB when MONGODB_URI is set), in-process jobs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, createContentApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { registerProcessors } from '../../server/job-processors.js';
import { createLogger } from '../../server/logger.js';
import { openRuntime, type Runtime } from '../../server/runtime.js';
import type { Role } from '../../server/people/roles.js';
import { tempDir } from './temp-dir.js';

export interface TestApp {
  url: string;
  /** The content origin (a second listener, as CONTENT_PORT in production). */
  contentUrl: string;
  runtime: Runtime;
  createUser(u: { email: string; password: string; name: string; roles: string[]; department?: string; managerId?: string }): Promise<{ id: string }>;
  close(): Promise<void>;
}

let dbSeq = 0;

export async function startTestApp(env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  // Take the ports first, so PUBLIC_URL and CONTENT_ORIGIN_URL are known before the
  // runtime is built: services read them once, as they do in production.
  const server = http.createServer();
  const contentServer = http.createServer();
  const port = await listenOnFreePort(server);
  const contentPort = await listenOnFreePort(contentServer);
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: tempDir('app-'),
    LOG_LEVEL: 'silent',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    CONTENT_PORT: String(contentPort),
    CONTENT_ORIGIN_URL: `http://127.0.0.1:${contentPort}`,
    ...(process.env.MONGODB_URI ? { MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: `lms_app_${process.pid}_${++dbSeq}` } : {}),
    ...env,
  });
  let runtime: Runtime;
  try {
    runtime = await openRuntime(config, createLogger(config.logLevel));
  } catch (err) {
    server.close();
    contentServer.close();
    throw err;
  }
  registerProcessors(runtime);
  server.on('request', await createApp(runtime));
  contentServer.on('request', createContentApp(runtime));
  return {
    url: `http://127.0.0.1:${port}`,
    contentUrl: runtime.config.contentOriginUrl,
    runtime,
    async createUser(u) {
      const user = await runtime.services.people.create({ ...u, roles: u.roles as Role[] });
      return { id: user.id };
    },
    async close() {
      for (const s of [server, contentServer]) s.closeAllConnections();
      await Promise.all([server, contentServer].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      await runtime.close();
    },
  };
}

async function listenOnFreePort(server: http.Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return (server.address() as AddressInfo).port;
}
