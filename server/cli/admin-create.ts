/**
 * `npm run admin:create -- --email E --password P [--name N] [--grant-admin]`: creates an
 * admin, or resets the password of an existing admin. An existing person who is not an
 * admin is refused unless --grant-admin says to make them one (to set an employee's
 * password without changing their roles, use `npm run user:password`).
 * Works with the server stopped, or running (through its admin socket).
 */
import { parseArgs } from 'node:util';
import { credentialArgs } from './credential-args.js';
import type { User } from '../people/user-service.js';
import { runCli, runCommand } from './run-command.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, 'grant-admin': { type: 'boolean', default: false } },
    strict: true,
  });
  const credentials = credentialArgs(values);
  if (!credentials) return 2;
  const input = { ...credentials, name: values.name, grantAdmin: values['grant-admin'] };
  const { user, created } = await runCommand<{ user: User; created: boolean }>(
    (runtime) => runtime.services.people.upsertAdmin(input),
    { route: '/admins', body: input },
  );
  console.log(`${created ? 'Created' : 'Updated'} admin ${user.email} (id ${user.id})`);
  return 0;
}

runCli(main);
