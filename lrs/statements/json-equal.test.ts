import test from 'ava';
import { jsonEqual } from './json-equal.js';

test('jsonEqual agrees with comparing JSON text, key order aside', (t) => {
  t.true(jsonEqual({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }));
  t.true(jsonEqual({ a: 1, gone: undefined }, { a: 1 }), 'an undefined property is absent');
  t.true(jsonEqual({ a: 1 }, { a: 1, gone: undefined }));
  t.false(jsonEqual({ a: 1 }, { a: 1, b: null }), 'null is a value');
  t.false(jsonEqual({ a: [1, 2] }, { a: [2, 1] }), 'arrays keep their order');
  t.false(jsonEqual({ a: [1] }, { a: { 0: 1 } }), 'an array is not an object');
  t.false(jsonEqual({ name: { 'en-US': 'A' } }, { name: { 'en-US': 'B' } }));
  t.false(jsonEqual({ a: 1 }, { b: 1 }));
  t.false(jsonEqual(1, '1'));
});
