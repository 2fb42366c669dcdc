/**
 * The compliance queue: `evaluate` (everyone, or some people) after rules change, and the
 * repeatable `scan` that re-evaluates everyone at the current time (statuses move with the
 * clock: overdue, expiring, new recertification cycles) and then sends the reminders due.
 */
import type { JobHandler } from '../jobs/types.js';
import type { Compliance } from './index.js';

export const COMPLIANCE_QUEUE = 'compliance';

/** `live`: asked for by statements that just landed (live-evaluation.ts). */
export type ComplianceJob = { task: 'evaluate'; personIds?: string[]; requestedBy?: string; live?: boolean } | { task: 'scan' } | { task: 'rebuild'; requestedBy?: string };

export interface ComplianceProcessorOptions {
  /** Before a live evaluation: write the path completions those people's statements finished (paths are requirements too). */
  refreshPaths?: (personIds: string[]) => Promise<unknown>;
}

export function complianceProcessor(compliance: Compliance, opts: ComplianceProcessorOptions = {}): JobHandler<ComplianceJob> {
  return async (job) => {
    switch (job.data.task) {
      case 'evaluate': {
        if (job.data.live && job.data.personIds && opts.refreshPaths) await opts.refreshPaths(job.data.personIds);
        const { phases: _p, ...report } = await compliance.evaluate(job.data.personIds);
        return report;
      }
      case 'rebuild': {
        const { phases: _p, ...report } = await compliance.rebuild();
        return report;
      }
      case 'scan': {
        const { phases: _p, ...evaluation } = await compliance.evaluate();
        await job.progress(80);
        return { evaluation, reminders: await compliance.scanReminders() };
      }
    }
  };
}
