/** Input shapes of the blended learning API (zod). */
import { z } from 'zod';

const objectId = z.string().regex(/^[a-f0-9]{24}$/i, 'must be a person id');
const shortId = z.string().trim().min(1).max(80).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only');

export const taskInputSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(4000).optional(),
    doneBy: z.enum(['learner', 'manager', 'hr', 'buddy', 'role']),
    roleName: z.string().trim().min(1).max(100).optional(),
    dueDaysAfterHire: z.number().int().min(0).max(3650).optional(),
    evidenceRequired: z.boolean().default(false),
  })
  .refine((t) => t.doneBy !== 'role' || !!t.roleName, { path: ['roleName'], message: 'name the role (job role or department) that ticks this task' });
export type TaskInput = z.infer<typeof taskInputSchema>;

export const tickSchema = z.object({
  personId: objectId,
  note: z.string().trim().max(4000).optional(),
  pathId: z.string().regex(/^[a-f0-9]{24}$/i, 'must be a path id').optional(),
});
export type TickInput = z.infer<typeof tickSchema>;

export const buddySchema = z.object({ buddyId: objectId });

export const formInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  criteria: z.array(z.object({ id: shortId, text: z.string().trim().min(1).max(500) })).min(1).max(50),
  assessorIds: z.array(objectId).max(100).default([]),
});
export type FormInput = z.infer<typeof formInputSchema>;

export const observationInputSchema = z.object({
  personId: objectId,
  results: z.array(z.object({ criterionId: shortId, outcome: z.enum(['pass', 'not_yet']), comment: z.string().trim().max(2000).optional() })).min(1).max(50),
  rating: z.number().int().min(1).max(5).optional(),
  comment: z.string().trim().max(4000).optional(),
  pathId: z.string().regex(/^[a-f0-9]{24}$/i, 'must be a path id').optional(),
});
export type ObservationInput = z.infer<typeof observationInputSchema>;

const sessionSchema = z
  .object({
    id: shortId,
    kind: z.enum(['classroom', 'virtual']),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    location: z.string().trim().min(1).max(500).optional(),
    joinUrl: z.url({ protocol: /^https?$/ }).optional(),
    capacity: z.number().int().min(1).max(100_000).optional(),
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { path: ['endsAt'], message: 'must be after startsAt' })
  .refine((s) => s.kind !== 'classroom' || !!s.location, { path: ['location'], message: 'a classroom session needs a location' })
  .refine((s) => s.kind !== 'classroom' || s.capacity !== undefined, { path: ['capacity'], message: 'a classroom session needs a capacity' })
  .refine((s) => s.kind !== 'virtual' || !!s.joinUrl, { path: ['joinUrl'], message: 'a virtual session needs a join URL' });

export const eventInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  trainerIds: z.array(objectId).min(1).max(50),
  approval: z.boolean().default(false),
  sessions: z.array(sessionSchema).min(1).max(100),
});
export type EventInput = z.infer<typeof eventInputSchema>;

/** An event's own fields (its sessions are edited one by one). */
export const eventUpdateSchema = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  trainerIds: z.array(objectId).min(1).max(50),
  approval: z.boolean().default(false),
});
export type EventUpdate = z.infer<typeof eventUpdateSchema>;

/** What may change in a session: time, place, join URL, seats (its kind and id stay). */
export const sessionPatchSchema = z
  .object({
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
    location: z.string().trim().min(1).max(500).optional(),
    joinUrl: z.url({ protocol: /^https?$/ }).optional(),
    capacity: z.number().int().min(1).max(100_000).optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'name at least one of startsAt, endsAt, location, joinUrl, capacity' });
export type SessionPatch = z.infer<typeof sessionPatchSchema>;

export const signupSchema = z.object({ personId: objectId.optional() });
export const decisionSchema = z.object({ approve: z.boolean() });

export const attendanceSchema = z.object({
  records: z.array(z.object({ personId: objectId, status: z.enum(['attended', 'partial', 'no_show']) })).min(1).max(1000),
});
export type AttendanceInput = z.infer<typeof attendanceSchema>;

/** A path marked as a job role's onboarding template, with its 30/60/90-day checkpoints. */
export const templateInputSchema = z
  .object({
    jobRole: z.string().trim().min(1).max(200),
    /** Only people hired after this date are assigned it (not the role's long-serving staff). */
    hiredAfter: z.iso.date().optional(),
    checkpoints: z
      .array(z.object({ day: z.number().int().min(1).max(365), stepIds: z.array(shortId).min(1).max(200) }).strict())
      .max(10)
      .default([]),
  })
  .strict();
export type TemplateInput = z.infer<typeof templateInputSchema>;
