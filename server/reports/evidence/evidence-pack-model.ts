/** Evidence packs asked for: the request, who asked, the job building it, and the file when done. */
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { EvidenceCounts, EvidenceRequest } from './evidence-pack.js';

export interface EvidencePackDoc {
  _id: Types.ObjectId;
  requestedBy: string;
  request: EvidenceRequest;
  title: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  jobId?: string;
  counts?: EvidenceCounts;
  /** File name under DATA_DIR/evidence-packs. */
  file?: string;
  bytes?: number;
  error?: string;
  createdAt: Date;
  finishedAt?: Date;
}

const schema = new Schema<EvidencePackDoc>(
  {
    requestedBy: { type: String, required: true },
    request: { type: Schema.Types.Mixed, required: true },
    title: { type: String, required: true },
    state: { type: String, required: true },
    jobId: String,
    counts: Schema.Types.Mixed,
    file: String,
    bytes: Number,
    error: String,
    createdAt: { type: Date, required: true },
    finishedAt: Date,
  },
  { collection: 'evidence_packs', versionKey: false, minimize: false },
);
schema.index({ createdAt: -1 });

export type EvidencePackModel = Model<EvidencePackDoc>;

export function evidencePackModel(conn: Connection): EvidencePackModel {
  return (conn.models.EvidencePack as EvidencePackModel | undefined) ?? conn.model<EvidencePackDoc>('EvidencePack', schema);
}
