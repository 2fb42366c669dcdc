/** Input shapes of the paths API (zod). */
import { z } from 'zod';

const stepId = z.string().trim().min(1).max(80).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only');

export const stepSchema = z.object({
  id: stepId,
  title: z.string().trim().min(1).max(200),
  type: z.enum(['package', 'activity', 'policy', 'path', 'task', 'observation', 'session']),
  ref: z.string().trim().min(1).max(2000),
  prerequisites: z.array(stepId).max(100).default([]),
  gates: z.array(z.object({ competencyId: z.string().trim().min(1).max(80), level: z.number().int().min(0).max(20) })).max(20).default([]),
  required: z.boolean().default(true),
  minScore: z.number().min(0).max(1).optional(),
});

export const pathInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  steps: z.array(stepSchema).min(1).max(200),
});
export type PathInput = z.infer<typeof pathInputSchema>;

export const enrolSchema = z.object({
  personIds: z.array(z.string().regex(/^[a-f0-9]{24}$/i, 'must be a person id')).min(1).max(10_000),
  targetType: z.enum(['path', 'policy']),
  targetId: z.string().regex(/^[a-f0-9]{24}$/i, 'must be an id'),
  dueAt: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
export type EnrolInput = z.infer<typeof enrolSchema>;
