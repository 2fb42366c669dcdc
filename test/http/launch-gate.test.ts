/**
 * Launching is gated: a learner launches what a rule assigns them, a path they are
 * enrolled in contains (nested paths too), or the catalogue offers them (HR's restriction
 * respected); authors, HR and admins preview anything. Everything else is a 403 naming
 * packageId on every launch route (SCORM, cmi5, xAPI), with nothing written, and the
 * Courses list shows exactly what the learner may launch.
 */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { loadSamples } from '../helpers/samples.js';

const PASSWORD = 'correct horse battery';

test('learners launch only what is assigned, on an enrolled path, or offered to them; previewers launch anything', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'author@example.com', password: PASSWORD, name: 'Ava Author', roles: ['author'] });
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr'] });
  const ella = await app.createUser({ email: 'ella@example.com', password: PASSWORD, name: 'Ella Sales', roles: ['employee'], department: 'Sales' });
  await app.createUser({ email: 'sam@example.com', password: PASSWORD, name: 'Sam Support', roles: ['employee'], department: 'Support' });
  const samples = await loadSamples(app, { email: 'author@example.com', password: PASSWORD }, { catalogue: false });
  const login = async (email: string) => {
    const c = new HttpClient(app.url);
    await c.login(email, PASSWORD);
    return c;
  };
  const [author, hr, ellaC, sam] = await Promise.all([login('author@example.com'), login('hr@example.com'), login('ella@example.com'), login('sam@example.com')]);
  const courses = async (c: HttpClient) => ((await c.request('GET', '/api/courses')).body.items as Array<{ packageId: string }>).map((i) => i.packageId).sort();
  const { compliance } = app.runtime.services;

  // Nothing assigned or offered: every launch route refuses, naming the field, and writes nothing.
  for (const [route, packageId] of [
    ['/api/launches', samples.scorm12],
    ['/api/launches', samples.scorm2004],
    ['/api/launches', samples.xapi],
    ['/api/launches', samples.cmi5],
    ['/api/cmi5/launches', samples.cmi5],
  ] as const) {
    const refused = await ellaC.request('POST', route, { packageId });
    t.is(refused.status, 403, `${route} ${packageId}`);
    t.is(refused.body.error.field, 'packageId');
    t.regex(refused.body.error.message, /not assigned to you/);
  }
  t.is((await ellaC.request('GET', `/api/cmi5/registrations`)).body.items.length, 0, 'no registration was made');
  t.is(await app.runtime.store.db.collection('launch_attempts').countDocuments({}), 0, 'no attempt was made');
  t.deepEqual(await courses(ellaC), [], 'the Courses list offers nothing');
  t.is((await ellaC.request('POST', '/api/launches', { packageId: '0123456789abcdef01234567' })).status, 404, 'no such package: 404, as for anyone');

  // Authors and HR preview anything.
  t.is((await author.request('POST', '/api/launches', { packageId: samples.scorm12 })).status, 201);
  t.is((await hr.request('POST', '/api/cmi5/launches', { packageId: samples.cmi5 })).status, 201);
  t.is((await hr.request('GET', '/api/courses')).body.items.length, 4);

  // A rule assigns the SCORM 1.2 course to Ella.
  const rule = await hr.request('POST', '/api/assignment-rules', { name: 'Sales basics', target: { type: 'package', id: samples.scorm12, title: 'Basics' }, criteria: { people: [ella.id] } });
  t.is(rule.status, 201);
  await compliance.evaluate();
  t.is((await ellaC.request('POST', '/api/launches', { packageId: samples.scorm12 })).status, 201, 'assigned by a rule');
  t.is((await sam.request('POST', '/api/launches', { packageId: samples.scorm12 })).status, 403, 'the rule is not Sam’s');

  // A path (inside another path) has the xAPI course as a step; HR enrols Ella in the outer one.
  const inner = await hr.request('POST', '/api/paths', { title: 'Expenses', steps: [{ id: 'claim', title: 'Claiming expenses', type: 'package', ref: samples.xapi }] });
  t.is(inner.status, 201);
  const outer = await hr.request('POST', '/api/paths', { title: 'Onboarding', steps: [{ id: 'money', title: 'Money matters', type: 'path', ref: inner.body.id }] });
  t.is(outer.status, 201);
  t.is((await hr.request('POST', '/api/enrolments', { personIds: [ella.id], targetType: 'path', targetId: outer.body.id })).status, 201);
  t.is((await ellaC.request('POST', '/api/launches', { packageId: samples.xapi })).status, 201, 'a step of a nested path');
  t.is((await sam.request('POST', '/api/launches', { packageId: samples.xapi })).status, 403);

  // The cmi5 course is open in the catalogue, restricted by HR to Sales.
  t.is((await author.request('PUT', `/api/packages/${samples.cmi5}/self-enrolment`, { open: true })).status, 200);
  t.is((await hr.request('PUT', `/api/packages/${samples.cmi5}/self-enrolment/audience`, { audience: { departments: ['Sales'] } })).status, 200);
  t.is((await ellaC.request('POST', '/api/cmi5/launches', { packageId: samples.cmi5 })).status, 201, 'offered to Sales');
  const samRefused = await sam.request('POST', '/api/cmi5/launches', { packageId: samples.cmi5 });
  t.is(samRefused.status, 403, 'open, but not to Support');
  t.is(samRefused.body.error.field, 'packageId');

  t.deepEqual(await courses(ellaC), [samples.scorm12, samples.xapi, samples.cmi5].sort(), 'Ella’s Courses list is what she may launch');
  t.deepEqual(await courses(sam), [], 'Sam’s is empty');
  t.is((await ellaC.request('POST', '/api/launches', { packageId: samples.scorm2004 })).status, 403, 'still nothing else');

  // Once started, a course stays Ella's to resume after the assignment ends.
  t.is((await hr.request('DELETE', `/api/assignment-rules/${rule.body.id}`)).status, 204);
  await compliance.evaluate();
  t.is((await ellaC.request('POST', '/api/launches', { packageId: samples.scorm12 })).status, 201, 'resumed after the rule went');
});
