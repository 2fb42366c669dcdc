/**
 * Loads the project's sample packages into a test app (as an author would) and names them
 * by kind. They are opened in the catalogue to everyone (so any learner may launch them)
 * unless `catalogue: false`: the author must then be an author or admin.
 */
import { execFileSync } from 'node:child_process';
import type { TestApp } from './app.js';
import { HttpClient } from './http-client.js';
import { openInCatalogue, waitForImport } from './package-upload.js';

export interface LoadedSamples {
  scorm12: string;
  scorm2004: string;
  cmi5: string;
  xapi: string;
}

let built = false;

export async function loadSamples(app: TestApp, author: { email: string; password: string }, opts: { catalogue?: boolean } = {}): Promise<LoadedSamples> {
  if (!built) execFileSync(process.execPath, ['scripts/build-samples.mjs'], { stdio: 'pipe' });
  built = true;
  const c = new HttpClient(app.url);
  await c.login(author.email, author.password);
  const res = await c.request('POST', '/api/packages/samples');
  if (res.status !== 202) throw new Error(`samples: ${res.status} ${JSON.stringify(res.body)}`);
  for (const jobId of res.body.jobIds as string[]) await waitForImport(c, jobId);
  const list = await c.request('GET', '/api/packages');
  const byKind = Object.fromEntries((list.body.items as Array<{ id: string; kind: string }>).map((p) => [p.kind, p.id]));
  if (opts.catalogue !== false) for (const id of Object.values(byKind)) await openInCatalogue(c, id);
  return byKind as unknown as LoadedSamples;
}
