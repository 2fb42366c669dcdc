/**
 * `npm run lrs:client -- --name NAME --scopes all[,statements/read,...]`: creates an LRS
 * client for an external tool and prints `{"key":"...","secret":"..."}` as its last line.
 * The secret is shown only now; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { SCOPES, type LrsClient, type Scope } from '../../lrs/index.js';
import { runCli, runCommand } from './run-command.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { name: { type: 'string' }, scopes: { type: 'string' } }, strict: true });
  const name = values.name?.trim();
  if (!name) {
    console.error('--name: is required');
    return 2;
  }
  const scopes = (values.scopes ?? '').split(/[\s,]+/).filter(Boolean);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (!scopes.length || unknown.length) {
    console.error(`--scopes: give one or more of ${SCOPES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
    return 2;
  }
  const input = { name, scopes: scopes as Scope[] };
  const created = await runCommand<LrsClient & { secret: string }>(
    async (runtime) => {
      const { client, secret } = await runtime.lrs.credentials.create(input);
      return { ...client, secret };
    },
    { route: '/lrs-clients', body: input },
  );
  console.error(`Created LRS client "${created.name}" with scopes ${created.scopes.join(', ')}. Keep the secret: it is not shown again.`);
  console.log(JSON.stringify({ key: created.key, secret: created.secret }));
  return 0;
}

runCli(main);
