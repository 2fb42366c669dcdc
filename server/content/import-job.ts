/** The import job: extract an inspected upload into a new package version, with progress. */
import fs from 'node:fs/promises';
import type { JobContext } from '../jobs/types.js';
import { importFailureReason } from './content-errors.js';
import type { ContentService, ImportResult } from './import-service.js';

export const CONTENT_IMPORT_QUEUE = 'content-import';

export interface ContentImportJob {
  uploadPath: string;
  filename: string;
  requestedBy: string;
  packageId?: string;
}

export function importProcessor(content: ContentService) {
  return async (job: JobContext<ContentImportJob>): Promise<ImportResult> => {
    let last = 0;
    try {
      return await content.importZip({
        zipPath: job.data.uploadPath,
        uploadedBy: job.data.requestedBy,
        packageId: job.data.packageId,
        // The job's id keeps a retry (after a crash) on the version the first attempt got.
        importKey: job.id,
        onProgress: (fraction) => {
          const pct = Math.floor(fraction * 100);
          // Whole percents only: progress is persisted, and needs no more detail.
          if (pct > last) {
            last = pct;
            void job.progress(pct);
          }
        },
      });
    } catch (err) {
      throw new Error(importFailureReason(err));
    } finally {
      await fs.rm(job.data.uploadPath, { force: true });
    }
  };
}
