/**
 * Runs a CLI command against the store directly, or, when a running server holds the
 * embedded store's lock, through that server's admin socket.
 */
import { loadConfig, type Config } from '../config.js';
import { createLogger } from '../logger.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { StoreLockedError } from '../store/embedded/index.js';
import { callAdminSocket } from './admin-socket.js';

export async function runCommand<T>(direct: (runtime: Runtime) => Promise<T>, viaServer: { route: string; body: unknown }): Promise<T> {
  const config: Config = loadConfig();
  let runtime: Runtime;
  try {
    runtime = await openRuntime(config, createLogger('warn'));
  } catch (err) {
    if (!(err instanceof StoreLockedError)) throw err;
    return callAdminSocket<T>(config.dataDir, viaServer.route, viaServer.body);
  }
  try {
    return await direct(runtime);
  } finally {
    await runtime.close();
  }
}

/** Run a CLI entry point: its number is the exit code; an error prints its message and exits 1. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
