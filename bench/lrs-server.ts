/**
 * The LRS under benchmark, in its own process so the load generator does not share its
 * event loop: createLrs on a fresh embedded store, mounted at /xapi as the LMS mounts it.
 * Prints one JSON line with the port and an `all`-scope credential, then serves until killed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLrs } from '../lrs/index.js';
import { openEmbeddedStore } from '../server/store/embedded/index.js';

const dir = process.env.BENCH_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lrs-'));
const store = await openEmbeddedStore({ dir });
const lrs = await createLrs({ db: store.db, authorityHomePage: 'http://127.0.0.1/xapi/clients', logger: { error: (o, m) => console.error(m, o) } });
const { client, secret } = await lrs.credentials.create({ name: 'bench', scopes: ['all'] });
const app = express();
app.use('/xapi', lrs.router);
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ port, key: client.key, secret, dir }));
});
const stop = async () => {
  server.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
