/** Assignment rule input, validated at the edge; errors name the field. */
import { z } from 'zod';
import { TARGET_TYPES } from './assignment-types.js';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a person id');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'must be a date like 2026-01-31')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a valid date')
  .transform((s) => new Date(s));
const names = z.array(z.string().trim().min(1).max(200)).max(500);

export const criteriaSchema = z
  .object({
    everyone: z.boolean().optional(),
    jobRoles: z.array(z.object({ jobRole: z.string().trim().min(1).max(200), levels: names.optional() }).strict()).max(200).optional(),
    departments: names.optional(),
    locations: names.optional(),
    hiredAfter: isoDate.optional(),
    hiredBefore: isoDate.optional(),
    manager: z.object({ id: objectId, scope: z.enum(['direct', 'chain']) }).strict().optional(),
    people: z.array(objectId).max(10_000).optional(),
  })
  .strict();

export const dueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('absolute'), date: isoDate }).strict(),
  z.object({ kind: z.literal('afterHire'), days: z.number().int().min(0).max(3650) }).strict(),
  z.object({ kind: z.literal('afterAssignment'), days: z.number().int().min(0).max(3650) }).strict(),
]);

export const ruleInputSchema = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    target: z
      .object({
        type: z.enum(TARGET_TYPES),
        id: z.string().trim().min(1, 'is required').max(2000),
        title: z.string().trim().min(1, 'is required').max(300),
      })
      .strict(),
    criteria: criteriaSchema,
    due: dueSchema.default({ kind: 'none' }),
    recurrence: z
      .object({ validForMonths: z.number().int().min(1).max(120), windowDays: z.number().int().min(0).max(365).default(90) })
      .strict()
      .optional(),
    active: z.boolean().default(true),
  })
  .strict();
export type RuleInput = z.infer<typeof ruleInputSchema>;

export const rulePatchSchema = ruleInputSchema.partial().strict();
export type RulePatch = z.infer<typeof rulePatchSchema>;

export const previewSchema = z.object({ criteria: criteriaSchema, limit: z.number().int().min(1).max(500).default(50) }).strict();
