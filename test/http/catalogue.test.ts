/** The self-enrolment catalogue over HTTP: only open (and, when HR restricted them, allowed) courses are listed; enrolling puts the course on the learner's to-do list. */
import test from 'ava';
import { startTestApp } from '../helpers/app.js';
import { HttpClient } from '../helpers/http-client.js';
import { loadSamples } from '../helpers/samples.js';

const PASSWORD = 'correct horse battery';

test('open courses are listed to whom they are open; enrolling makes an assignment on the to-do list; the rest is 403/404', async (t) => {
  const app = await startTestApp();
  t.teardown(() => app.close());
  await app.createUser({ email: 'hr@example.com', password: PASSWORD, name: 'Hana HR', roles: ['hr', 'author'] });
  const ella = await app.createUser({ email: 'ella@example.com', password: PASSWORD, name: 'Ella Sales', roles: ['employee'], department: 'Sales' });
  await app.createUser({ email: 'sam@example.com', password: PASSWORD, name: 'Sam Support', roles: ['employee'], department: 'Support' });
  const samples = await loadSamples(app, { email: 'hr@example.com', password: PASSWORD }, { catalogue: false });
  const hr = new HttpClient(app.url);
  await hr.login('hr@example.com', PASSWORD);
  const ellaC = new HttpClient(app.url);
  await ellaC.login('ella@example.com', PASSWORD);
  const sam = new HttpClient(app.url);
  await sam.login('sam@example.com', PASSWORD);

  t.deepEqual((await ellaC.request('GET', '/api/catalogue')).body.items, [], 'nothing is open until an author opens it');
  t.deepEqual((await hr.request('GET', `/api/packages/${samples.scorm12}/self-enrolment`)).body, { open: false, audience: null });
  t.is((await ellaC.request('PUT', `/api/packages/${samples.scorm12}/self-enrolment`, { open: true })).status, 403, 'learners do not open courses');
  t.is((await hr.request('PUT', `/api/packages/${samples.scorm12}/self-enrolment`, { open: 'yes' })).body.error.field, 'open');
  t.is((await hr.request('PUT', '/api/packages/0123456789abcdef01234567/self-enrolment', { open: true })).status, 404);
  t.is((await hr.request('PUT', `/api/packages/${samples.scorm12}/self-enrolment`, { open: true })).status, 200);
  t.is((await hr.request('PUT', `/api/packages/${samples.scorm2004}/self-enrolment`, { open: true })).status, 200);
  // HR restricts one to Sales; a department not on the lists is refused, naming the field.
  const ghost = await hr.request('PUT', `/api/packages/${samples.scorm2004}/self-enrolment/audience`, { audience: { departments: ['Atlantis'] } });
  t.is(ghost.status, 400);
  t.is(ghost.body.error.field, 'audience.departments.0');
  t.is((await hr.request('PUT', `/api/packages/${samples.scorm2004}/self-enrolment/audience`, { audience: {} })).body.error.field, 'audience');
  const restricted = await hr.request('PUT', `/api/packages/${samples.scorm2004}/self-enrolment/audience`, { audience: { departments: ['Sales'] } });
  t.deepEqual(restricted.body, { open: true, audience: { departments: ['Sales'] } });

  const offers = (await hr.request('GET', '/api/catalogue/offers')).body.items as Array<{ packageId: string; audience: unknown }>;
  t.deepEqual(offers.find((o) => o.packageId === samples.scorm2004)?.audience, { departments: ['Sales'] });
  t.is((await ellaC.request('GET', '/api/catalogue/offers')).status, 403);
  const ellaList = (await ellaC.request('GET', '/api/catalogue')).body.items as Array<{ packageId: string; restricted: boolean; enrolled: boolean }>;
  t.deepEqual(ellaList.map((i) => i.packageId).sort(), [samples.scorm12, samples.scorm2004].sort());
  t.true(ellaList.find((i) => i.packageId === samples.scorm2004)!.restricted);
  const samList = (await sam.request('GET', '/api/catalogue')).body.items as Array<{ packageId: string }>;
  t.deepEqual(samList.map((i) => i.packageId), [samples.scorm12], 'Sam is not in Sales');

  t.is((await sam.request('POST', `/api/catalogue/${samples.scorm2004}/enrol`)).status, 403, 'open, but not to Sam');
  t.is((await sam.request('POST', `/api/catalogue/${samples.cmi5}/enrol`)).status, 404, 'not open for self-enrolment');
  t.is((await sam.request('POST', '/api/catalogue/not-a-package/enrol')).status, 404);
  t.is(await app.runtime.services.compliance.cols.assignments.countDocuments({}), 0, 'refusals write nothing');

  const enrolled = await ellaC.request('POST', `/api/catalogue/${samples.scorm12}/enrol`);
  t.is(enrolled.status, 201);
  t.is((await ellaC.request('POST', `/api/catalogue/${samples.scorm12}/enrol`)).status, 200, 'enrolling again changes nothing');
  t.true(((await ellaC.request('GET', '/api/catalogue')).body.items as Array<{ packageId: string; enrolled: boolean }>).find((i) => i.packageId === samples.scorm12)!.enrolled);

  const todo = (await ellaC.request('GET', '/api/me/todo')).body.items as Array<{ kind: string; id: string; why: string; action?: { view: string; params: string[] } }>;
  const item = todo.find((i) => i.id === samples.scorm12);
  t.like(item, { kind: 'course', why: 'You enrolled from the catalogue', action: { view: 'player', params: [samples.scorm12] } });
  t.like(await app.runtime.services.compliance.statuses.findOne({ personId: ella.id, targetId: samples.scorm12 }), { status: 'not_started' }, 'compliance follows it at once');

  // No rule made it, so a full evaluation does not end it.
  await app.runtime.services.compliance.evaluate();
  t.like(await app.runtime.services.compliance.cols.assignments.findOne({ personId: ella.id, 'target.id': samples.scorm12 }), { active: true });

  // Closed or archived: gone from the catalogue, and no new enrolment.
  t.is((await hr.request('PUT', `/api/packages/${samples.scorm2004}/self-enrolment`, { open: false })).status, 200);
  t.is((await ellaC.request('POST', `/api/catalogue/${samples.scorm2004}/enrol`)).status, 404);
  t.is((await hr.request('PUT', `/api/packages/${samples.scorm12}/archived`, { archived: true })).status, 200);
  t.deepEqual((await sam.request('GET', '/api/catalogue')).body.items, []);
  t.is((await hr.request('PUT', `/api/packages/${samples.scorm12}/self-enrolment`, { open: true })).body.error.field, 'open');
});
