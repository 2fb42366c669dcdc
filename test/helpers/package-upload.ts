/** Packages made in a test: a zip of the given files, uploaded as an author would, imported. */
import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';
import type { HttpClient } from './http-client.js';
import { tempDir } from './temp-dir.js';

/** A zip holding these files (name -> text), in a fresh temporary folder. */
export async function writeZip(files: Record<string, string>): Promise<string> {
  const file = path.join(tempDir('test-zip-'), 'package.zip');
  await new Promise<void>((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name);
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve()).on('error', reject);
    zip.end();
  });
  return file;
}

/** Waits for an import job (polling its status, as the portal does) and answers the package id. */
export async function waitForImport(c: HttpClient, jobId: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const job = (await c.request('GET', `/api/jobs/${jobId}`)).body;
    if (job.state === 'completed') return job.result.packageId as string;
    if (job.state === 'failed') throw new Error(`import: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`import ${jobId} did not finish`);
}

/**
 * Upload these files as a package (the client must be an author) and answer its id once
 * imported. Opened in the catalogue to everyone unless `catalogue: false`, since learners
 * launch only what is assigned or offered to them (server/launch/launch-gate.ts).
 */
export async function uploadPackage(c: HttpClient, files: Record<string, string>, opts: { catalogue?: boolean } = {}): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(await writeZip(files))], { type: 'application/zip' }), 'package.zip');
  const res = await c.upload('/api/packages', form);
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
  const id = await waitForImport(c, res.body.jobId);
  if (opts.catalogue !== false) await openInCatalogue(c, id);
  return id;
}

/** Opens a package for self-enrolment to everyone (the client must be an author or admin), so any learner may launch it. */
export async function openInCatalogue(c: HttpClient, packageId: string): Promise<void> {
  const res = await c.request('PUT', `/api/packages/${packageId}/self-enrolment`, { open: true });
  if (res.status !== 200) throw new Error(`self-enrolment: ${res.status} ${JSON.stringify(res.body)}`);
}
