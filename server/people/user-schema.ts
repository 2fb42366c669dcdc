/** Input shapes for people, validated at the edge; errors name the field. */
import { z } from 'zod';
import { ACCOUNT_KINDS, STATUS_FILTERS } from './person-state.js';
import { MANAGER_ROLES, ROLES } from './roles.js';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'must be a person id');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'must be a date like 2026-01-31')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a valid date');
const optionalText = z.string().trim().min(1).max(200).optional();

export const PASSWORD_MIN = 12;
export const passwordSchema = z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(1024);

export const createUserSchema = z.object({
  email: z.string().trim().toLowerCase().email('must be an email address'),
  name: z.string().trim().min(1, 'is required').max(200),
  password: passwordSchema.optional(),
  roles: z.array(z.enum(ROLES)).min(1).default(['employee']),
  department: optionalText,
  location: optionalText,
  jobRole: optionalText,
  jobLevel: optionalText,
  managerId: objectId.optional(),
  hireDate: isoDate.optional(),
  employeeId: optionalText,
  /** Counted as a learner; accounts HR creates are people unless said otherwise. */
  isPerson: z.boolean().optional(),
  managerRole: z.enum(MANAGER_ROLES).optional(),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = createUserSchema
  .omit({ password: true })
  .partial()
  .extend({
    // No default here: an edit that leaves roles out keeps them (the create default would reset them).
    roles: z.array(z.enum(ROLES)).min(1).optional(),
    active: z.boolean().optional(),
    managerId: objectId.nullable().optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const listUsersSchema = z.object({
  department: z.string().optional(),
  location: z.string().optional(),
  role: z.enum(ROLES).optional(),
  managerId: objectId.optional(),
  active: z.enum(['true', 'false']).optional(),
  status: z.enum(STATUS_FILTERS).optional(),
  kind: z.enum(ACCOUNT_KINDS).default('people'),
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
/** `kind` may be left out by callers inside the server (people, as over HTTP). */
export type ListUsersQuery = Omit<z.infer<typeof listUsersSchema>, 'kind'> & { kind?: z.infer<typeof listUsersSchema>['kind'] };

const ids = z.array(objectId).min(1, 'choose at least one person').max(1000, 'at most 1000 people at a time');

/** Bulk actions on a selection in the directory. */
export const bulkActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('deactivate'), ids }).strict(),
  z.object({ action: z.literal('reactivate'), ids }).strict(),
  z.object({ action: z.literal('set-manager'), ids, managerId: objectId.nullable() }).strict(),
]);
export type BulkActionInput = z.infer<typeof bulkActionSchema>;

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().email('must be an email address'),
  password: z.string().min(1, 'is required').max(1024),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().max(1024).optional(),
  newPassword: passwordSchema,
});
