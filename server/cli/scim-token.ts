/**
 * `npm run scim:token -- --name okta`: creates a bearer token for an identity provider's
 * SCIM provisioning and prints `{"token":"..."}` as its last line. The token is shown only
 * now; only its SHA-256 is stored. Revoke it on the SCIM tokens screen or DELETE /api/scim/tokens/:id.
 */
import { parseArgs } from 'node:util';
import { openScim } from '../scim/index.js';
import type { ScimToken } from '../scim/scim-tokens.js';
import { runCli, runCommand } from './run-command.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { name: { type: 'string' } }, strict: true });
  const name = values.name?.trim();
  if (!name || name.length > 100) {
    console.error('--name: is required (at most 100 characters), e.g. --name okta');
    return 2;
  }
  const created = await runCommand<{ token: string; record: ScimToken }>(async (runtime) => (await openScim(runtime)).tokens.create(name, 'cli'), { route: '/scim-tokens', body: { name } });
  console.error(`Created SCIM token "${created.record.name}" (id ${created.record.id}). Keep it: it is not shown again.`);
  console.log(JSON.stringify({ token: created.token }));
  return 0;
}

runCli(main);
