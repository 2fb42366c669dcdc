/** moveOn satisfaction over nested blocks, and the LMS's generated ids. */
import test from 'ava';
import type { Cmi5Au, Cmi5Block, Cmi5Package, MoveOn } from '../../content/manifest/cmi5.js';
import { auActivityId, auSatisfied, blockActivityId, evaluateCourse } from './course-tree.js';

const au = (id: string, moveOn: MoveOn): Cmi5Au => ({ type: 'au', id, title: {}, description: {}, url: 'a.html', launchMethod: 'AnyWindow', moveOn, objectives: [] });
const block = (id: string, children: (Cmi5Au | Cmi5Block)[]): Cmi5Block => ({ type: 'block', id, title: {}, description: {}, objectives: [], children });
const course = (children: (Cmi5Au | Cmi5Block)[]): Cmi5Package => ({ kind: 'cmi5', manifest: 'cmi5.xml', base: '', course: { id: 'https://c.example/c', title: {}, description: {} }, objectives: [], children });

test('each moveOn against completed/passed, and waived satisfies any', (t) => {
  const table: [MoveOn, { completed?: boolean; passed?: boolean }, boolean][] = [
    ['Completed', { completed: true }, true],
    ['Completed', { passed: true }, false],
    ['Passed', { passed: true }, true],
    ['Passed', { completed: true }, false],
    ['CompletedAndPassed', { completed: true }, false],
    ['CompletedAndPassed', { completed: true, passed: true }, true],
    ['CompletedOrPassed', { passed: true }, true],
    ['CompletedOrPassed', {}, false],
    ['NotApplicable', {}, true],
  ];
  for (const [moveOn, p, want] of table) t.is(auSatisfied(moveOn, p), want, `${moveOn} ${JSON.stringify(p)}`);
  t.true(auSatisfied('CompletedAndPassed', { waived: 'Administrative' }));
  t.false(auSatisfied('Passed', undefined));
});

test('nested blocks are satisfied inner first; the course only when every top-level member is', (t) => {
  const c = course([block('https://c.example/outer', [au('https://c.example/a1', 'Completed'), block('https://c.example/inner', [au('https://c.example/a2', 'Passed')])]), au('https://c.example/a3', 'NotApplicable')]);
  const none = evaluateCourse(c, {});
  t.deepEqual(none.blocks, []);
  t.false(none.course);
  t.true(none.aus.has('https://c.example/a3'));
  const inner = evaluateCourse(c, { 'https://c.example/a2': { passed: true } });
  t.deepEqual(inner.blocks, ['https://c.example/inner']);
  t.false(inner.course);
  const all = evaluateCourse(c, { 'https://c.example/a2': { passed: true }, 'https://c.example/a1': { completed: true } });
  t.deepEqual(all.blocks, ['https://c.example/inner', 'https://c.example/outer']);
  t.true(all.course);
});

test('generated ids differ from the publisher ids and are stable', (t) => {
  const courseId = 'https://lms.example/activities/cmi5/x';
  t.is(auActivityId(courseId, 'https://p.example/au/1'), auActivityId(courseId, 'https://p.example/au/1'));
  t.not(auActivityId(courseId, 'https://p.example/au/1'), 'https://p.example/au/1');
  t.not(blockActivityId(courseId, 'https://p.example/b'), auActivityId(courseId, 'https://p.example/b'));
});
