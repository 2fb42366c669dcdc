/**
 * cmi5 registrations: one per learner and course attempt, shared by every AU of the
 * course (cmi5 8.1.4), pinned to the package version it started on. `aus` holds what the
 * LMS knows of each AU (by publisher id) to evaluate moveOn; `satisfiedBlocks` and
 * `courseSatisfiedAt` record the `satisfied` statements already issued, so each is
 * issued once.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { AuProgress } from './course-tree.js';

export interface Cmi5RegistrationDoc {
  _id: string; // the registration UUID
  userId: string;
  packageId: string;
  version: number;
  courseActivityId: string;
  aus: Record<string, AuProgress>;
  satisfiedBlocks: string[];
  courseSatisfiedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const schema = new Schema<Cmi5RegistrationDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    packageId: { type: String, required: true },
    version: { type: Number, required: true },
    courseActivityId: { type: String, required: true },
    aus: { type: Schema.Types.Mixed, default: {} },
    satisfiedBlocks: { type: [String], default: [] },
    courseSatisfiedAt: { type: Date },
  },
  { timestamps: true, collection: 'cmi5_registrations', minimize: false },
);
schema.index({ userId: 1, packageId: 1 });

export function cmi5RegistrationModel(conn: Connection): Model<Cmi5RegistrationDoc> {
  return (conn.models.Cmi5Registration as Model<Cmi5RegistrationDoc> | undefined) ?? conn.model<Cmi5RegistrationDoc>('Cmi5Registration', schema);
}
