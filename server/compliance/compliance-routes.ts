/**
 * Compliance API: statuses (HR and admins: everyone; managers: the people below them),
 * "My team", the calendar, and asking for a re-evaluation or a rebuild (jobs).
 */
import { Router } from 'express';
import { z } from 'zod';
import { requireRole, requireUser } from '../auth/require-role.js';
import { ForbiddenError, ValidationError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { JobRuntime } from '../jobs/types.js';
import { ReportingTree } from '../org/person-facts.js';
import { hasRole } from '../people/user-service.js';
import type { UserModel } from '../people/user-model.js';
import { COMPLIANCE_QUEUE, type ComplianceJob } from './compliance-job.js';
import { calendar, listStatuses, toStatusView, type StatusFilter } from './compliance-queries.js';
import type { HrRecords } from './hr-records.js';
import { pairKey, TARGET_TYPES } from '../assignments/assignment-types.js';
import { COMPLIANCE_STATUSES } from './compliance-types.js';
import type { Compliance } from './index.js';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a person id');
const filterSchema = z.object({
  personId: objectId.optional(),
  managerId: objectId.optional(),
  department: z.string().max(200).optional(),
  location: z.string().max(200).optional(),
  jobRole: z.string().max(200).optional(),
  targetId: z.string().max(2000).optional(),
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(COMPLIANCE_STATUSES)).optional()),
  scope: z.enum(['direct', 'chain']).default('chain'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
const dateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be a date like 2026-01-31').transform((s) => new Date(s));
const calendarSchema = filterSchema.extend({ from: dateParam, to: dateParam });
export const hrRecordSchema = z.object({
  personId: objectId,
  target: z.object({ type: z.enum(TARGET_TYPES), id: z.string().trim().min(1).max(2000) }),
  kind: z.enum(['completed', 'waived']),
  reason: z.string().trim().min(5, 'say why, in a few words').max(2000),
  at: z.iso.datetime({ offset: true }).or(z.iso.date()).transform((s) => new Date(s)).optional(),
});

export function createComplianceRouter(deps: { compliance: Compliance; users: UserModel; jobs: JobRuntime; hrRecords: HrRecords }): Router {
  const router = Router();
  router.use('/api/compliance', ...jsonBody());
  const { compliance } = deps;

  /** Who a manager may see: everyone below them (or only direct reports). */
  async function teamOf(managerId: string, scope: 'direct' | 'chain'): Promise<string[]> {
    const links = await deps.users.find({ active: true }, { managerId: 1 }).lean<Array<{ _id: { toHexString(): string }; managerId?: { toHexString(): string } }>>().exec();
    const tree = new ReportingTree(links.map((l) => ({ id: l._id.toHexString(), managerId: l.managerId?.toHexString() })));
    return scope === 'direct' ? tree.direct(managerId) : [...tree.chain(managerId)];
  }

  /** HR and admins filter freely; a manager's filter is narrowed to their team; others see themselves. */
  async function scoped(user: { id: string; roles: string[] }, q: z.infer<typeof filterSchema>): Promise<StatusFilter> {
    const f: StatusFilter = { managerId: q.managerId, department: q.department, location: q.location, jobRole: q.jobRole, status: q.status, targetId: q.targetId };
    if (q.personId) f.personIds = [q.personId];
    if (hasRole(user as never, 'hr', 'admin')) return f;
    const team = hasRole(user as never, 'manager') ? await teamOf(user.id, q.scope) : [];
    const allowed = new Set([user.id, ...team]);
    if (q.personId && !allowed.has(q.personId)) throw new ForbiddenError('You can see your own and your team’s compliance only');
    f.personIds = q.personId ? [q.personId] : [...allowed];
    return f;
  }

  router.get('/api/compliance/status', requireUser, async (req, res) => {
    const q = parseInput(filterSchema, req.query, 'query');
    res.json(await listStatuses(compliance.statuses, await scoped(req.user!, q), q));
  });

  router.get('/api/compliance/team', requireRole('manager', 'hr', 'admin'), async (req, res) => {
    const q = parseInput(filterSchema, req.query, 'query');
    const team = await teamOf(req.user!.id, q.scope);
    res.json({ ...(await listStatuses(compliance.statuses, { personIds: team, status: q.status }, q)), people: team.length });
  });

  router.get('/api/compliance/calendar', requireUser, async (req, res) => {
    const q = parseInput(calendarSchema, req.query, 'query');
    if (q.to < q.from) throw new ValidationError('to: must not be before from', 'to');
    if (q.to.getTime() - q.from.getTime() > 3 * 366 * 86400_000) throw new ValidationError('to: ask for at most three years at a time', 'to');
    res.json({ from: q.from.toISOString(), to: q.to.toISOString(), events: await calendar(compliance.statuses, await scoped(req.user!, q), q.from, new Date(q.to.getTime() + 86400_000 - 1)) });
  });

  // HR records a completion done elsewhere, or waives a requirement: always with a reason.
  router.post('/api/compliance/records', requireRole('hr', 'admin'), async (req, res) => {
    const input = parseInput(hrRecordSchema, req.body);
    const { statementId } = await deps.hrRecords.record(input, { id: req.user!.id, name: req.user!.name });
    await compliance.evaluate([input.personId]);
    const status = await compliance.statuses.findOne({ _id: pairKey(input.personId, input.target) });
    res.status(201).json({ statementId, status: status ? toStatusView(status) : null });
  });

  router.post('/api/compliance/evaluate', requireRole('hr', 'admin'), async (req, res) => {
    const job = await deps.jobs.queue<ComplianceJob>(COMPLIANCE_QUEUE).add({ task: 'evaluate', requestedBy: req.user!.id }, { attempts: 2 });
    res.status(202).json({ jobId: job.id });
  });

  router.post('/api/compliance/rebuild', requireRole('admin'), async (req, res) => {
    const job = await deps.jobs.queue<ComplianceJob>(COMPLIANCE_QUEUE).add({ task: 'rebuild', requestedBy: req.user!.id });
    res.status(202).json({ jobId: job.id });
  });
  return router;
}
