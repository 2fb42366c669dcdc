/**
 * `npm start`: the LMS web server. Prints where it listens and which store and queue it
 * uses; on SIGTERM/SIGINT stops accepting connections, lets jobs finish, flushes the
 * store's journal and exits.
 */
import type { Server } from 'node:http';
import { createApp, createContentApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openQueues, registerProcessors, scheduleRepeatables } from './job-processors.js';
import { HttpError } from './http/errors.js';
import { createLogger } from './logger.js';
import { openRuntime, type Runtime } from './runtime.js';
import { StoreDamagedError } from './store/embedded/damage.js';
import { describeStore } from './store/open-store.js';
import { serveStoreRefusal } from './store/refusal-server.js';
import { VERSION } from './version.js';
import { listenAdminSocket } from './cli/admin-socket.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let runtime: Runtime;
  try {
    runtime = await openRuntime(config, logger);
  } catch (err) {
    // A damaged store: stay up to say so on /health rather than exit and restart in a loop.
    if (!(err instanceof StoreDamagedError)) throw err;
    await serveStoreRefusal({ port: config.port, host: config.host, version: VERSION, logger, err });
    return;
  }
  openQueues(runtime);
  if (config.jobsInWeb) registerProcessors(runtime);
  await scheduleRepeatables(runtime);

  if (config.admin) {
    try {
      const { created } = await runtime.services.people.upsertAdmin(config.admin);
      logger.info({ email: config.admin.email }, created ? 'created the admin from ADMIN_EMAIL' : 'reset the admin from ADMIN_EMAIL');
    } catch (err) {
      // An employee's email, or a refused password: say so and start anyway (nobody's roles change).
      if (!(err instanceof HttpError)) throw err;
      logger.error({ email: config.admin.email }, `ADMIN_EMAIL/ADMIN_PASSWORD not applied: ${err.message}`);
    }
  }
  const noUsers = (await runtime.services.people.count()) === 0;

  const app = await createApp(runtime);
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // Package content on its own origin (another port or host), so it cannot read the LMS session.
  const contentServer = createContentApp(runtime).listen(config.contentPort, config.host);
  await new Promise<void>((resolve, reject) => contentServer.once('listening', resolve).once('error', reject));

  const jobsWhere = config.redisUrl
    ? `Bull on ${new URL(config.redisUrl).host}${config.jobsInWeb ? ', processed in this process' : ', processed by `npm run worker`'}`
    : 'in-process (durable, in the store)';
  console.log(`Learning Hub ${VERSION} listening on http://localhost:${port}`);
  console.log(`  store: ${describeStore(config)}`);
  console.log(`  jobs:  ${jobsWhere}`);
  console.log(`  content: ${config.contentOriginUrl} (port ${config.contentPort})`);
  console.log(`  xAPI:  http://localhost:${port}/xapi/ (create credentials with npm run lrs:client -- --name NAME --scopes all)`);
  if (noUsers) {
    console.log('  No users yet. Create the first admin with:');
    console.log("    npm run admin:create -- --email you@example.com --password 'a long passphrase'");
    console.log('  or start with ADMIN_EMAIL and ADMIN_PASSWORD set.');
  }

  const closeAdminSocket = await listenAdminSocket(runtime);
  installShutdown([server, contentServer], runtime, closeAdminSocket);
  // In the background: the reports' first read of a large record is the slow one.
  runtime.services.reports.warm().catch((err: unknown) => runtime.logger.warn({ err }, 'warming the report cache failed'));
}

function installShutdown(servers: Server[], runtime: Runtime, closeAdminSocket: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      runtime.logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    const closed = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    for (const server of servers) server.closeIdleConnections();
    await Promise.all(closed);
    await closeAdminSocket();
    await runtime.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
