/**
 * Evidence files of ticks and observations: kept under DATA_DIR/blended-evidence by their
 * SHA-256 (the same file twice is stored once), described in `blended_evidence`, and
 * declared on the statement as an xAPI attachment (usageType supporting_media, sha2,
 * length, a fileUrl the LMS serves) whose data goes to the LRS with it, so a client
 * reading the statement with attachments=true gets the file itself.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError } from '../http/errors.js';
import { hasRole, type User } from '../people/user-service.js';
import { SUPPORTING_MEDIA } from '../learning-record/identity.js';
import type { BlendedDeps } from './blended-deps.js';
import type { EvidenceDoc } from './blended-model.js';
import { discardEvidence, type EvidenceUpload } from './evidence-upload.js';

export { SUPPORTING_MEDIA } from '../learning-record/identity.js';

export interface EvidenceView {
  id: string;
  filename: string;
  contentType: string;
  bytes: number;
  sha2: string;
  url: string;
}

/** A file ready to go with its statement: the attachment to declare, the part to send, and how to keep or drop it. */
export interface PreparedEvidence {
  id: string;
  attachment: object;
  parts: Map<string, { contentType: string; data: Buffer }>;
  /** After the statement is stored: the file is moved into place and described. */
  keep(ref: Pick<EvidenceDoc, 'kind' | 'refId' | 'recordId' | 'statementId'>): Promise<EvidenceView>;
  /** When the record does not stand: the temporary file goes. */
  drop(): Promise<void>;
}

export function createEvidenceStore(deps: BlendedDeps) {
  const { evidence } = deps.cols;
  const url = (id: string) => `${deps.homePage}/api/blended/evidence/${id}`;
  const view = (d: EvidenceDoc): EvidenceView => ({ id: d._id, filename: d.filename, contentType: d.contentType, bytes: d.bytes, sha2: d.sha2, url: url(d._id) });

  return {
    tmpDir: path.join(deps.evidenceDir, 'tmp'),

    async prepare(upload: EvidenceUpload, personId: string, by: string): Promise<PreparedEvidence> {
      const id = randomUUID();
      const data = await fs.readFile(upload.tmpPath);
      return {
        id,
        attachment: {
          usageType: SUPPORTING_MEDIA,
          display: { 'en-US': upload.filename },
          description: { 'en-US': 'Evidence file' },
          contentType: upload.contentType,
          length: upload.bytes,
          sha2: upload.sha2,
          fileUrl: url(id),
        },
        parts: new Map([[upload.sha2, { contentType: upload.contentType, data }]]),
        async keep(ref) {
          await fs.mkdir(deps.evidenceDir, { recursive: true });
          const target = path.join(deps.evidenceDir, upload.sha2);
          const exists = await fs.stat(target).then(() => true, () => false);
          if (exists) await discardEvidence(upload);
          else await fs.rename(upload.tmpPath, target);
          const doc: EvidenceDoc = { _id: id, sha2: upload.sha2, filename: upload.filename, contentType: upload.contentType, bytes: upload.bytes, personId, uploadedBy: by, at: deps.now(), ...ref };
          await evidence.insertOne(doc);
          return view(doc);
        },
        drop: () => discardEvidence(upload),
      };
    },

    /** The stored file with this SHA-256, or null (evidence packs copy it in). */
    async fileOf(sha2: string): Promise<string | null> {
      if (!/^[0-9a-f]{64}$/.test(sha2)) return null;
      const file = path.join(deps.evidenceDir, sha2);
      return (await fs.stat(file).then((st) => st.isFile(), () => false)) ? file : null;
    },

    async view(id: string | undefined): Promise<EvidenceView | undefined> {
      if (!id) return undefined;
      const d = await evidence.findOne({ _id: id });
      return d ? view(d) : undefined;
    },

    /**
     * The file for a download: HR, the person's managers (direct or up the chain), the one who
     * uploaded it and the person themselves; 404 for anyone else (it does not say it exists).
     */
    async open(id: string, actor: User, canView: (actor: User, personId: string) => Promise<boolean>): Promise<{ path: string; doc: EvidenceDoc }> {
      const d = await evidence.findOne({ _id: id });
      if (!d) throw new NotFoundError('Evidence file');
      const person = await deps.people.get(d.personId);
      const may = hasRole(actor, 'hr', 'admin') || actor.id === d.uploadedBy || person?.managerId === actor.id || (await canView(actor, d.personId));
      if (!may) throw new NotFoundError('Evidence file');
      const file = path.join(deps.evidenceDir, d.sha2);
      if (!(await fs.stat(file).then(() => true, () => false))) throw new NotFoundError('Evidence file');
      return { path: file, doc: d };
    },
  };
}

export type EvidenceStore = ReturnType<typeof createEvidenceStore>;
