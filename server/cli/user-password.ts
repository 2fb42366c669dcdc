/**
 * `npm run user:password -- --email E --password P`: sets a person's password without
 * touching their roles (the password policy applies; their sessions end). For people who
 * cannot use an invitation or "Forgot password", e.g. without a mailbox.
 * Works with the server stopped, or running (through its admin socket).
 */
import { parseArgs } from 'node:util';
import { createUserSchema, passwordSchema } from '../people/user-schema.js';
import { runCli, runCommand } from './run-command.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' } }, strict: true });
  const email = createUserSchema.shape.email.safeParse(values.email ?? '');
  if (!email.success) {
    console.error('--email: must be an email address');
    return 2;
  }
  const password = passwordSchema.safeParse(values.password ?? '');
  if (!password.success) {
    console.error(`--password: ${password.error.issues[0]!.message}`);
    return 2;
  }
  const input = { email: email.data, password: password.data };
  const user = await runCommand<{ id: string; email: string }>(
    (runtime) => runtime.services.access.setPasswordByEmail(input.email, input.password),
    { route: '/user-passwords', body: input },
  );
  console.log(`Set the password of ${user.email} (id ${user.id}); their roles are unchanged`);
  return 0;
}

runCli(main);
