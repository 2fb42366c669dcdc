/** A person named like a spreadsheet formula comes out of the CSV exports as text (CSV injection). */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';

const PASSWORD = 'a long enough passphrase';
const EVIL = "=cmd|'/C calc'!A0";

test('the compliance people.csv and the evidence completions.csv defuse formula-like names', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  const evil = await app.createUser({ email: 'evil@example.com', password: 'Correct-Horse-Battery-42', name: EVIL, roles: ['employee'] });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  const activity = 'https://vendor.example/csv-course';
  t.is((await hr.request('POST', '/api/assignment-rules', { name: 'CSV course', target: { type: 'activity', id: activity, title: 'CSV course' }, criteria: { everyone: true } })).status, 201);
  await app.runtime.services.compliance.evaluate();
  const people = await hr.fetchRaw('/api/reports/compliance/people.csv');
  t.is(people.status, 200);
  const text = await people.text();
  t.true(text.includes(`'${EVIL}`), text);
  t.false(text.split('\n').some((line) => line.startsWith(EVIL) || line.includes(`,${EVIL}`)), 'no cell starts with the formula');

  await app.runtime.services.hrRecords.record({ personId: evil.id, target: { type: 'activity', id: activity }, kind: 'completed', reason: 'Attended on site' }, { id: 'hr', name: 'Hana HR' });
  const completions = await hr.fetchRaw(`/api/reports/evidence-packs/completions.csv?targetType=activity&targetId=${encodeURIComponent(activity)}`);
  const rows = await completions.text();
  t.true(rows.includes(`'${EVIL}`), rows);
  t.false(rows.split('\n').some((line) => line.startsWith(EVIL) || line.includes(`,${EVIL}`)), 'no cell starts with the formula');
});
