/**
 * What damage was found and how to word it: for the start log, /health, `store:check` and
 * the recovery report. A store with damaged records in the middle refuses to start until
 * an operator decides, because starting would drop acknowledged data without a word.
 */
import path from 'node:path';
import type { DamagedRegion } from './scan.js';

export interface FoundDamage {
  file: string;
  region: DamagedRegion;
}

export const RECOVER_COMMAND = 'npm run store:recover';
export const CHECK_COMMAND = 'npm run store:check';

export function describeRegion(file: string, r: DamagedRegion): string {
  const what = r.collections.length ? ` (collection ${r.collections.join(', ')})` : '';
  const lines = r.lines === 1 ? '1 record' : `${r.lines} records`;
  return `${path.basename(file)} at byte ${r.offset}: ${r.length} bytes unreadable, ${lines} lost${what}; ${r.recordsAfter} intact records after it`;
}

export class StoreDamagedError extends Error {
  /** For /health and the LMS's error handler: the store cannot serve. */
  readonly status = 503;
  readonly storeError = true;
  constructor(
    readonly dir: string,
    readonly found: FoundDamage[],
    extra: string[] = [],
  ) {
    super(
      [
        `embedded store at ${dir} is damaged and will not start (nothing was changed):`,
        ...found.map((d) => `  ${describeRegion(d.file, d.region)}`),
        ...extra.map((e) => `  ${e}`),
        `See it with \`${CHECK_COMMAND}\`; \`${RECOVER_COMMAND}\` keeps every intact record and moves the damaged bytes to ${path.join(dir, 'quarantine')} (or restore a backup).`,
      ].join('\n'),
    );
    this.name = 'StoreDamagedError';
  }
}
