/**
 * Planning an HRIS import: parse the CSV, map the HR system's headers to our fields,
 * validate each row, match rows to existing people (employee id, else email), resolve
 * manager references across the whole file and the existing people (order-independent),
 * reject reporting cycles per row, and list exactly what would change: creates, updates
 * with field diffs, deactivations. Pure over plain data; applying is import-service.ts.
 */
import { parse } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { z } from 'zod';
import { ROLES, type Role } from '../roles.js';

/** Our fields an import can set, and what HR's header is mapped to. */
export const IMPORT_FIELDS = ['employeeId', 'email', 'name', 'firstName', 'lastName', 'department', 'location', 'jobRole', 'jobLevel', 'manager', 'hireDate', 'roles', 'status'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type ColumnMapping = Partial<Record<ImportField, string>>;

export interface ExistingPerson {
  id: string;
  email: string;
  name: string;
  employeeId?: string;
  department?: string;
  location?: string;
  jobRole?: string;
  jobLevel?: string;
  managerId?: string;
  hireDate?: string;
  roles: Role[];
  active: boolean;
}

export interface RowError {
  row: number;
  column?: string;
  field?: ImportField;
  message: string;
}

export type PersonFields = Partial<Pick<ExistingPerson, 'email' | 'name' | 'employeeId' | 'department' | 'location' | 'jobRole' | 'jobLevel' | 'managerId' | 'hireDate' | 'roles' | 'active'>>;

export interface PlannedCreate {
  row: number;
  id: string;
  fields: PersonFields & { email: string; name: string };
}

export interface PlannedUpdate {
  row: number;
  id: string;
  name: string;
  changes: Partial<Record<keyof PersonFields, { from: unknown; to: unknown }>>;
}

export interface PlannedDeactivation {
  id: string;
  name: string;
  email: string;
  employeeId?: string;
  reason: 'missing-from-full-export' | 'status-column';
  row?: number;
}

export interface ImportPlan {
  rows: number;
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  deactivations: PlannedDeactivation[];
  unchanged: number;
  errors: RowError[];
  /** The file's headers, for the mapping UI. */
  headers: string[];
}

export class ImportInputError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const INACTIVE = new Set(['inactive', 'terminated', 'false', '0', 'no', 'left', 'leaver', 'disabled']);
const ACTIVE = new Set(['active', 'true', '1', 'yes', 'employed', '']);
const email = z.string().email();

export interface PlanInput {
  csv: string;
  mapping: ColumnMapping;
  /** `full`: the file is the whole workforce; active people missing from it are deactivated. */
  mode: 'full' | 'partial';
  existing: ExistingPerson[];
  /** Never deactivated by a missing row (the person running the import, admins). */
  protectedIds?: Set<string>;
}

export function parseCsv(csv: string): { headers: string[]; records: string[][] } {
  let rows: string[][];
  try {
    rows = parse(csv, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (err) {
    throw new ImportInputError(`the file is not valid CSV: ${(err as Error).message}`, 'file');
  }
  if (!rows.length) throw new ImportInputError('the file is empty', 'file');
  return { headers: rows[0]!, records: rows.slice(1) };
}

export function planImport(input: PlanInput): ImportPlan {
  const { headers, records } = parseCsv(input.csv);
  for (const [field, header] of Object.entries(input.mapping)) {
    if (!(IMPORT_FIELDS as readonly string[]).includes(field)) throw new ImportInputError(`mapping.${field}: not a field people have (one of ${IMPORT_FIELDS.join(', ')})`, `mapping.${field}`);
    if (header && !headers.includes(header)) throw new ImportInputError(`mapping.${field}: the file has no column "${header}" (it has ${headers.join(', ')})`, `mapping.${field}`);
  }
  if (!input.mapping.email) throw new ImportInputError('mapping.email: map a column to email', 'mapping.email');
  // HR systems often export the name in two columns: the name is then first + last.
  if (!input.mapping.name && !input.mapping.firstName) throw new ImportInputError('mapping.name: map a column to name, or columns to first and last name', 'mapping.name');
  const col = Object.fromEntries(Object.entries(input.mapping).filter(([, h]) => h).map(([f, h]) => [f, headers.indexOf(h!)])) as Partial<Record<ImportField, number>>;
  const errors: RowError[] = [];
  const rowError = (row: number, field: ImportField | undefined, message: string) => errors.push({ row, ...(field ? { field, column: input.mapping[field] } : {}), message });

  const byEmail = new Map(input.existing.map((p) => [p.email.toLowerCase(), p]));
  const byEmployeeId = new Map(input.existing.filter((p) => p.employeeId).map((p) => [p.employeeId!, p]));

  interface Row {
    row: number;
    id: string;
    existing?: ExistingPerson;
    fields: PersonFields;
    managerRef?: string;
    bad: boolean;
  }
  const rows: Row[] = [];
  const fileByEmail = new Map<string, Row>();
  const fileByEmployeeId = new Map<string, Row>();

  records.forEach((rec, i) => {
    const rowNo = i + 2; // the header is row 1, as a spreadsheet shows it
    const get = (f: ImportField) => (col[f] !== undefined ? (rec[col[f]!] ?? '').trim() : undefined);
    const fields: PersonFields = {};
    let bad = false;
    const fail = (f: ImportField, msg: string) => {
      rowError(rowNo, f, msg);
      bad = true;
    };
    const mail = get('email')!.toLowerCase();
    if (!mail) fail('email', 'is required');
    else if (!email.safeParse(mail).success) fail('email', `"${mail}" is not an email address`);
    else fields.email = mail;
    const name = get('name') || [get('firstName'), get('lastName')].filter(Boolean).join(' ');
    if (!name) fail(input.mapping.name ? 'name' : 'firstName', 'is required');
    else if (name.length > 200) fail('name', 'is longer than 200 characters');
    else fields.name = name;
    const employeeId = get('employeeId');
    if (employeeId) fields.employeeId = employeeId;
    for (const f of ['department', 'location', 'jobRole', 'jobLevel'] as const) {
      const v = get(f);
      if (v === undefined) continue;
      if (v.length > 200) fail(f, 'is longer than 200 characters');
      else if (v) fields[f] = v;
    }
    const hire = get('hireDate');
    if (hire) {
      const iso = /^\d{4}-\d{2}-\d{2}$/.test(hire) ? hire : null;
      if (!iso || Number.isNaN(Date.parse(iso))) fail('hireDate', `"${hire}" is not a date like 2026-01-31`);
      else fields.hireDate = iso;
    }
    const roles = get('roles');
    if (roles) {
      const list = [...new Set(roles.split(/[;|,]/).map((r) => r.trim().toLowerCase()).filter(Boolean))];
      const unknown = list.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (unknown.length) fail('roles', `unknown role ${unknown.map((r) => `"${r}"`).join(', ')} (roles: ${ROLES.join(', ')})`);
      else if (list.includes('admin')) fail('roles', 'an import cannot grant admin');
      else fields.roles = list as Role[];
    }
    const status = get('status');
    if (status !== undefined) {
      const s = status.toLowerCase();
      if (INACTIVE.has(s)) fields.active = false;
      else if (ACTIVE.has(s)) fields.active = true;
      else fail('status', `"${status}" is not a status (use active or inactive)`);
    }
    const managerRef = get('manager') || undefined;

    // Duplicates within the file: the first row wins, later ones are errors.
    if (fields.employeeId && fileByEmployeeId.has(fields.employeeId)) fail('employeeId', `employee id ${fields.employeeId} is also on row ${fileByEmployeeId.get(fields.employeeId)!.row}`);
    if (fields.email && fileByEmail.has(fields.email)) fail('email', `${fields.email} is also on row ${fileByEmail.get(fields.email)!.row}`);

    const existing = (fields.employeeId && byEmployeeId.get(fields.employeeId)) || (fields.email && byEmail.get(fields.email)) || undefined;
    // A row that matches one person by employee id must not take another person's email.
    if (existing && fields.email) {
      const owner = byEmail.get(fields.email);
      if (owner && owner.id !== existing.id) fail('email', `${fields.email} belongs to another person (${owner.employeeId ?? owner.name})`);
    }
    if (existing && fields.employeeId && existing.employeeId && existing.employeeId !== fields.employeeId) {
      fail('employeeId', `${fields.email} has employee id ${existing.employeeId}, not ${fields.employeeId}`);
    }
    const r: Row = { row: rowNo, id: existing?.id ?? new Types.ObjectId().toHexString(), existing, fields, managerRef, bad };
    rows.push(r);
    if (fields.employeeId && !fileByEmployeeId.has(fields.employeeId)) fileByEmployeeId.set(fields.employeeId, r);
    if (fields.email && !fileByEmail.has(fields.email)) fileByEmail.set(fields.email, r);
  });

  // Managers: by employee id or email, in the file (any row) or among existing people.
  const managerOf = new Map<string, string | undefined>();
  for (const p of input.existing) managerOf.set(p.id, p.managerId);
  for (const r of rows) {
    if (r.bad || !r.managerRef) continue;
    const ref = r.managerRef;
    const target = fileByEmployeeId.get(ref) ?? fileByEmail.get(ref.toLowerCase());
    const existingTarget = byEmployeeId.get(ref) ?? byEmail.get(ref.toLowerCase());
    if (target) {
      if (target.bad) {
        rowError(r.row, 'manager', `the manager ${ref} is on row ${target.row}, which has errors`);
        r.bad = true;
        continue;
      }
      r.fields.managerId = target.id;
    } else if (existingTarget) {
      r.fields.managerId = existingTarget.id;
    } else {
      rowError(r.row, 'manager', `no person with employee id or email "${ref}"`);
      r.bad = true;
      continue;
    }
    if (r.fields.managerId === r.id) {
      rowError(r.row, 'manager', 'a person cannot be their own manager');
      r.bad = true;
    }
  }
  for (const r of rows) if (!r.bad && r.managerRef !== undefined) managerOf.set(r.id, r.fields.managerId);
  // Cycles in the reporting lines the import would make: every row on a cycle is refused.
  for (const r of rows) {
    if (r.bad || !r.fields.managerId) continue;
    const seen = new Set<string>([r.id]);
    let cursor = managerOf.get(r.id);
    for (let depth = 0; cursor && depth < 10_000; depth++) {
      if (seen.has(cursor)) {
        if (cursor === r.id) {
          rowError(r.row, 'manager', `this would make a reporting cycle (${r.managerRef} reports, directly or not, to this person)`);
          r.bad = true;
        }
        break;
      }
      seen.add(cursor);
      cursor = managerOf.get(cursor);
    }
  }

  const plan: ImportPlan = { rows: rows.length, creates: [], updates: [], deactivations: [], unchanged: 0, errors: errors.sort((a, b) => a.row - b.row), headers };
  const seenIds = new Set<string>();
  for (const r of rows) {
    if (r.bad) continue;
    seenIds.add(r.id);
    if (!r.existing) {
      plan.creates.push({ row: r.row, id: r.id, fields: { ...r.fields, active: r.fields.active ?? true } as PlannedCreate['fields'] });
      continue;
    }
    const changes: PlannedUpdate['changes'] = {};
    for (const [k, to] of Object.entries(r.fields) as Array<[keyof PersonFields, unknown]>) {
      const from = r.existing[k];
      if (JSON.stringify(from ?? null) !== JSON.stringify(to ?? null)) changes[k] = { from: from ?? null, to };
    }
    if (r.managerRef !== undefined && !r.fields.managerId && r.existing.managerId) changes.managerId = { from: r.existing.managerId, to: null };
    if (changes.active?.to === false) {
      plan.deactivations.push({ id: r.id, name: r.existing.name, email: r.existing.email, ...(r.existing.employeeId ? { employeeId: r.existing.employeeId } : {}), reason: 'status-column', row: r.row });
    }
    if (Object.keys(changes).length) plan.updates.push({ row: r.row, id: r.id, name: r.existing.name, changes });
    else plan.unchanged++;
  }
  // Rows with errors still count as present: a typo must not deactivate someone.
  for (const r of rows) if (r.bad && r.existing) seenIds.add(r.existing.id);
  if (input.mode === 'full') {
    for (const p of input.existing) {
      if (!p.active || seenIds.has(p.id) || input.protectedIds?.has(p.id) || p.roles.includes('admin')) continue;
      plan.deactivations.push({ id: p.id, name: p.name, email: p.email, ...(p.employeeId ? { employeeId: p.employeeId } : {}), reason: 'missing-from-full-export' });
    }
  }
  return plan;
}
