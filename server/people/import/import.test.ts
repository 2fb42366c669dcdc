/** HRIS CSV import over HTTP, on a seeded organisation: mapping, dry run vs apply, row errors, deactivation. */
import test from 'ava';
import { startTestApp } from '../../../test/helpers/app.js';
import { HttpClient } from '../../../test/helpers/http-client.js';
import { seedOrganisation } from '../../../test/fixtures/seed-organisation.js';

const MAPPING = { employeeId: 'Employee ID', email: 'Work Email', name: 'Full Name', department: 'Dept', location: 'Office', jobRole: 'Title', jobLevel: 'Grade', manager: 'Manager', hireDate: 'Start Date', status: 'Status' };
const HEADER = 'Employee ID,Work Email,Full Name,Dept,Office,Title,Grade,Manager,Start Date,Status';

async function setup(t: { teardown(fn: () => Promise<void>): void }) {
  const app = await startTestApp();
  t.teardown(() => app.close());
  const org = await seedOrganisation({ db: app.runtime.store.db, people: 2000, departments: 10, seed: 21 });
  await app.createUser({ email: 'hr@example.com', password: 'correct horse battery', name: 'HR Person', roles: ['hr'] });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', 'correct horse battery');
  const send = (csv: string, query: string) => hr.request('POST', `/api/people/import?${query}&mapping=${encodeURIComponent(JSON.stringify(MAPPING))}`, csv, { 'content-type': 'text/csv' });
  return { app, org, hr, send };
}

test('dry run shows creates, updates with diffs and errors by row and column; apply writes only valid rows', async (t) => {
  const { app, org, send } = await setup(t);
  const existing = org.people[7]!;
  const head = org.heads.get(org.departments[0]!)!;
  const csv = [
    HEADER,
    // 2: an update (new office) of an existing person, by employee id
    `${existing.employeeId},${existing.email},${existing.name},${existing.department},Lisbon,${existing.jobRole},${existing.jobLevel},${head.employeeId},${existing.hireDate.toISOString().slice(0, 10)},active`,
    // 3: a new person whose manager is defined further down (row 4), by email
    'N-100,new.one@example.com,New One,Engineering,Berlin,Software Engineer,L1,new.lead@example.com,2026-02-01,active',
    // 4: the new manager, reporting to an existing head by employee id
    `N-101,new.lead@example.com,New Lead,Engineering,Berlin,Support Lead,L3,${head.employeeId},2026-01-15,active`,
    // 5: bad email
    'N-102,not-an-email,Bad Email,Engineering,Berlin,Designer,L1,,2026-01-15,active',
    // 6: unknown manager
    'N-103,unknown.manager@example.com,Unknown Manager,Engineering,Berlin,Designer,L1,E999999,2026-01-15,active',
    // 7: duplicate employee id (of row 3)
    'N-100,dupe@example.com,Dupe,Engineering,Berlin,Designer,L1,,2026-01-15,active',
    // 8 and 9: a reporting cycle between two new people
    'N-104,cycle.a@example.com,Cycle A,Sales,Madrid,Buyer,L2,N-105,2026-01-15,active',
    'N-105,cycle.b@example.com,Cycle B,Sales,Madrid,Buyer,L2,N-104,2026-01-15,active',
    // 10: bad date
    'N-106,bad.date@example.com,Bad Date,Sales,Madrid,Buyer,L2,,15/01/2026,active',
  ].join('\n');

  const dry = await send(csv, 'dryRun=true');
  t.is(dry.status, 200);
  t.true(dry.body.dryRun);
  t.deepEqual(dry.body.creates.map((c: { row: number }) => c.row), [3, 4]);
  t.is(dry.body.updates.length, 1);
  t.like(dry.body.updates[0], { row: 2, id: existing.id, changes: { location: { from: existing.location, to: 'Lisbon' } } });
  t.is(Object.keys(dry.body.updates[0].changes).length, existing.managerId === head.id ? 1 : 2);
  const errs = dry.body.errors.map((e: { row: number; column?: string; message: string }) => `${e.row}:${e.column}`);
  t.deepEqual(errs, ['5:Work Email', '6:Manager', '7:Employee ID', '8:Manager', '9:Manager', '10:Start Date']);
  t.regex(dry.body.errors.find((e: { row: number }) => e.row === 8).message, /cycle/);
  t.regex(dry.body.errors.find((e: { row: number }) => e.row === 6).message, /E999999/);
  t.deepEqual(dry.body.deactivations, [], 'a partial import deactivates nobody');
  t.is(await app.runtime.store.db.collection('users').countDocuments({ email: 'new.one@example.com' }), 0, 'a dry run writes nothing');

  const applied = await send(csv, 'dryRun=false');
  t.is(applied.status, 200);
  t.like(applied.body.applied, { created: 2, updated: 1, deactivated: 0, failed: [] });
  const people = app.runtime.services.people;
  const newOne = (await people.list({ q: 'new.one@', limit: 10, offset: 0 })).items[0]!;
  const newLead = (await people.list({ q: 'new.lead@', limit: 10, offset: 0 })).items[0]!;
  t.is(newOne.managerId, newLead.id, 'resolved across the file, whatever the order');
  t.is(newLead.managerId, head.id);
  t.is((await people.get(existing.id))!.location, 'Lisbon');
  for (const bad of ['not-an-email', 'unknown.manager@example.com', 'dupe@example.com', 'cycle.a@example.com', 'cycle.b@example.com', 'bad.date@example.com']) {
    t.is(await app.runtime.store.db.collection('users').countDocuments({ email: bad }), 0, bad);
  }
  // Re-applying the same file changes nothing.
  const again = await send(csv, 'dryRun=true');
  t.is(again.body.creates.length, 0);
  t.is(again.body.updates.length, 0);
  t.is(again.body.unchanged, 3);
});

test('a full export deactivates the people missing from it; a status column deactivates too', async (t) => {
  const { app, org, send } = await setup(t);
  const keep = org.people.slice(0, 1990);
  const leaver = keep[5]!;
  const rows = keep.map((p) => [p.employeeId, p.email, p.name, p.department, p.location, p.jobRole, p.jobLevel, p.managerId ? org.byId.get(p.managerId)!.employeeId : '', p.hireDate.toISOString().slice(0, 10), p.id === leaver.id ? 'Terminated' : 'Active'].join(','));
  const csv = [HEADER, ...rows].join('\n');
  const dry = await send(csv, 'dryRun=true&mode=full');
  t.is(dry.status, 200);
  t.deepEqual(dry.body.errors, []);
  const missing = org.people.slice(1990).filter((p) => p.roles.length).map((p) => p.id);
  t.deepEqual(dry.body.deactivations.filter((d: { reason: string }) => d.reason === 'missing-from-full-export').map((d: { id: string }) => d.id).sort(), missing.sort());
  t.like(dry.body.deactivations.find((d: { reason: string }) => d.reason === 'status-column'), { id: leaver.id });
  t.false(dry.body.deactivations.some((d: { email: string }) => d.email === 'hr@example.com'), 'the importer is not deactivated');
  const applied = await send(csv, 'dryRun=false&mode=full');
  t.is(applied.body.applied.deactivated, 11);
  t.false((await app.runtime.services.people.get(leaver.id))!.active);
  t.true((await app.runtime.services.people.get(keep[6]!.id))!.active);
});

test('mapping problems are 400s naming the field; saved mappings are reused', async (t) => {
  const { hr } = await setup(t);
  const csv = `${HEADER}\nX-1,x1@example.com,X One,Sales,Madrid,Buyer,L1,,2026-01-15,active`;
  const post = (q: string) => hr.request('POST', `/api/people/import?dryRun=true&${q}`, csv, { 'content-type': 'text/csv' });
  const unknownColumn = await post(`mapping=${encodeURIComponent(JSON.stringify({ ...MAPPING, department: 'Division' }))}`);
  t.is(unknownColumn.status, 400);
  t.is(unknownColumn.body.error.field, 'mapping.department');
  t.regex(unknownColumn.body.error.message, /no column "Division"/);
  const unknownField = await post(`mapping=${encodeURIComponent(JSON.stringify({ ...MAPPING, shoeSize: 'Dept' }))}`);
  t.is(unknownField.status, 400);
  t.is(unknownField.body.error.field, 'mapping.shoeSize');
  const noEmail = await post(`mapping=${encodeURIComponent(JSON.stringify({ name: 'Full Name' }))}`);
  t.is(noEmail.body.error.field, 'mapping.email');
  t.is((await post('')).body.error.field, 'mapping');
  t.is((await hr.request('POST', '/api/people/import?dryRun=true&mapping={}', '{}', { 'content-type': 'application/json' })).status, 415);

  t.is((await hr.request('PUT', '/api/people/import/mappings/Workday', { mapping: MAPPING })).status, 200);
  const viaSaved = await post('mappingName=Workday');
  t.is(viaSaved.status, 200);
  t.is(viaSaved.body.creates.length, 1);
  const list = await hr.request('GET', '/api/people/import/mappings');
  t.deepEqual(list.body.items.map((m: { name: string }) => m.name), ['Workday']);

  // Multipart works too (the portal uploads a file).
  const form = new FormData();
  form.set('file', new Blob([csv], { type: 'text/csv' }), 'export.csv');
  form.set('mapping', JSON.stringify(MAPPING));
  const multi = await hr.upload('/api/people/import?dryRun=true', form);
  t.is(multi.status, 200);
  t.is(multi.body.creates[0].fields.email, 'x1@example.com');
});

test('only HR and admins may import', async (t) => {
  const { app } = await setup(t);
  await app.createUser({ email: 'emp@example.com', password: 'correct horse battery', name: 'Emp', roles: ['employee'] });
  const emp = new HttpClient(app.url);
  await emp.login('emp@example.com', 'correct horse battery');
  const res = await emp.request('POST', '/api/people/import?dryRun=true&mapping={}', `${HEADER}\n`, { 'content-type': 'text/csv' });
  t.is(res.status, 403);
});

test('first and last name columns are joined into the name; a mapping with neither name nor first name is refused naming the field', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'hr@example.com', password: 'correct horse battery', name: 'HR Person', roles: ['hr'] });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', 'correct horse battery');
  const csv = 'Work Email,First Name,Last Name,Dept\nada.l@example.com,Ada,Lovelace,Engineering\nmono@example.com,Plato,,Philosophy\n';
  const post = (mapping: object, dryRun: boolean) => hr.request('POST', `/api/people/import?dryRun=${dryRun}&mode=partial&mapping=${encodeURIComponent(JSON.stringify(mapping))}`, csv, { 'content-type': 'text/csv' });

  const refused = await post({ email: 'Work Email', department: 'Dept' }, true);
  t.is(refused.status, 400);
  t.is(refused.body.error.field, 'mapping.name');

  const applied = await post({ email: 'Work Email', firstName: 'First Name', lastName: 'Last Name', department: 'Dept' }, false);
  t.is(applied.status, 200, JSON.stringify(applied.body));
  t.deepEqual(applied.body.errors, []);
  const names = (await app.runtime.store.db.collection('users').find({ email: { $in: ['ada.l@example.com', 'mono@example.com'] } }).toArray()).map((u) => u.name).sort();
  t.deepEqual(names, ['Ada Lovelace', 'Plato']);
});
