/**
 * Which packages are open for self-enrolment, and to whom: one document per package that
 * was ever opened (closing keeps it, so the compliance evaluation still follows the
 * courses people enrolled in while it was open).
 */
import type { RuleCriteria, Target } from '../assignments/assignment-types.js';
import type { StoreCollection, StoreDb } from '../store/types.js';

export interface CatalogueOfferDoc {
  /** The package id. */
  _id: string;
  open: boolean;
  /** HR's restriction: only people these criteria match (the assignment rules' matcher); none: everyone. */
  audience?: RuleCriteria;
  updatedAt: Date;
  updatedBy?: string;
}

export const offersCollection = (db: StoreDb): StoreCollection<CatalogueOfferDoc> => db.collection<CatalogueOfferDoc>('catalogue_offers');

/** Every package people may have enrolled in themselves: compliance follows their completions too. */
export async function selfEnrolmentTargets(db: StoreDb): Promise<Target[]> {
  return (await offersCollection(db).find({}, { projection: { _id: 1 } }).toArray()).map((o) => ({ type: 'package' as const, id: String(o._id) }));
}
