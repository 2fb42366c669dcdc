/**
 * Attempts: one per learner, package and try. An attempt keeps the package version it
 * started on and its registration (the xAPI context.registration of everything recorded
 * for it). SCORM attempts hold the CMI data of each SCO, and the sessions (launches of a
 * SCO) with their session time and the last commit sequence seen, which makes commits
 * idempotent. `outbox` holds statements derived from a commit until the LRS has them.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { PackageKind } from '../content/package-model.js';
import type { SequencingRecord } from './scorm/course-sequencing.js';

export type Completion = 'unknown' | 'not attempted' | 'incomplete' | 'completed';
export type Success = 'unknown' | 'passed' | 'failed';

export interface ScoRecord {
  itemId: string;
  /** The SCO's CMI data as scorm-again renders it (`{core: ..., suspend_data, ...}` for 1.2; the 2004 tree). */
  cmi: Record<string, unknown>;
  completion: Completion;
  success: Success;
  /** 0..1 when known. */
  scoreScaled?: number;
  scoreRaw?: number;
  scoreMin?: number;
  scoreMax?: number;
  /** Exit value of the last finished session: 'suspend' (and 2004 'logout') make the next entry `resume`. */
  lastExit: string;
  /** Seconds of all finished and running sessions of this SCO (SCORM total_time). */
  totalSeconds: number;
  sessions: number;
}

export interface SessionRecord {
  id: string;
  itemId: string;
  entry: string;
  /** Highest commit sequence number applied (commits with a lower or equal one are repeats). */
  seq: number;
  seconds: number;
  initialized: boolean;
  terminated: boolean;
  startedAt: Date;
}

export interface AttemptDoc {
  _id: string;
  registration: string;
  userId: string;
  packageId: string;
  version: number;
  kind: PackageKind;
  /** 1 for the learner's first attempt on the package. */
  number: number;
  /** `closed` attempts are finished; the next launch starts a new attempt. */
  state: 'open' | 'closed';
  scos: ScoRecord[];
  sessions: SessionRecord[];
  /** The course as a whole (single SCO: its status; several: all SCOs rolled up). */
  completion: Completion;
  success: Success;
  scoreScaled?: number;
  completedAt?: Date;
  /** SCORM 2004: the sequencing engine's state and what it decided last (attempts started before 0.4 have none). */
  sequencing?: SequencingRecord;
  /** SCORM 2004 4th ed. shared data (adl.data): targetID -> store, shared by the attempt's SCOs through their adlcp:map. */
  sharedData?: Record<string, string>;
  /** Statements not yet confirmed stored in the LRS (written before the LRS call). */
  outbox: object[];
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

const attemptSchema = new Schema<AttemptDoc>(
  {
    _id: { type: String, required: true },
    registration: { type: String, required: true },
    userId: { type: String, required: true },
    packageId: { type: String, required: true },
    version: { type: Number, required: true },
    kind: { type: String, required: true },
    number: { type: Number, required: true },
    state: { type: String, required: true },
    scos: { type: Schema.Types.Mixed, default: [] },
    sessions: { type: Schema.Types.Mixed, default: [] },
    completion: { type: String, required: true },
    success: { type: String, required: true },
    scoreScaled: { type: Number },
    completedAt: { type: Date },
    sequencing: { type: Schema.Types.Mixed },
    sharedData: { type: Schema.Types.Mixed },
    outbox: { type: Schema.Types.Mixed, default: [] },
    rev: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, collection: 'launch_attempts', minimize: false },
);
attemptSchema.index({ userId: 1, packageId: 1, number: 1 }, { unique: true });
attemptSchema.index({ registration: 1 }, { unique: true });

export function attemptModel(conn: Connection): Model<AttemptDoc> {
  return (conn.models.LaunchAttempt as Model<AttemptDoc> | undefined) ?? conn.model<AttemptDoc>('LaunchAttempt', attemptSchema);
}
