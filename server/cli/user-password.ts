/**
 * `npm run user:password -- --email E --password P`: sets a person's password without
 * touching their roles (the password policy applies; their sessions end). For people who
 * cannot use an invitation or "Forgot password", e.g. without a mailbox.
 * Works with the server stopped, or running (through its admin socket).
 */
import { parseArgs } from 'node:util';
import { credentialArgs } from './credential-args.js';
import { runCli, runCommand } from './run-command.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' } }, strict: true });
  const credentials = credentialArgs(values);
  if (!credentials) return 2;
  const input = credentials;
  const user = await runCommand<{ id: string; email: string }>(
    (runtime) => runtime.services.access.setPasswordByEmail(input.email, input.password),
    { route: '/user-passwords', body: input },
  );
  console.log(`Set the password of ${user.email} (id ${user.id}); their roles are unchanged`);
  return 0;
}

runCli(main);
