/** `npm run scim:token -- --name NAME` prints a working token as its last line; a missing name is refused. */
import { spawn } from 'node:child_process';
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { scimClient } from '../helpers/scim-client.js';
import { tempDir } from '../helpers/temp-dir.js';

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('scim:token creates a token the SCIM endpoint accepts', async (t) => {
  const env = { DATA_DIR: tempDir('scim-cli-'), LOG_LEVEL: 'silent' };
  const missing = await run(['scim:token'], env);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /--name: is required/);

  const created = await run(['scim:token', '--', '--name', 'okta'], env);
  t.is(created.code, 0, created.stderr);
  const last = created.stdout.trim().split('\n').at(-1)!;
  const { token } = JSON.parse(last) as { token: string };
  t.regex(token, /^scim_/);

  const app = await startTestApp(env);
  t.teardown(() => app.close());
  const scim = scimClient(app.url, token);
  t.is((await scim('GET', '/ServiceProviderConfig')).status, 200);
  const listed = await app.runtime.store.db.collection('scim_tokens').find({}).toArray();
  t.deepEqual(listed.map((d) => d.name), ['okta']);
});
