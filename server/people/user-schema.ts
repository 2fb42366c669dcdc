/** Input shapes for people, validated at the edge; errors name the field. */
import { z } from 'zod';
import { ROLES } from './roles.js';

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
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = createUserSchema
  .omit({ password: true })
  .partial()
  .extend({
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
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListUsersQuery = z.infer<typeof listUsersSchema>;

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().email('must be an email address'),
  password: z.string().min(1, 'is required').max(1024),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().max(1024).optional(),
  newPassword: passwordSchema,
});
