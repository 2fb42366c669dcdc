/**
 * What a new password must be beyond its length (PASSWORD_MIN in user-schema.ts): not a
 * common or breached password, nor one with a common password at its core ("Sunshine2026!"),
 * and not built from the person's own name or email. The list is the ~49,000 passwords
 * that ship with @zxcvbn-ts/language-common (MIT), drawn from published breach corpora.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { ValidationError } from '../http/errors.js';

const COMMON = new Set(dictionary['passwords-common']);
/** Name parts and email local parts shorter than this are too common inside words to refuse. */
const MIN_PERSONAL_PART = 3;

export interface PasswordOwner {
  name?: string;
  email?: string;
}

const letters = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Why this password is refused, or null when it may be used. */
export function passwordProblem(password: string, owner: PasswordOwner = {}): string | null {
  const lower = password.normalize('NFKC').toLowerCase().trim();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  const compact = letters(password);
  if ([lower, core, compact].some((c) => c && COMMON.has(c))) {
    return 'is a commonly used password (it appears in lists of breached passwords); choose another';
  }
  const personal = [...(owner.name ?? '').split(/\s+/), ...(owner.email ?? '').split('@', 1)[0]!.split(/[._+-]+/), (owner.email ?? '').split('@', 1)[0]!]
    .map(letters)
    .filter((p) => p.length >= MIN_PERSONAL_PART);
  if (personal.some((p) => compact.includes(p))) return 'must not contain your name or email address';
  return null;
}

/** Throws a 400 naming `field` when the password breaks the policy. */
export function assertPasswordPolicy(password: string, owner: PasswordOwner, field = 'password'): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw new ValidationError(`${field}: ${problem}`, field);
}
