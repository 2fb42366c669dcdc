/**
 * `npm run worker`: runs the job processors in their own process, taking jobs from Bull.
 * Only meaningful with REDIS_URL (the queue) and MONGODB_URI (shared data): the embedded
 * store belongs to one process, so without MongoDB the web process runs the processors.
 */
import { ConfigError, loadConfig } from './config.js';
import { registerProcessors, scheduleRepeatables } from './job-processors.js';
import { createLogger } from './logger.js';
import { openRuntime } from './runtime.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.redisUrl) throw new ConfigError('npm run worker needs REDIS_URL: without Redis, jobs run inside `npm start`.');
  if (!config.mongodbUri) {
    throw new ConfigError('npm run worker needs MONGODB_URI: the embedded store is owned by the web process, which then runs the jobs itself.');
  }
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, logger);
  registerProcessors(runtime);
  await scheduleRepeatables(runtime);
  console.log(`worker processing Bull queues on ${new URL(config.redisUrl).host}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
