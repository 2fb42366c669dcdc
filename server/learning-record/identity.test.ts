/** packageActivityId: what compliance reads for each kind of package. */
import test from 'ava';
import { packageActivityId } from './identity.js';

const home = 'https://lms.example.com';

test('tincan: the activity id from tincan.xml, which the content states completion on', (t) => {
  t.is(packageActivityId({ kind: 'xapi', identity: 'xapi:https://courses.example.com/expense' }, home), 'https://courses.example.com/expense');
});

test('cmi5: an LMS-generated course id, never the publisher course id (cmi5 9.3.9.0-8)', (t) => {
  const id = packageActivityId({ kind: 'cmi5', identity: 'cmi5:https://courses.example.com/onboarding' }, home);
  t.is(id, `${home}/activities/cmi5/${encodeURIComponent('https://courses.example.com/onboarding')}`);
  t.not(id, 'https://courses.example.com/onboarding');
});

test('SCORM: minted under the LMS', (t) => {
  t.is(packageActivityId({ kind: 'scorm12', identity: 'scorm:COURSE-1' }, home), `${home}/activities/scorm12/scorm%3ACOURSE-1`);
});
