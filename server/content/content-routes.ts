/**
 * Packages API: upload (streamed to disk, inspected at once so a bad zip is refused while
 * the author waits, then extracted by the import job), list, details, choosing the version
 * new learners get, and the package page's where-used, preview, archive and delete.
 * The extracted files are served by the content origin (content-origin.ts).
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
import { packageIdentity, type ContentService } from './import-service.js';
import type { ContentUrls } from './content-urls.js';
import type { PackageLifecycle } from './package-lifecycle.js';
import type { PackageUsage } from './package-usage.js';
import type { ContentPackageDoc } from './package-model.js';
import { previewOf } from './package-preview.js';
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
  packagePage: { usage: { of(pkg: ContentPackageDoc): Promise<PackageUsage> }; lifecycle: PackageLifecycle };
}

const uploadFieldsSchema = z.object({ packageId: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a package id').optional() });
const currentVersionSchema = z.object({ version: z.number().int().positive() });
const listQuerySchema = z.object({ archived: z.enum(['exclude', 'include', 'only']).default('exclude') });
const archivedSchema = z.strictObject({ archived: z.boolean() });
const previewQuerySchema = z.object({
  version: z.coerce.number().int().positive().optional(),
  item: z.string().min(1).max(2000).optional(),
});

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
    const skipped: string[] = [];
    // Any time, any number of times: a sample already loaded (by its manifest's course id)
    // is left alone rather than becoming another version.
    const loaded = new Set((await opts.content.list('include')).map((p) => p.identity));
    for (const name of zips) {
      const { parsed } = await opts.content.inspect(path.join(opts.samplesDir, name));
      if (loaded.has(packageIdentity(parsed))) {
        skipped.push(name);
        continue;
      }
      // A copy, because the import job deletes its upload when done.
      const copy = path.join(opts.uploadDir, `${randomUUID()}.zip`);
      await fs.copyFile(path.join(opts.samplesDir, name), copy);
      const job = await opts.jobs.queue<ContentImportJob>(CONTENT_IMPORT_QUEUE).add({ uploadPath: copy, filename: name, requestedBy: req.user!.id });
      jobIds.push(job.id);
    }
    res.status(202).json({ jobIds, skipped });
  });

  // Pickers (paths, rules) list active packages; the Content view asks for archived ones too.
  router.get('/api/packages', requireRole('author', 'admin', 'hr'), async (req, res) => {
    const { archived } = parseInput(listQuerySchema, req.query, 'query');
    res.json({ items: await opts.content.list(archived) });
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

  router.get('/api/packages/:id/usage', requireRole('author', 'admin', 'hr'), async (req, res) => {
    res.json(await opts.packagePage.usage.of(await opts.packagePage.lifecycle.load(String(req.params.id))));
  });

  // Preview as a learner: the launch URL of one item, under a preview registration that no
  // attempt, registration or statement is ever made for (package-preview.ts).
  router.get('/api/packages/:id/preview', requireRole('author', 'admin'), async (req, res) => {
    const query = parseInput(previewQuerySchema, req.query, 'query');
    const pkg = await opts.content.get(String(req.params.id));
    res.json(previewOf(pkg, query, req.user!.id, opts.contentUrls));
  });

  router.put('/api/packages/:id/archived', requireRole('author', 'admin'), ...jsonBody('1kb'), async (req, res) => {
    const { archived } = parseInput(archivedSchema, req.body);
    res.json(await opts.packagePage.lifecycle.setArchived(String(req.params.id), archived));
  });

  router.delete('/api/packages/:id', requireRole('author', 'admin'), async (req, res) => {
    await opts.packagePage.lifecycle.remove(String(req.params.id));
    res.status(204).end();
  });

  return router;
}
