/**
 * The canonical Activity definitions the LRS knows, in the collection `lrs_activities`:
 * one record per Activity, `{ _id: <activity id>, definition?: <merged definition>, rev, updated }`
 * (`rev` counts updates, for conditional writes).
 * The statements code records each Activity it stores through `ActivityService.record`
 * (or writes records of this shape); reads are by `_id`.
 */
import type { Document, LrsDb, StoreCollection } from '../store.js';
import { isDuplicateKeyError } from '../store.js';

export const ACTIVITIES_COLLECTION = 'lrs_activities';

export interface ActivityRecord extends Document {
  _id: string;
  definition?: Record<string, unknown>;
  rev: number;
  updated: Date;
}

export class ActivityRepo {
  private readonly coll: StoreCollection<ActivityRecord>;

  constructor(db: LrsDb) {
    this.coll = db.collection<ActivityRecord>(ACTIVITIES_COLLECTION);
  }

  find(id: string): Promise<ActivityRecord | null> {
    return this.coll.findOne({ _id: id });
  }

  /** Create; false if it exists already (created concurrently). */
  async insert(rec: ActivityRecord): Promise<boolean> {
    try {
      await this.coll.insertOne(rec);
      return true;
    } catch (err) {
      if (isDuplicateKeyError(err)) return false;
      throw err;
    }
  }

  /** Replace the definition if the record is still at revision `rev`. */
  async updateIf(id: string, rev: number, definition: Record<string, unknown>, updated: Date): Promise<boolean> {
    const res = await this.coll.updateOne({ _id: id, rev }, { $set: { definition, updated }, $inc: { rev: 1 } });
    return res.matchedCount === 1;
  }
}
