/**
 * The LMS as a user runs it: `npm run admin:create`, then the compiled server as its own
 * process (`npm start` runs dist/server/main.js, built by `npm run build`, which `npm test` runs first); SIGTERM shuts it down cleanly with everything acknowledged on disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { openEmbeddedStore } from '../server/store/embedded/index.js';
import { HttpClient } from './helpers/http-client.js';
import { tempDir } from './helpers/temp-dir.js';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    if (!fs.existsSync('dist/server/main.js')) throw new Error('dist/server/main.js is missing: run `npm run build` first');
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.js'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/localhost:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`server exited early (${code}): ${out}`)));
  });
}

test('admin:create and lrs:client with the compiled server stopped or running, login, and a clean SIGTERM shutdown', async (t) => {
  const dataDir = tempDir('proc-');
  const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };

  const bad = await run('npm', ['run', '--silent', 'admin:create', '--', '--email', 'root@example.com', '--password', 'short'], env);
  t.is(bad.code, 2);
  t.regex(bad.out, /--password: must be at least 12 characters/);

  const created = await run('npm', ['run', '--silent', 'admin:create', '--', '--email', 'root@example.com', '--password', 'correct horse battery'], env);
  t.is(created.code, 0, created.out);
  t.regex(created.out, /Created admin root@example.com/);

  const server = await startServer(env);
  // The server holds the store's lock: the CLI commands go through its admin socket.
  const second = await run('npm', ['run', '--silent', 'admin:create', '--', '--email', 'second@example.com', '--password', 'another fine passphrase'], env);
  t.is(second.code, 0, second.out);
  t.regex(second.out, /Created admin second@example.com/);
  const lrsClient = await run('npm', ['run', '--silent', 'lrs:client', '--', '--name', 'Authoring tool', '--scopes', 'statements/write,statements/read'], env);
  t.is(lrsClient.code, 0, lrsClient.out);
  const { key, secret } = JSON.parse(lrsClient.out.trim().split('\n').pop()!) as { key: string; secret: string };
  const xapi = (auth: string) => fetch(`${server.url}/xapi/nowhere`, { headers: { authorization: auth, 'x-experience-api-version': '1.0.3' } });
  t.is((await xapi('Basic ' + Buffer.from(`${key}:${secret}`).toString('base64'))).status, 404, 'the new credentials are accepted');
  t.is((await xapi('Basic ' + Buffer.from(`${key}:wrong`).toString('base64'))).status, 401);
  const badScope = await run('npm', ['run', '--silent', 'lrs:client', '--', '--name', 'x', '--scopes', 'everything'], env);
  t.is(badScope.code, 2);
  t.regex(badScope.out, /--scopes: .*unknown: everything/);
  t.is((await new HttpClient(server.url).login('second@example.com', 'another fine passphrase')).status, 200);

  const admin = new HttpClient(server.url);
  t.is((await admin.login('root@example.com', 'correct horse battery')).status, 200);
  const res = await admin.request('POST', '/api/users', { email: 'kept@example.com', name: 'Kept Person', roles: ['employee'] });
  t.is(res.status, 201);

  server.child.kill('SIGTERM');
  t.is(await server.exited, 0, 'exit code 0 after SIGTERM');
  t.false(fs.existsSync(path.join(dataDir, 'store', 'LOCK')), 'the store was closed, releasing its lock');
  t.false(fs.existsSync(path.join(dataDir, 'admin.sock')), 'the admin socket was removed');

  const store = await openEmbeddedStore({ dir: path.join(dataDir, 'store') });
  t.truthy(await store.db.collection('users').findOne({ email: 'kept@example.com' }));
  await store.close();
});
