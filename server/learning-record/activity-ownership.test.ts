/** Whose is an activity: what the LMS mints, tincan packages' own activities, external requirements of rules and path steps; nobody's otherwise. */
import test from 'ava';
import { openTestStore } from '../../test/helpers/test-store.js';
import { createActivityOwnership } from './activity-ownership.js';

const HOME = 'https://lms.test';

test('claimed: minted activities, tincan activities, rule and path-step activities; a change is seen after the refresh interval', async (t) => {
  const store = await openTestStore();
  t.teardown(() => store.close());
  const db = store.db;
  await db.collection('content_package_versions').insertOne({ kind: 'xapi', title: 'Expenses', structure: { activities: [{ id: 'https://content.example/expenses' }, { id: 'https://content.example/expenses/quiz' }] } });
  await db.collection('assignment_rules').insertOne({ name: 'Fire', target: { type: 'activity', id: 'https://vendor.example/fire', title: 'Fire safety' } });
  await db.collection('learning_paths').insertOne({ title: 'Induction', steps: [{ type: 'activity', ref: 'https://vendor.example/walk' }, { type: 'policy', ref: 'p1' }] });
  let now = 0;
  const ownerOf = createActivityOwnership(db, HOME, { refreshMs: 1000, now: () => now });

  t.is(await ownerOf(`${HOME}/activities/policy/p1/version/2`), 'a policy of this LMS');
  t.is(await ownerOf(`${HOME}/activities/scorm12/x/sco/1`), 'a course of this LMS');
  t.is(await ownerOf(`${HOME}/activities/path/abc`), 'a learning path of this LMS');
  t.is(await ownerOf('https://content.example/expenses/quiz'), 'the course "Expenses"');
  t.is(await ownerOf('https://vendor.example/fire'), 'the requirement "Fire safety"');
  t.is(await ownerOf('https://vendor.example/walk'), 'a step of the learning path "Induction"');
  t.is(await ownerOf('https://content.example/question-7'), null, 'a question nobody claims stays open');

  await db.collection('assignment_rules').insertOne({ name: 'New', target: { type: 'activity', id: 'https://vendor.example/new', title: 'New course' } });
  t.is(await ownerOf('https://vendor.example/new'), null, 'cached until the refresh');
  now += 1001;
  t.is(await ownerOf('https://vendor.example/new'), 'the requirement "New course"');
});
