/** The evidence-pack job: builds the ZIP for a pack asked for through the API, reporting progress. */
import type { JobContext } from '../../jobs/types.js';
import type { EvidencePackService } from './evidence-service.js';

export const EVIDENCE_PACK_QUEUE = 'evidence-pack';

export interface EvidencePackJob {
  packId: string;
  /** Whoever asked; `GET /api/jobs/:id` shows the job to them. */
  requestedBy: string;
}

export function evidencePackProcessor(packs: EvidencePackService) {
  return async (job: JobContext<EvidencePackJob>) => {
    let last = 0;
    return packs.build(job.data.packId, (fraction) => {
      const pct = Math.floor(fraction * 100);
      if (pct > last) {
        last = pct;
        void job.progress(pct);
      }
    });
  };
}
