/**
 * Performance data HR imports from its review or KPI systems: one value per person,
 * period and metric (a rating such as 1–5, or a KPI value). Re-importing the same
 * (person, period, metric) replaces the value.
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface PerformanceRecordDoc {
  personId: string;
  /** `2026`, `2026-H1`, `2026-Q2` or `2026-05`. */
  period: string;
  metric: string;
  value: number;
  importId: string;
  importedBy: string;
  importedAt: Date;
}

const schema = new Schema<PerformanceRecordDoc>(
  {
    personId: { type: String, required: true },
    period: { type: String, required: true },
    metric: { type: String, required: true },
    value: { type: Number, required: true },
    importId: { type: String, required: true },
    importedBy: { type: String, required: true },
    importedAt: { type: Date, required: true },
  },
  { collection: 'performance_records', versionKey: false },
);
schema.index({ personId: 1, period: 1, metric: 1 }, { unique: true });
schema.index({ metric: 1, period: 1 });
schema.index({ importedAt: 1 });

export type PerformanceModel = Model<PerformanceRecordDoc>;

export function performanceModel(conn: Connection): PerformanceModel {
  return (conn.models.PerformanceRecord as PerformanceModel | undefined) ?? conn.model<PerformanceRecordDoc>('PerformanceRecord', schema);
}
