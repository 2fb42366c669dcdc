/** Query and body shapes of the reports API, validated at the edge; errors name the field. */
import { z } from 'zod';

const text = z.string().trim().min(1).max(200);
const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a person id');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'must be a date like 2026-01-31').refine((s) => !Number.isNaN(Date.parse(s)), 'must be a valid date');

export const dashboardQuerySchema = z.object({
  department: text.optional(),
  location: text.optional(),
  jobRole: text.optional(),
  managerId: objectId.optional(),
  targetId: text.optional(),
  view: z.enum(['self', 'team']).optional(),
});

export const drillDownQuerySchema = dashboardQuerySchema.extend({
  status: z.enum(['not_started', 'in_progress', 'complete', 'overdue', 'expiring', 'expired', 'past_due', 'valid']).optional(),
  expiringWithinDays: z.coerce.number().int().min(1).max(3650).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const targetSchema = z.object({
  type: z.enum(['path', 'package', 'policy', 'activity']),
  id: z.string().trim().min(1).max(2000),
});

export const evidenceRequestSchema = z
  .object({
    target: targetSchema,
    population: z.object({ department: text.optional(), location: text.optional(), jobRole: text.optional() }).strict().default({}),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict()
  .refine((r) => !r.from || !r.to || Date.parse(r.from) <= Date.parse(r.to), { message: 'must not be before from', path: ['to'] });

/** The same request as a query string (the direct CSV download). */
export const evidenceQuerySchema = z
  .object({
    targetType: targetSchema.shape.type,
    targetId: targetSchema.shape.id,
    department: text.optional(),
    location: text.optional(),
    jobRole: text.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .transform((q) => ({
    target: { type: q.targetType, id: q.targetId },
    population: { department: q.department, location: q.location, jobRole: q.jobRole },
    from: q.from,
    to: q.to,
  }));

export const onboardingQuerySchema = z.object({
  hiredFrom: isoDate.optional(),
  hiredTo: isoDate.optional(),
  view: z.enum(['self', 'team']).optional(),
});

export const learningQuerySchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  granularity: z.enum(['day', 'week']).default('week'),
  view: z.enum(['self', 'team']).optional(),
});

export const milestoneBodySchema = z.object({ target: targetSchema, label: z.string().trim().min(1).max(200).optional() }).strict();
export const jobRoleParamSchema = z.object({ jobRole: z.string().trim().min(1).max(200) });
