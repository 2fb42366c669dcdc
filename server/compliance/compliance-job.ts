/**
 * The compliance queue: `evaluate` (everyone, or some people) after rules change, and the
 * repeatable `scan` that re-evaluates everyone at the current time (statuses move with the
 * clock: overdue, expiring, new recertification cycles) and then sends the reminders due.
 */
import type { JobHandler } from '../jobs/types.js';
import type { Compliance } from './index.js';

export const COMPLIANCE_QUEUE = 'compliance';

export type ComplianceJob = { task: 'evaluate'; personIds?: string[]; requestedBy?: string } | { task: 'scan' } | { task: 'rebuild'; requestedBy?: string };

export function complianceProcessor(compliance: Compliance): JobHandler<ComplianceJob> {
  return async (job) => {
    switch (job.data.task) {
      case 'evaluate': {
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
