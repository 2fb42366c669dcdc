/**
 * Which processors exist and which repeatable jobs are scheduled. The web process calls
 * `registerProcessors` only when it runs jobs itself (JOBS_IN_WEB); `npm run worker`
 * always does. Domains add their queues here as they arrive.
 */
import type { Runtime } from './runtime.js';
import { CONTENT_IMPORT_QUEUE, importProcessor, type ContentImportJob } from './content/import-job.js';
import { completionSweepProcessor, PATH_COMPLETION_QUEUE, type PathCompletionJob } from './paths/completion-sweep.js';
import { EVIDENCE_PACK_QUEUE, evidencePackProcessor, type EvidencePackJob } from './reports/evidence/evidence-job.js';
import { COMPLIANCE_QUEUE, complianceProcessor, type ComplianceJob } from './compliance/compliance-job.js';
import { BLENDED_REMINDER_QUEUE, blendedReminderProcessor, taskReminderDeps, type BlendedReminderJob } from './blended/task-reminders.js';

export interface MaintenanceJob {
  task: 'purge-sessions' | 'abandon-stale-cmi5-sessions';
}

export const MAINTENANCE_QUEUE = 'maintenance';

/** Open every queue the web process enqueues to, so `GET /api/jobs/:id` can find their jobs. */
export function openQueues(runtime: Runtime): void {
  runtime.jobs.queue<MaintenanceJob>(MAINTENANCE_QUEUE);
  runtime.jobs.queue<ContentImportJob>(CONTENT_IMPORT_QUEUE);
  runtime.jobs.queue<PathCompletionJob>(PATH_COMPLETION_QUEUE);
  runtime.jobs.queue<EvidencePackJob>(EVIDENCE_PACK_QUEUE);
  runtime.jobs.queue<ComplianceJob>(COMPLIANCE_QUEUE);
  runtime.jobs.queue<BlendedReminderJob>(BLENDED_REMINDER_QUEUE);
}

export function registerProcessors(runtime: Runtime): void {
  runtime.jobs.queue<ContentImportJob>(CONTENT_IMPORT_QUEUE).process(importProcessor(runtime.services.content), 2);
  runtime.jobs.queue<PathCompletionJob>(PATH_COMPLETION_QUEUE).process(completionSweepProcessor(runtime.services.learning.sweepCompletions), 1);
  runtime.jobs.queue<EvidencePackJob>(EVIDENCE_PACK_QUEUE).process(evidencePackProcessor(runtime.services.evidencePacks), 1);
  runtime.jobs.queue<ComplianceJob>(COMPLIANCE_QUEUE).process(complianceProcessor(runtime.services.compliance, { refreshPaths: runtime.services.learning.refreshPaths }), 1);
  runtime.jobs.queue<BlendedReminderJob>(BLENDED_REMINDER_QUEUE).process(blendedReminderProcessor(taskReminderDeps(runtime)), 1);
  runtime.jobs.queue<MaintenanceJob>(MAINTENANCE_QUEUE).process(async (job) => {
    switch (job.data.task) {
      case 'purge-sessions':
        return { purged: await runtime.services.sessionStore.purgeExpired(), attemptsPurged: await runtime.services.loginThrottle.purgeExpired() };
      case 'abandon-stale-cmi5-sessions':
        return { abandoned: await runtime.services.cmi5.abandonStale(new Date(Date.now() - runtime.config.cmi5SessionStaleMs)) };
    }
  });
}

/** Idempotent: the same repeat options keep a single schedule across restarts and processes. */
export async function scheduleRepeatables(runtime: Runtime): Promise<void> {
  await runtime.jobs
    .queue<MaintenanceJob>(MAINTENANCE_QUEUE)
    .add({ task: 'purge-sessions' }, { jobId: 'purge-sessions', repeat: { everyMs: 60 * 60_000 } });
  await runtime.jobs
    .queue<MaintenanceJob>(MAINTENANCE_QUEUE)
    .add({ task: 'abandon-stale-cmi5-sessions' }, { jobId: 'abandon-stale-cmi5-sessions', repeat: { everyMs: 15 * 60_000 } });
  await runtime.jobs
    .queue<PathCompletionJob>(PATH_COMPLETION_QUEUE)
    .add({ task: 'sweep' }, { jobId: 'path-completion-sweep', repeat: { everyMs: runtime.config.pathSweepMs } });
  await runtime.jobs
    .queue<ComplianceJob>(COMPLIANCE_QUEUE)
    .add({ task: 'scan' }, { jobId: 'compliance-scan', repeat: { everyMs: runtime.config.complianceScanMs } });
  await runtime.jobs
    .queue<BlendedReminderJob>(BLENDED_REMINDER_QUEUE)
    .add({ task: 'remind' }, { jobId: 'blended-task-reminders', repeat: { everyMs: 6 * 60 * 60_000 } });
}
