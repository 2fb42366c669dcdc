/** Formula injection defused in CSV cells; numbers and plain text untouched. */
import test from 'ava';
import { defuseFormula, spreadsheetCsv } from './csv.js';

test('cells a spreadsheet would run as formulas are turned into text; numbers stay numbers', (t) => {
  for (const evil of ["=cmd|'/C calc'!A0", '+SUM(1,1)', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x")']) t.is(defuseFormula(evil), `'${evil}`, evil);
  for (const fine of ['Ann Smith', '-0.5', '42', '1e3', 'a=b', '']) t.is(defuseFormula(fine), fine, fine);
});

test('the CSV writer applies it to every string cell', async (t) => {
  const csv = spreadsheetCsv({ header: true, columns: ['name', 'score'] });
  csv.write(["=cmd|'/C calc'!A0", '-0.25']);
  csv.end();
  let out = '';
  for await (const chunk of csv) out += String(chunk);
  t.is(out, "name,score\n'=cmd|'/C calc'!A0,-0.25\n");
});
