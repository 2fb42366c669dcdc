/**
 * Packages API: upload (streamed to disk, inspected at once so a bad zip is refused while
 * the author waits, then extracted by the import job), list, details, choosing the version
 * new learners get. The extracted files are served by the content origin (content-origin.ts).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/require-role.js';
import { NotFoundError } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { parseInput } from '../http/validate.js';
import type { JobRuntime } from '../jobs/types.js';
import { contentHttpError } from './content-errors.js';
import type { ContentService } from './import-service.js';
import type { ContentUrls } from './content-urls.js';
import { CONTENT_IMPORT_QUEUE, type ContentImportJob } from './import-job.js';
import { saveUpload } from './upload.js';
import { refuseDeclaredOversize } from './upload-size.js';

export interface ContentRouterOptions {
  content: ContentService;
  /** Where `npm run samples` puts the sample packages (offered as demo content). */
  samplesDir: string;
  jobs: JobRuntime;
  uploadDir: string;
  contentDir: string;
  uploadMaxBytes: number;
  /** Package files are served on the content origin by capability URL (content-origin.ts). */
  contentUrls: ContentUrls;
}

const uploadFieldsSchema = z.object({ packageId: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a package id').optional() });
const currentVersionSchema = z.object({ version: z.number().int().positive() });

export function createContentRouter(opts: ContentRouterOptions): Router {
  const router = Router();

  router.post('/api/packages', requireRole('author', 'admin'), async (req, res) => {
    refuseDeclaredOversize(req, res, opts.uploadMaxBytes);
    const upload = await saveUpload(req, opts.uploadDir, opts.uploadMaxBytes);
    try {
      const fields = parseInput(uploadFieldsSchema, upload.fields);
      const { warnings } = await opts.content.inspect(upload.path);
      const job = await opts.jobs.queue<ContentImportJob>(CONTENT_IMPORT_QUEUE).add({
        uploadPath: upload.path,
        filename: upload.filename,
        requestedBy: req.user!.id,
        packageId: fields.packageId,
      });
      // Warnings now, while the author waits; the job's result repeats them.
      res.status(202).json({ jobId: job.id, warnings });
    } catch (err) {
      await fs.rm(upload.path, { force: true });
      throw contentHttpError(err) ?? err;
    }
  });

  // Demo content: import every sample package (`npm start` builds them).
  router.post('/api/packages/samples', requireRole('author', 'admin'), async (req, res) => {
    const zips = await fs.readdir(opts.samplesDir).then(
      (names) => names.filter((n) => n.endsWith('.zip')).sort(),
      () => [] as string[],
    );
    if (!zips.length) throw new NotFoundError('Sample packages (run `npm run samples`)');
    await fs.mkdir(opts.uploadDir, { recursive: true });
    const jobIds: string[] = [];
    for (const name of zips) {
      // A copy, because the import job deletes its upload when done.
      const copy = path.join(opts.uploadDir, `${randomUUID()}.zip`);
      await fs.copyFile(path.join(opts.samplesDir, name), copy);
      const job = await opts.jobs.queue<ContentImportJob>(CONTENT_IMPORT_QUEUE).add({ uploadPath: copy, filename: name, requestedBy: req.user!.id });
      jobIds.push(job.id);
    }
    res.status(202).json({ jobIds });
  });

  router.get('/api/packages', requireRole('author', 'admin', 'hr'), async (_req, res) => {
    res.json({ items: await opts.content.list() });
  });

  router.get('/api/packages/:id', requireRole('author', 'admin', 'hr'), async (req, res) => {
    const pkg = await opts.content.get(String(req.params.id));
    // An author's preview link: a capability URL on the content origin, like a learner's.
    const preview = (version: number) => opts.contentUrls.contentUrlFor({ registration: `preview:${req.user!.id}`, packageId: pkg.id, version }, '');
    res.json({ ...pkg, contentUrl: preview(pkg.version), versions: pkg.versions.map((v) => ({ ...v, contentUrl: preview(v.version) })) });
  });

  router.put('/api/packages/:id/current-version', requireRole('author', 'admin'), ...jsonBody('1kb'), async (req, res) => {
    const { version } = parseInput(currentVersionSchema, req.body);
    res.json(await opts.content.setCurrentVersion(String(req.params.id), version));
  });

  return router;
}
