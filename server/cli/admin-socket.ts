/**
 * A local control channel for the CLI commands while the server runs: a Unix socket in
 * DATA_DIR (mode 0600, so only whoever may read the data may use it). The embedded store
 * is locked by the running server, so `npm run admin:create`, `npm run lrs:client` and `npm run scim:token`
 * ask the server to do the work through this socket instead.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { z } from 'zod';
import type { Runtime } from '../runtime.js';
import { createUserSchema, passwordSchema } from '../people/user-schema.js';
import { createLrsClientSchema } from '../lrs-admin/lrs-client-routes.js';
import { errorHandler } from '../http/error-handler.js';
import { openScim } from '../scim/index.js';
import { createScimTokenSchema } from '../scim/scim-token-routes.js';
import { parseInput } from '../http/validate.js';

export function adminSocketPath(dataDir: string): string {
  return path.join(dataDir, 'admin.sock');
}

const adminSchema = z.object({ email: createUserSchema.shape.email, password: passwordSchema, name: z.string().optional(), grantAdmin: z.boolean().optional() });
const userPasswordSchema = z.object({ email: createUserSchema.shape.email, password: passwordSchema });

export async function listenAdminSocket(runtime: Runtime): Promise<() => Promise<void>> {
  const socket = adminSocketPath(runtime.config.dataDir);
  fs.mkdirSync(path.dirname(socket), { recursive: true });
  fs.rmSync(socket, { force: true });
  const app = express();
  app.use(express.json());
  app.post('/admins', async (req, res) => {
    res.json(await runtime.services.people.upsertAdmin(parseInput(adminSchema, req.body)));
  });
  app.post('/user-passwords', async (req, res) => {
    const { email, password } = parseInput(userPasswordSchema, req.body);
    res.json(await runtime.services.access.setPasswordByEmail(email, password));
  });
  app.post('/lrs-clients', async (req, res) => {
    const { client, secret } = await runtime.lrs.credentials.create(parseInput(createLrsClientSchema, req.body));
    res.json({ ...client, secret });
  });
  app.post('/scim-tokens', async (req, res) => {
    const { name } = parseInput(createScimTokenSchema, req.body);
    res.json(await (await openScim(runtime)).tokens.create(name, 'cli'));
  });
  app.use(errorHandler(runtime.logger));
  const server = http.createServer(app);
  const previousMask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => server.listen(socket, resolve).once('error', reject));
  } finally {
    process.umask(previousMask);
  }
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      fs.rmSync(socket, { force: true });
    });
}

/** Send one command to a running server; throws with the server's message on failure. */
export function callAdminSocket<T>(dataDir: string, route: string, body: unknown): Promise<T> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { socketPath: adminSocketPath(dataDir), path: route, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          const parsed = text ? JSON.parse(text) : {};
          if (res.statusCode === 200) resolve(parsed as T);
          else reject(new Error(parsed?.error?.message ?? `server answered ${res.statusCode}`));
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
