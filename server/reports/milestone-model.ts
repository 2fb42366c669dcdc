/**
 * Time-to-productivity milestones: per job role, the activity, package, path or policy
 * whose completion HR counts as "productive" (e.g. a supervised discovery call for sales,
 * a first passed code review for engineers). Owned by the reports domain.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { TargetType } from './sources.js';

export interface MilestoneDoc {
  jobRole: string;
  target: { type: TargetType; id: string };
  label?: string;
  setBy: string;
  setAt: Date;
}

const schema = new Schema<MilestoneDoc>(
  {
    jobRole: { type: String, required: true },
    target: { type: { type: String, required: true }, id: { type: String, required: true } },
    label: String,
    setBy: { type: String, required: true },
    setAt: { type: Date, required: true },
  },
  { collection: 'productivity_milestones', versionKey: false },
);
schema.index({ jobRole: 1 }, { unique: true });

export type MilestoneModel = Model<MilestoneDoc>;

export function milestoneModel(conn: Connection): MilestoneModel {
  return (conn.models.ProductivityMilestone as MilestoneModel | undefined) ?? conn.model<MilestoneDoc>('ProductivityMilestone', schema);
}
