/**
 * Starts the real LMS for a test: real HTTP on a free loopback port, a fresh store
 * (embedded in a temp dir, or MongoDB when MONGODB_URI is set), in-process jobs.
 */
import type { AddressInfo } from 'node:net';
import { createApp, createContentApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { registerProcessors } from '../../server/jobs/processors.js';
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
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const contentServer = createContentApp(runtime).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => contentServer.once('listening', resolve));
  const contentPort = (contentServer.address() as AddressInfo).port;
  // The ports are known only now: the LMS and content origins the browser will see.
  if (!env.PUBLIC_URL) runtime.config.publicUrl = `http://127.0.0.1:${port}`;
  if (!env.CONTENT_ORIGIN_URL) runtime.config.contentOriginUrl = `http://127.0.0.1:${contentPort}`;
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
