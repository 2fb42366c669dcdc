/**
 * Competency frameworks (competencies, an ordered level scale with behavioural anchors, the
 * role matrix, evidence rules) and manager ratings. Services map documents to plain data.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose';

export interface LevelDef {
  level: number;
  name: string;
  description?: string;
}

export interface CompetencyDef {
  id: string;
  name: string;
  description?: string;
  /** What the competency looks like at each level (behavioural anchors). */
  anchors: Array<{ level: number; text: string }>;
}

/** The matrix: a role (optionally one job level of it) needs this competency at this level. */
export interface Requirement {
  jobRole: string;
  jobLevel?: string;
  competencyId: string;
  level: number;
}

/**
 * Evidence read from the LRS: `score` maps the person's latest score on an activity to a
 * level through bands; `statement` says a statement with this verb on this activity proves a level.
 */
export type EvidenceRule =
  | { id: string; kind: 'score'; competencyId: string; activityId: string; bands: Array<{ minScore: number; level: number }> }
  | { id: string; kind: 'statement'; competencyId: string; activityId: string; verb: string; level: number };

export interface FrameworkDoc {
  _id: Types.ObjectId;
  name: string;
  description?: string;
  levels: LevelDef[];
  competencies: CompetencyDef[];
  requirements: Requirement[];
  evidenceRules: EvidenceRule[];
  createdAt: Date;
  updatedAt: Date;
}

export interface RatingDoc {
  _id: Types.ObjectId;
  personId: string;
  competencyId: string;
  level: number;
  ratedBy: string;
  ratedByName: string;
  note?: string;
  ratedAt: Date;
}

const frameworkSchema = new Schema<FrameworkDoc>(
  {
    name: { type: String, required: true },
    description: String,
    levels: { type: Schema.Types.Mixed, required: true },
    competencies: { type: Schema.Types.Mixed, required: true },
    requirements: { type: Schema.Types.Mixed, default: [] },
    evidenceRules: { type: Schema.Types.Mixed, default: [] },
  },
  { timestamps: true, collection: 'competency_frameworks', minimize: false },
);

const ratingSchema = new Schema<RatingDoc>(
  {
    personId: { type: String, required: true },
    competencyId: { type: String, required: true },
    level: { type: Number, required: true },
    ratedBy: { type: String, required: true },
    ratedByName: { type: String, required: true },
    note: String,
    ratedAt: { type: Date, required: true },
  },
  { collection: 'competency_ratings' },
);
ratingSchema.index({ personId: 1 });

export interface CompetencyModels {
  frameworks: Model<FrameworkDoc>;
  ratings: Model<RatingDoc>;
}

export function competencyModels(conn: Connection): CompetencyModels {
  return {
    frameworks: (conn.models.CompetencyFramework as Model<FrameworkDoc> | undefined) ?? conn.model<FrameworkDoc>('CompetencyFramework', frameworkSchema),
    ratings: (conn.models.CompetencyRating as Model<RatingDoc> | undefined) ?? conn.model<RatingDoc>('CompetencyRating', ratingSchema),
  };
}
