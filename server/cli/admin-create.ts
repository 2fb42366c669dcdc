/**
 * `npm run admin:create -- --email E --password P [--name N]`: creates the admin, or
 * resets the password of an existing account with that email and makes it an admin.
 * Works with the server stopped, or running (through its admin socket).
 */
import { parseArgs } from 'node:util';
import { createUserSchema, passwordSchema } from '../people/user-schema.js';
import type { User } from '../people/user-service.js';
import { runCli, runCommand } from './run-command.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
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
  const input = { email: email.data, password: password.data, name: values.name };
  const { user, created } = await runCommand<{ user: User; created: boolean }>(
    (runtime) => runtime.services.people.upsertAdmin(input),
    { route: '/admins', body: input },
  );
  console.log(`${created ? 'Created' : 'Updated'} admin ${user.email} (id ${user.id})`);
  return 0;
}

runCli(main);
