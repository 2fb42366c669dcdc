/** `--email` and `--password` of the account commands, checked as the API checks them. */
import { createUserSchema, passwordSchema } from '../people/user-schema.js';

/** The checked pair, or null after printing which option is wrong (exit with 2). */
export function credentialArgs(values: { email?: string; password?: string }): { email: string; password: string } | null {
  const email = createUserSchema.shape.email.safeParse(values.email ?? '');
  if (!email.success) {
    console.error('--email: must be an email address');
    return null;
  }
  const password = passwordSchema.safeParse(values.password ?? '');
  if (!password.success) {
    console.error(`--password: ${password.error.issues[0]!.message}`);
    return null;
  }
  return { email: email.data, password: password.data };
}
