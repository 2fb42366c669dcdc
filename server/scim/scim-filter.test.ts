/** SCIM filters around scim-query-filter-parser: URNs, Entra's sub-attribute form, unknown attributes, index hints. */
import test from 'ava';
import { compileScimFilter } from './scim-filter.js';
import { ScimError } from './scim-errors.js';
import { ENTERPRISE_SCHEMA, USER_ATTRIBUTE_NAMES } from './scim-schemas.js';

const ada = { userName: 'ada@example.com', active: true, title: 'Engineer', emails: [{ type: 'work', value: 'ada@example.com', primary: true }, { type: 'home', value: 'ada@home.example' }], employeeNumber: 'E-1', department: 'R&D' };
const compile = (f: string) => compileScimFilter(f, USER_ATTRIBUTE_NAMES);

test('a lone eq is recognised for an index lookup; the match itself is the library’s (case-insensitive)', (t) => {
  const f = compile('userName eq "ADA@example.com"');
  t.deepEqual(f.equality, { attribute: 'username', value: 'ADA@example.com' });
  t.true(f.matches(ada));
  t.false(f.matches({ ...ada, userName: 'bob@example.com' }));
  t.is(compile('userName eq "a" and active eq true').equality, undefined, 'a compound filter is not a lone eq');
  t.deepEqual(compile('externalId eq "a \\"quoted\\" id"').equality, { attribute: 'externalid', value: 'a "quoted" id' });
});

test('enterprise attributes with their schema URN', (t) => {
  const f = compile(`${ENTERPRISE_SCHEMA}:employeeNumber eq "E-1"`);
  t.deepEqual(f.equality, { attribute: 'employeenumber', value: 'E-1' });
  t.true(f.matches(ada));
  t.false(compile(`${ENTERPRISE_SCHEMA}:department eq "Sales"`).matches(ada));
  // A URN inside a string value is left alone.
  t.false(compile(`userName eq "${ENTERPRISE_SCHEMA}:x"`).matches(ada));
});

test('Entra’s emails[type eq "work"].value eq "x" means the work email is x', (t) => {
  const f = compile('emails[type eq "work"].value eq "ada@example.com"');
  t.deepEqual(f.equality, { attribute: 'emails.value', value: 'ada@example.com' });
  t.true(f.matches(ada));
  t.false(compile('emails[type eq "work"].value eq "ada@home.example"').matches(ada), 'the home address is not the work one');
});

test('unknown attributes and unparsable filters are refused with invalidFilter', (t) => {
  for (const bad of ['favouriteColour eq "blue"', 'emails[colour eq "red"]', 'userName eq', 'userName eq "a" or', '(userName eq "a"', 'x'.repeat(2001)]) {
    const err = t.throws(() => compile(bad), { instanceOf: ScimError }, bad);
    t.is(err?.status, 400);
    t.is(err?.scimType, 'invalidFilter');
  }
});
