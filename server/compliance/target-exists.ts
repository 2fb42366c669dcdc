/**
 * Does a requirement's target exist? A rule for a package, policy or path that matches
 * nothing would assign a ghost to everyone it selects (and put it in evidence packs), so
 * rules are refused for it. External activities are named by their IRI and need no document.
 */
import { Types } from 'mongoose';
import type { Target } from '../assignments/assignment-types.js';
import type { StoreDb } from '../store/types.js';
import { ValidationError } from '../http/errors.js';

const COLLECTION: Record<Exclude<Target['type'], 'activity'>, string> = {
  package: 'content_packages',
  policy: 'policies',
  path: 'learning_paths',
};

export async function targetExists(db: StoreDb, target: Target): Promise<boolean> {
  if (target.type === 'activity') return true;
  // Ids are ObjectIds for the LMS's own documents; older policies may have string ids.
  const ids: unknown[] = [target.id];
  if (/^[0-9a-f]{24}$/i.test(target.id)) ids.push(new Types.ObjectId(target.id));
  // An archived package is offered to nobody new: no new rule may assign it (content/package-lifecycle.ts).
  if (target.type === 'package' && (await db.collection('content_packages').countDocuments({ _id: { $in: ids as never[] }, archivedAt: { $ne: null } }))) {
    throw new ValidationError('target.id: this package is archived; restore it on its package page to assign it', 'target.id');
  }
  return (await db.collection(COLLECTION[target.type]).countDocuments({ _id: { $in: ids as never[] } })) > 0;
}
