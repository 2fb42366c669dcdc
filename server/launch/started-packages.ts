/**
 * Packages a person has started (a SCORM attempt, a cmi5 or xAPI registration): they keep
 * them, to resume or review, after the assignment that brought them ends or the package
 * is archived (as the Courses list always kept an archived course for who started it).
 */
import type { Connection } from 'mongoose';
import { attemptModel } from './attempt-model.js';
import { cmi5RegistrationModel } from './cmi5/registration-model.js';
import { tincanRegistrationModel } from './tincan/tincan-launcher.js';

export function startedPackages(conn: Connection): (userId: string) => Promise<string[]> {
  const sources = [attemptModel(conn), cmi5RegistrationModel(conn), tincanRegistrationModel(conn)] as unknown as Array<{
    find(filter: object, projection: object): { lean<T>(): { exec(): Promise<T> } };
  }>;
  return async (userId) => {
    const rows = await Promise.all(sources.map((m) => m.find({ userId }, { packageId: 1 }).lean<Array<{ packageId: string }>>().exec()));
    return [...new Set(rows.flat().map((r) => r.packageId))];
  };
}
