/**
 * Learning paths (CONTRACTS.md `learning_paths`: `version` and `steps` are the current
 * version's; `versions` keeps every version so people keep the one they started), the
 * version each person started on, and explicit enrolments (until assignments come from hr-org).
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** `task`, `observation` and `session` are blended learning (server/blended): ref is a task, observation form or event id. */
export type StepType = 'package' | 'activity' | 'policy' | 'path' | 'task' | 'observation' | 'session';

export interface PathStep {
  id: string;
  title: string;
  type: StepType;
  /** Package id, activity IRI, policy id, path id, or a blended task, observation form or event id. */
  ref: string;
  prerequisites: string[];
  gates: Array<{ competencyId: string; level: number }>;
  required: boolean;
  /** Assessment: a completion counts only with result.score.scaled at least this (package/activity steps). */
  minScore?: number;
}

export interface PathVersion {
  version: number;
  title: string;
  steps: PathStep[];
  publishedAt: Date;
  publishedBy: string;
}

export interface PathDoc {
  _id: Types.ObjectId;
  title: string;
  description?: string;
  version: number;
  steps: PathStep[];
  versions: PathVersion[];
  createdAt: Date;
  updatedAt: Date;
}

/** The version of a path a person started on (the first time their progress showed a step started). */
export interface PathStartDoc {
  _id: Types.ObjectId;
  personId: string;
  pathId: string;
  version: number;
  startedAt: Date;
}

export interface EnrolmentDoc {
  _id: Types.ObjectId;
  personId: string;
  targetType: 'path' | 'policy';
  targetId: string;
  enrolledAt: Date;
  dueAt?: Date;
  enrolledBy: string;
}

const pathSchema = new Schema<PathDoc>(
  {
    title: { type: String, required: true },
    description: String,
    version: { type: Number, required: true },
    steps: { type: Schema.Types.Mixed, required: true },
    versions: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true, collection: 'learning_paths', minimize: false },
);

const startSchema = new Schema<PathStartDoc>(
  {
    personId: { type: String, required: true },
    pathId: { type: String, required: true },
    version: { type: Number, required: true },
    startedAt: { type: Date, required: true },
  },
  { collection: 'learning_path_starts' },
);
startSchema.index({ personId: 1, pathId: 1 }, { unique: true });

const enrolmentSchema = new Schema<EnrolmentDoc>(
  {
    personId: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    enrolledAt: { type: Date, required: true },
    dueAt: Date,
    enrolledBy: { type: String, required: true },
  },
  { collection: 'learning_enrolments' },
);
enrolmentSchema.index({ personId: 1, targetType: 1, targetId: 1 }, { unique: true });
enrolmentSchema.index({ targetType: 1, targetId: 1 });

/** How far the completion sweep has read the LRS (an `ord` checkpoint). */
export interface CheckpointDoc {
  _id: string;
  lastOrd: number;
  updatedAt: Date;
}

const checkpointSchema = new Schema<CheckpointDoc>(
  { _id: { type: String, required: true }, lastOrd: { type: Number, required: true }, updatedAt: { type: Date, required: true } },
  { collection: 'learning_checkpoints' },
);

export interface PathModels {
  paths: Model<PathDoc>;
  starts: Model<PathStartDoc>;
  enrolments: Model<EnrolmentDoc>;
  checkpoints: Model<CheckpointDoc>;
}

export function pathModels(conn: Connection): PathModels {
  return {
    paths: (conn.models.LearningPath as Model<PathDoc> | undefined) ?? conn.model<PathDoc>('LearningPath', pathSchema),
    starts: (conn.models.LearningPathStart as Model<PathStartDoc> | undefined) ?? conn.model<PathStartDoc>('LearningPathStart', startSchema),
    enrolments: (conn.models.LearningEnrolment as Model<EnrolmentDoc> | undefined) ?? conn.model<EnrolmentDoc>('LearningEnrolment', enrolmentSchema),
    checkpoints: (conn.models.LearningCheckpoint as Model<CheckpointDoc> | undefined) ?? conn.model<CheckpointDoc>('LearningCheckpoint', checkpointSchema),
  };
}
