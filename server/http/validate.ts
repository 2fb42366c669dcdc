/** Parse request input with a zod schema; the first issue becomes a 400 naming its field. */
import type { z } from 'zod';
import { ValidationError } from './errors.js';

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : where;
  const details = result.error.issues.map((i) => ({ field: i.path.join('.') || where, message: i.message }));
  throw new ValidationError(`${field}: ${issue.message}`, field, details);
}
