/**
 * Reading an import: CSV (csv-parse) or JSON rows, each checked on its own so HR gets
 * every mistake at once, named by row and column ("row 4, column value: must be a
 * number"). Nothing is written unless every row is good.
 */
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { PeopleDirectory } from '../reports/people-directory.js';

export const PERIOD_PATTERN = /^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/;

export interface RowError {
  /** 1-based row of data (CSV: the line after the header is row 1... see `line`). */
  row: number;
  /** CSV line number (the header is line 1); absent for JSON rows. */
  line?: number;
  column: string;
  message: string;
}

export interface ImportRow {
  person: string;
  period: string;
  metric: string;
  value: number;
}

export interface ResolvedRow {
  personId: string;
  period: string;
  metric: string;
  value: number;
}

/** The columns an import has; header names are matched case-insensitively, with a few aliases. */
const ALIASES: Record<keyof ImportRow, string[]> = {
  person: ['person', 'employee_id', 'employeeid', 'employee id', 'email'],
  period: ['period'],
  metric: ['metric', 'metric_name', 'metric name'],
  value: ['value', 'rating', 'kpi', 'kpi_value', 'score'],
};

const rowSchema = z.object({
  person: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200),
  period: z.string({ error: 'is required' }).trim().regex(PERIOD_PATTERN, 'must be a period like 2026, 2026-H1, 2026-Q2 or 2026-05'),
  metric: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  value: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v),
    z.number({ error: 'must be a number' }),
  ),
});

export class ImportError extends Error {
  constructor(readonly errors: RowError[]) {
    super(errors.length === 1 ? describe(errors[0]!) : `${errors.length} problems, first: ${describe(errors[0]!)}`);
  }
}

function describe(e: RowError): string {
  return `row ${e.row}${e.line ? ` (line ${e.line})` : ''}, column ${e.column}: ${e.message}`;
}

/** CSV text -> raw row objects keyed by our column names; header problems are errors of row 0. */
export function readCsv(text: string): { rows: Array<Record<string, unknown>>; lines: number[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new ImportError([{ row: 0, line: e.lines, column: '(file)', message: `not readable as CSV: ${e.message}` }]);
  }
  const [header, ...body] = records;
  if (!header) throw new ImportError([{ row: 0, line: 1, column: '(header)', message: 'the file is empty' }]);
  const index: Partial<Record<keyof ImportRow, number>> = {};
  header.forEach((name, i) => {
    const n = name.trim().toLowerCase();
    for (const [col, names] of Object.entries(ALIASES) as Array<[keyof ImportRow, string[]]>) if (names.includes(n) && index[col] === undefined) index[col] = i;
  });
  const missing = (Object.keys(ALIASES) as Array<keyof ImportRow>).filter((c) => index[c] === undefined);
  if (missing.length) {
    throw new ImportError(missing.map((c) => ({ row: 0, line: 1, column: c, message: `missing column (accepted names: ${ALIASES[c].join(', ')})` })));
  }
  const rows = body.map((cells) => Object.fromEntries((Object.keys(index) as Array<keyof ImportRow>).map((c) => [c, cells[index[c]!]])));
  // csv-parse with skip_empty_lines does not report line numbers per record; count them from the text.
  const lines = dataLineNumbers(text, body.length);
  return { rows, lines };
}

/** Line numbers of the non-empty data lines (after the header), assuming no quoted newlines. */
function dataLineNumbers(text: string, count: number): number[] {
  const out: number[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let seenHeader = false;
  for (let i = 0; i < lines.length && out.length < count; i++) {
    if (!lines[i]!.trim()) continue;
    if (!seenHeader) {
      seenHeader = true;
      continue;
    }
    out.push(i + 1);
  }
  return out;
}

/**
 * Validates rows and resolves each person by employee id or email. Throws ImportError
 * listing every problem (at most `maxErrors`), including the same person/period/metric twice.
 */
export function validateRows(raw: Array<Record<string, unknown>>, people: PeopleDirectory, lines?: number[], maxErrors = 200): ResolvedRow[] {
  const byEmployeeId = new Map<string, string>();
  const byEmail = new Map<string, string>();
  for (const p of people.all) {
    if (p.employeeId) byEmployeeId.set(p.employeeId.toLowerCase(), p.id);
    byEmail.set(p.email.toLowerCase(), p.id);
  }
  const errors: RowError[] = [];
  const out: ResolvedRow[] = [];
  const seen = new Map<string, number>();
  if (!raw.length) throw new ImportError([{ row: 0, column: 'rows', message: 'no rows to import' }]);
  raw.forEach((input, i) => {
    const row = i + 1;
    const at = (column: string, message: string) => errors.push({ row, ...(lines?.[i] ? { line: lines[i] } : {}), column, message });
    const parsed = rowSchema.safeParse(input ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) at(String(issue.path[0] ?? 'row'), issue.message);
      return;
    }
    const key = parsed.data.person.toLowerCase();
    const personId = byEmployeeId.get(key) ?? byEmail.get(key);
    if (!personId) return at('person', `no person with employee id or email "${parsed.data.person}"`);
    const dupKey = `${personId}\u0000${parsed.data.period}\u0000${parsed.data.metric}`;
    const first = seen.get(dupKey);
    if (first !== undefined) return at('person', `same person, period and metric as row ${first}`);
    seen.set(dupKey, row);
    out.push({ personId, period: parsed.data.period, metric: parsed.data.metric, value: parsed.data.value });
  });
  if (errors.length) throw new ImportError(errors.slice(0, maxErrors));
  return out;
}
