/** The password policy: common passwords and personal ones are refused; passphrases pass. */
import test from 'ava';
import { passwordProblem } from './password-policy.js';

const dana = { name: 'Dana Whitfield', email: 'dana.whitfield@example.com' };

test('common and breached passwords are refused, also with digits or symbols around them', (t) => {
  for (const pw of ['password1234', 'passwordpassword', 'Sunshine2026!', '!!iloveyou1234', 'qwerty123456']) t.regex(passwordProblem(pw) ?? '', /commonly used/, pw);
});

test('passwords built from the person’s name or email are refused', (t) => {
  for (const pw of ['Whitfield-2026-spring', 'my name is DANA ok', 'dana.whitfield!!']) t.regex(passwordProblem(pw, dana) ?? '', /name or email/, pw);
});

test('passphrases pass', (t) => {
  for (const pw of ['correct horse battery', 'Correct-Horse-Battery-42', 'a long enough passphrase', 'tangerine ostrich violin']) t.is(passwordProblem(pw, dana), null, pw);
});
