/**
 * CSV for people to open in spreadsheets: csv-stringify with formula injection defused. A
 * cell starting with = + - @ (or a tab or carriage return) is read by Excel, LibreOffice
 * and Sheets as a formula (`=cmd|'/C calc'!A0`), so such text gets a leading apostrophe
 * (OWASP's advice); plain numbers, negative ones included, are left as they are. The
 * portal's client-side CSV (player/src/portal/reports/csv.ts) applies the same rule.
 */
import { stringify, type Options, type Stringifier } from 'csv-stringify';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** The text a spreadsheet will show as text, never run. */
export function defuseFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

export function spreadsheetCsv(options: Options): Stringifier {
  return stringify({ ...options, cast: { ...options.cast, string: (value) => defuseFormula(value) } });
}
