/**
 * A revision number for `compliance_status`: every evaluation that writes or removes
 * statuses takes the next one and stamps it on each document it writes. Evaluations run
 * one at a time across processes (the store lease), so revisions follow the order of the
 * writes, whatever each process's clock says; a reader holding revision N reads only what
 * has `rev > N` (the reports' read cache). Read by reports through the same collection.
 */
import type { StoreDb } from '../store/types.js';

export const STATUS_REVISIONS = 'compliance_revisions';
export const STATUS_REVISION_ID = 'compliance_status';

export interface RevisionDoc {
  _id: string;
  rev: number;
}

export async function nextStatusRevision(db: StoreDb): Promise<number> {
  const doc = await db.collection<RevisionDoc>(STATUS_REVISIONS).findOneAndUpdate({ _id: STATUS_REVISION_ID }, { $inc: { rev: 1 } }, { upsert: true, returnDocument: 'after' });
  return doc!.rev;
}
