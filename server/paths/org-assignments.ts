/**
 * hr-org's rule-based assignments (the `assignments` collection, read only) as a source
 * for "My learning" and policy audiences. Only active assignments count.
 */
import { assignmentsForPerson } from '../assignments/assignment-store.js';
import type { AssignmentDoc } from '../assignments/assignment-types.js';
import type { StoreDb } from '../store/types.js';
import type { AssignmentSource, LearningAssignment } from './enrolment-service.js';

export function orgAssignmentSource(db: StoreDb): AssignmentSource {
  const toAssignment = (a: AssignmentDoc): LearningAssignment => {
    const out: LearningAssignment = { targetType: a.target.type, targetId: a.target.id, assignedAt: new Date(a.assignedAt).toISOString() };
    if (a.dueAt) out.dueAt = new Date(a.dueAt).toISOString();
    return out;
  };
  return {
    async forPerson(personId) {
      return (await assignmentsForPerson(db, personId)).map(toAssignment);
    },
    async peopleAssigned(type, id) {
      const docs = await db.collection<AssignmentDoc>('assignments').find({ 'target.type': type, 'target.id': id, active: true }, { projection: { personId: 1 } }).toArray();
      return [...new Set(docs.map((d) => d.personId))];
    },
  };
}
