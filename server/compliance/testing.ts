/** For this domain's tests: a runtime (no HTTP) on a fresh store with a manual clock and a seeded organisation. */
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openRuntime, type Runtime } from '../runtime.js';
import type { Store } from '../store/types.js';
import { manualClock, type ManualClock } from '../clock.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { seedOrganisation, type SeededOrganisation } from '../../test/fixtures/seed-organisation.js';

export const HOME = 'https://lms.test';

export interface OrgRuntime {
  runtime: Runtime;
  clock: ManualClock;
  org: SeededOrganisation;
  dataDir: string;
}

export async function openOrgRuntime(opts: { people?: number; departments?: number; seed?: number; start?: string; dataDir?: string; seedPeople?: boolean; env?: NodeJS.ProcessEnv; store?: Store } = {}): Promise<OrgRuntime> {
  const dataDir = opts.dataDir ?? tempDir('compliance-');
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: HOME, ...opts.env });
  const clock = manualClock(opts.start ?? '2026-03-01T09:00:00Z');
  const runtime = await openRuntime(config, createLogger(config.logLevel), { clock, store: opts.store });
  const orgOpts = { people: opts.people ?? 2000, departments: opts.departments ?? 10, seed: opts.seed ?? 11, now: new Date('2026-01-01T00:00:00Z') };
  const org = await seedOrganisation({ ...orgOpts, db: opts.seedPeople === false ? undefined : runtime.store.db });
  return { runtime, clock, org, dataDir };
}
