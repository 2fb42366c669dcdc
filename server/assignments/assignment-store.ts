/**
 * Where assignments and rules live. Plain collections through the store contract (not
 * mongoose): a full re-evaluation writes hundreds of thousands of assignments, and bulk
 * inserts and `$in` updates are what keep that fast on both stores.
 */
import type { StoreCollection, StoreDb } from '../store/types.js';
import type { AssignmentDoc, RuleDoc } from './assignment-types.js';

export interface AssignmentCollections {
  assignments: StoreCollection<AssignmentDoc>;
  rules: StoreCollection<RuleDoc>;
}

export async function openAssignmentCollections(db: StoreDb): Promise<AssignmentCollections> {
  const assignments = db.collection<AssignmentDoc>('assignments');
  const rules = db.collection<RuleDoc>('assignment_rules');
  // The contract's uniqueness: one assignment per person, target and cycle.
  await assignments.createIndex({ personId: 1, 'target.type': 1, 'target.id': 1, cycle: 1 }, { unique: true, name: 'person_target_cycle' });
  await assignments.createIndex({ personId: 1 });
  // No index on `active` or `ruleId`: two values, or a rare bulk update; each index costs every insert.
  return { assignments, rules };
}

/** A person's assignments, current ones first (for "My learning"); ended ones are kept as history. */
export async function assignmentsForPerson(db: StoreDb, personId: string, opts: { includeInactive?: boolean } = {}): Promise<AssignmentDoc[]> {
  const filter = opts.includeInactive ? { personId } : { personId, active: true };
  const docs = await db.collection<AssignmentDoc>('assignments').find(filter).toArray();
  return docs.sort((a, b) => Number(b.active) - Number(a.active) || (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) || a.cycle - b.cycle);
}
