/**
 * `npm run admin:create -- --email E --password P [--name N] [--grant-admin]`: creates an
 * admin, or resets the password of an existing admin. An existing person who is not an
 * admin is refused unless --grant-admin says to make them one (to set an employee's
 * password without changing their roles, use `npm run user:password`).
 * Works with the server stopped, or running (through its admin socket).
 */
import { parseArgs } from 'node:util';
import { createUserSchema, passwordSchema } from '../people/user-schema.js';
import type { User } from '../people/user-service.js';
import { runCli, runCommand } from './run-command.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, 'grant-admin': { type: 'boolean', default: false } },
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
  const input = { email: email.data, password: password.data, name: values.name, grantAdmin: values['grant-admin'] };
  const { user, created } = await runCommand<{ user: User; created: boolean }>(
    (runtime) => runtime.services.people.upsertAdmin(input),
    { route: '/admins', body: input },
  );
  console.log(`${created ? 'Created' : 'Updated'} admin ${user.email} (id ${user.id})`);
  return 0;
}

runCli(main);
