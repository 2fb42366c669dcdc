/**
 * The access CLIs against a stopped server's data: admin:create makes admins only (an
 * existing employee needs --grant-admin), user:password sets a password and keeps roles.
 */
import { spawn } from 'node:child_process';
import test from 'ava';
import { openRuntime } from '../server/runtime.js';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { tempDir } from './helpers/temp-dir.js';

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

test('admin:create refuses an existing employee unless --grant-admin; user:password keeps roles', async (t) => {
  const env = { DATA_DIR: tempDir('cli-access-'), LOG_LEVEL: 'silent' };
  const withRuntime = async <T>(fn: (r: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>): Promise<T> => {
    const runtime = await openRuntime(loadConfig(env), createLogger('silent'));
    try {
      return await fn(runtime);
    } finally {
      await runtime.close();
    }
  };
  await withRuntime((r) => r.services.people.create({ email: 'eve@example.com', name: 'Eve Employee', roles: ['employee'] }));

  const refused = await run(['admin:create', '--', '--email', 'eve@example.com', '--password', 'tangerine ostrich violin'], env);
  t.is(refused.code, 1, refused.out);
  t.regex(refused.out, /not an admin.*--grant-admin/);

  const set = await run(['user:password', '--', '--email', 'eve@example.com', '--password', 'tangerine ostrich violin'], env);
  t.is(set.code, 0, set.out);
  const weak = await run(['user:password', '--', '--email', 'eve@example.com', '--password', 'password1234'], env);
  t.is(weak.code, 1);
  t.regex(weak.out, /password: is a commonly used password/);
  await withRuntime(async (r) => {
    t.deepEqual((await r.services.people.verifyCredentials('eve@example.com', 'tangerine ostrich violin'))?.roles, ['employee']);
  });

  const granted = await run(['admin:create', '--', '--email', 'eve@example.com', '--password', 'tangerine ostrich violin', '--grant-admin'], env);
  t.is(granted.code, 0, granted.out);
  await withRuntime(async (r) => t.deepEqual((await r.services.people.verifyCredentials('eve@example.com', 'tangerine ostrich violin'))?.roles, ['employee', 'admin']));
});
