/**
 * Policies (CONTRACTS.md: `policies`, `policy_acknowledgements`; hr-paths writes, others read).
 * Each version keeps its text, the SHA-256 of the text and an optional comprehension quiz.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose';

export interface QuizQuestion {
  id: string;
  text: string;
  choices: string[];
  /** Index into `choices` of the right answer (never sent to people signing). */
  correct: number;
}

export interface PolicyQuiz {
  /** Share of right answers needed, 0..1. */
  passMark: number;
  questions: QuizQuestion[];
}

export interface PolicyVersion {
  version: number;
  text: string;
  textHash: string;
  publishedAt: Date;
  publishedBy: string;
  quiz?: PolicyQuiz;
}

export interface PolicyDoc {
  _id: Types.ObjectId;
  title: string;
  currentVersion: number;
  versions: PolicyVersion[];
  createdAt: Date;
  updatedAt: Date;
}

export interface AcknowledgementDoc {
  _id: Types.ObjectId;
  policyId: string;
  version: number;
  personId: string;
  typedName: string;
  signedAt: Date;
  textHash: string;
  statementId: string;
  quizScore?: number;
}

const policySchema = new Schema<PolicyDoc>(
  {
    title: { type: String, required: true },
    currentVersion: { type: Number, required: true },
    versions: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true, collection: 'policies', minimize: false },
);

const acknowledgementSchema = new Schema<AcknowledgementDoc>(
  {
    policyId: { type: String, required: true },
    version: { type: Number, required: true },
    personId: { type: String, required: true },
    typedName: { type: String, required: true },
    signedAt: { type: Date, required: true },
    textHash: { type: String, required: true },
    statementId: { type: String, required: true },
    quizScore: Number,
  },
  { collection: 'policy_acknowledgements' },
);
acknowledgementSchema.index({ policyId: 1, version: 1, personId: 1 }, { unique: true });
acknowledgementSchema.index({ personId: 1 });

export interface PolicyModels {
  policies: Model<PolicyDoc>;
  acknowledgements: Model<AcknowledgementDoc>;
}

export function policyModels(conn: Connection): PolicyModels {
  return {
    policies: (conn.models.Policy as Model<PolicyDoc> | undefined) ?? conn.model<PolicyDoc>('Policy', policySchema),
    acknowledgements:
      (conn.models.PolicyAcknowledgement as Model<AcknowledgementDoc> | undefined) ?? conn.model<AcknowledgementDoc>('PolicyAcknowledgement', acknowledgementSchema),
  };
}
