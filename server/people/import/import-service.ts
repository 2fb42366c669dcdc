/**
 * HRIS import: a dry run shows the plan (import-plan.ts); applying writes each valid row
 * as one single-document write (atomic per row: a bad row is never half-written, and a
 * row that fails at write time, e.g. an email taken meanwhile, is reported with its row
 * number). New people get their ids up front, so rows may name managers further down the
 * file. Afterwards the people touched are re-evaluated for assignments once, in bulk.
 * Saved column mappings let HR reuse their HRIS's headers.
 */
import { Types } from 'mongoose';
import type { UserDoc, UserModel } from '../user-model.js';
import { isDuplicateKeyError, type StoreDb } from '../../store/types.js';
import { planImport, type ColumnMapping, type ExistingPerson, type ImportPlan, type PersonFields, type RowError } from './import-plan.js';

export interface ImportResult extends ImportPlan {
  dryRun: boolean;
  applied?: { created: number; updated: number; deactivated: number; failed: RowError[] };
}

export interface SavedMapping {
  name: string;
  mapping: ColumnMapping;
  updatedAt: string;
}

export interface ImportService {
  run(input: { csv: string; mapping: ColumnMapping; mode: 'full' | 'partial'; dryRun: boolean; actorId: string }): Promise<ImportResult>;
  mappings(): Promise<SavedMapping[]>;
  saveMapping(name: string, mapping: ColumnMapping): Promise<SavedMapping>;
  mapping(name: string): Promise<ColumnMapping | null>;
}

export function createImportService(deps: { users: UserModel; db: StoreDb; now: () => Date; afterApply(changed: string[], managersChanged: boolean): Promise<void>; deactivated?(ids: string[]): Promise<void> }): ImportService {
  const saved = deps.db.collection<{ _id: string; mapping: ColumnMapping; updatedAt: Date }>('import_mappings');

  async function existingPeople(): Promise<ExistingPerson[]> {
    const docs = await deps.users.find({}, { passwordHash: 0 }).lean<UserDoc[]>().exec();
    return docs.map((d) => {
      const p: ExistingPerson = { id: d._id.toHexString(), email: d.email, name: d.name, roles: d.roles, active: d.active };
      for (const k of ['employeeId', 'department', 'location', 'jobRole', 'jobLevel'] as const) if (d[k]) p[k] = d[k];
      if (d.managerId) p.managerId = d.managerId.toHexString();
      if (d.hireDate) p.hireDate = new Date(d.hireDate).toISOString().slice(0, 10);
      return p;
    });
  }

  function toDoc(fields: PersonFields): Record<string, unknown> {
    const out: Record<string, unknown> = { ...fields };
    if (fields.hireDate) out.hireDate = new Date(fields.hireDate);
    if (fields.managerId) out.managerId = new Types.ObjectId(fields.managerId);
    return out;
  }

  async function apply(plan: ImportPlan): Promise<NonNullable<ImportResult['applied']>> {
    const failed: RowError[] = [];
    const changed: string[] = [];
    let managersChanged = false;
    let created = 0;
    let updated = 0;
    let deactivated = 0;
    const deactivatedIds: string[] = [];
    const fail = (row: number | undefined, err: unknown) => {
      const message = isDuplicateKeyError(err) ? `${Object.keys((err as { keyValue?: object }).keyValue ?? { email: 1 })[0] ?? 'email'} is already taken by another person` : String((err as Error).message ?? err);
      failed.push({ row: row ?? 0, message });
    };
    for (const c of plan.creates) {
      try {
        const now = deps.now();
        await deps.users.collection.insertOne({ _id: new Types.ObjectId(c.id), roles: ['employee'], ...toDoc(c.fields), createdAt: now, updatedAt: now } as never);
        created++;
        changed.push(c.id);
        if (c.fields.managerId) managersChanged = true;
      } catch (err) {
        fail(c.row, err);
      }
    }
    for (const u of plan.updates) {
      const set: PersonFields = {};
      const unset: Record<string, 1> = {};
      for (const [k, v] of Object.entries(u.changes)) {
        if (v!.to === null || v!.to === undefined) unset[k] = 1;
        else (set as Record<string, unknown>)[k] = v!.to;
      }
      try {
        await deps.users.collection.updateOne({ _id: new Types.ObjectId(u.id) }, { $set: { ...toDoc(set), ...(u.changes.active?.to === false ? { deactivatedAt: deps.now() } : {}), updatedAt: deps.now() }, ...(Object.keys(unset).length ? { $unset: unset } : {}) });
        updated++;
        changed.push(u.id);
        if ('managerId' in u.changes) managersChanged = true;
        if (u.changes.active?.to === false) (deactivated++, deactivatedIds.push(u.id));
      } catch (err) {
        fail(u.row, err);
      }
    }
    for (const d of plan.deactivations) {
      if (d.reason !== 'missing-from-full-export') continue;
      await deps.users.collection.updateOne({ _id: new Types.ObjectId(d.id) }, { $set: { active: false, deactivatedAt: deps.now(), updatedAt: deps.now() } });
      deactivated++;
      deactivatedIds.push(d.id);
      changed.push(d.id);
    }
    if (changed.length) await deps.afterApply(changed, managersChanged);
    // Deactivated by the import: signed out and their launches ended, as from the directory.
    if (deactivatedIds.length) await deps.deactivated?.(deactivatedIds);
    return { created, updated, deactivated, failed };
  }

  return {
    async run(input) {
      const plan = planImport({ csv: input.csv, mapping: input.mapping, mode: input.mode, existing: await existingPeople(), protectedIds: new Set([input.actorId]) });
      if (input.dryRun) return { ...plan, dryRun: true };
      return { ...plan, dryRun: false, applied: await apply(plan) };
    },
    async mappings() {
      const docs = await saved.find({}).toArray();
      return docs.map((d) => ({ name: d._id, mapping: d.mapping, updatedAt: d.updatedAt.toISOString() })).sort((a, b) => a.name.localeCompare(b.name));
    },
    async saveMapping(name, mapping) {
      const updatedAt = deps.now();
      await saved.replaceOne({ _id: name }, { _id: name, mapping, updatedAt }, { upsert: true });
      return { name, mapping, updatedAt: updatedAt.toISOString() };
    },
    async mapping(name) {
      return (await saved.findOne({ _id: name }))?.mapping ?? null;
    },
  };
}
