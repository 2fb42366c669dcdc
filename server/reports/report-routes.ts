/**
 * Reports API. Every signed-in person may ask for the compliance dashboard and its
 * drill-down: the scope (self / team chain / everyone) follows their role. Evidence
 * packs and the completions CSV are for HR and admins. (The performance correlation report
 * is performance's: server/performance/performance-routes.ts.)
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Router, type Response } from 'express';
import { spreadsheetCsv } from '../http/csv.js';
import { requireRole, requireUser } from '../auth/require-role.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { JobRuntime } from '../jobs/types.js';
import type { Readable } from 'node:stream';
import { EVIDENCE_PACK_QUEUE, type EvidencePackJob } from './evidence/evidence-job.js';
import { completionsCsv, prepareEvidence } from './evidence/evidence-pack.js';
import type { EvidencePackService } from './evidence/evidence-service.js';
import type { ReportsService } from './reports-service.js';
import { dashboardQuerySchema, drillDownQuerySchema, evidenceQuerySchema, evidenceRequestSchema, jobRoleParamSchema, learningQuerySchema, milestoneBodySchema, onboardingQuerySchema } from './report-schemas.js';
import { NotFoundError } from '../http/errors.js';
import type { RecordReader } from './sources.js';
import type { StoreDb } from '../store/types.js';
import type { CompletionAuthority } from '../learning-record/completion-authority.js';

export interface ReportRouterOptions {
  reports: ReportsService;
  packs: EvidencePackService;
  jobs: JobRuntime;
  db: StoreDb;
  records: RecordReader;
  homePage: string;
  authority: CompletionAuthority;
}

const DRILL_COLUMNS = ['name', 'employeeId', 'department', 'location', 'jobRole', 'manager', 'title', 'targetType', 'targetId', 'status', 'assignedAt', 'dueAt', 'completedAt', 'expiresAt', 'score', 'completionSource', 'notCounted'];

async function sendCsv(res: Response, name: string, body: Readable): Promise<void> {
  res.type('text/csv; charset=utf-8');
  res.attachment(name);
  await pipeline(body, res);
}

export function createReportRouter(opts: ReportRouterOptions): Router {
  const router = Router();
  const { reports, packs } = opts;

  router.get('/api/reports/compliance', requireUser, async (req, res) => {
    const { view, ...filters } = parseInput(dashboardQuerySchema, req.query, 'query');
    res.json(await reports.dashboard(req.user!, filters, view));
  });

  router.get('/api/reports/compliance/people', requireUser, async (req, res) => {
    const { view, ...q } = parseInput(drillDownQuerySchema, req.query, 'query');
    res.json(await reports.drillDown(req.user!, q, view));
  });

  router.get('/api/reports/compliance/people.csv', requireUser, async (req, res) => {
    const { view, ...q } = parseInput(drillDownQuerySchema, { limit: 10_000, ...req.query }, 'query');
    const { items } = await reports.drillDown(req.user!, q, view);
    const csv = spreadsheetCsv({ header: true, columns: DRILL_COLUMNS });
    for (const item of items) csv.write(DRILL_COLUMNS.map((c) => (item as unknown as Record<string, unknown>)[c] ?? ''));
    csv.end();
    await sendCsv(res, 'compliance-people.csv', csv);
  });

  router.get('/api/reports/onboarding', requireRole('manager', 'hr', 'admin'), async (req, res) => {
    const { view, ...q } = parseInput(onboardingQuerySchema, req.query, 'query');
    res.json(await reports.onboarding(req.user!, q, view));
  });

  // Employees get their own activity; managers their chain's; HR and admins everyone's.
  router.get('/api/reports/learning', requireUser, async (req, res) => {
    const { view, ...q } = parseInput(learningQuerySchema, req.query, 'query');
    res.json(await reports.learning(req.user!, q, view));
  });

  router.get('/api/reports/milestones', requireRole('manager', 'hr', 'admin'), async (_req, res) => {
    res.json({ items: await reports.milestones() });
  });

  router.put('/api/reports/milestones/:jobRole', requireRole('hr', 'admin'), ...jsonBody('4kb'), async (req, res) => {
    const { jobRole } = parseInput(jobRoleParamSchema, req.params, 'jobRole');
    res.json(await reports.setMilestone(jobRole, parseInput(milestoneBodySchema, req.body), req.user!));
  });

  router.delete('/api/reports/milestones/:jobRole', requireRole('hr', 'admin'), async (req, res) => {
    const { jobRole } = parseInput(jobRoleParamSchema, req.params, 'jobRole');
    if (!(await reports.removeMilestone(jobRole))) throw new NotFoundError('Milestone');
    res.status(204).end();
  });

  router.post('/api/reports/evidence-packs', requireRole('hr', 'admin'), ...jsonBody('16kb'), async (req, res) => {
    const request = parseInput(evidenceRequestSchema, req.body);
    const pack = await packs.create(request, req.user!.id);
    const job = await opts.jobs.queue<EvidencePackJob>(EVIDENCE_PACK_QUEUE).add({ packId: pack.id, requestedBy: req.user!.id }, { jobId: pack.id });
    await packs.attachJob(pack.id, job.id);
    res.status(202).json({ ...pack, jobId: job.id });
  });

  router.get('/api/reports/evidence-packs', requireRole('hr', 'admin'), async (_req, res) => {
    res.json({ items: await packs.list() });
  });

  router.get('/api/reports/evidence-packs/completions.csv', requireRole('hr', 'admin'), async (req, res) => {
    const request = parseInput(evidenceQuerySchema, req.query, 'query');
    const ctx = { db: opts.db, records: opts.records, people: await reports.loadPeople(), homePage: opts.homePage, authority: opts.authority };
    const prep = await prepareEvidence(request, ctx);
    await sendCsv(res, 'completions.csv', completionsCsv(ctx, prep));
  });

  router.get('/api/reports/evidence-packs/:id', requireRole('hr', 'admin'), async (req, res) => {
    const pack = await packs.get(String(req.params.id));
    const job = pack.jobId ? await opts.jobs.getJob(pack.jobId) : null;
    res.json({ ...pack, progress: pack.state === 'done' ? 100 : (job?.progress ?? 0) });
  });

  router.get('/api/reports/evidence-packs/:id/download', requireRole('hr', 'admin'), async (req, res) => {
    const file = await packs.file(String(req.params.id));
    res.type('application/zip');
    res.attachment(file.name);
    await pipeline(fs.createReadStream(file.path), res);
  });

  return router;
}
