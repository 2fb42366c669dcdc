/**
 * Two facts about an account read from its record: whether it counts as a person (a
 * learner in "everyone" rules and dashboards) and where it stands with signing in. The
 * directory filters on both, so each comes with the store filter that selects it.
 */
import type { UserDoc } from './user-model.js';

/** Missing `isPerson` counts as a person: records from imports and seeds predate the flag. */
export function countsAsPerson(d: Pick<UserDoc, 'isPerson'>): boolean {
  return d.isPerson !== false;
}

/** Which accounts a directory query covers: people (the default), the other accounts, or all. */
export const ACCOUNT_KINDS = ['people', 'accounts', 'all'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export function kindFilter(kind: AccountKind): Record<string, unknown> {
  if (kind === 'people') return { isPerson: { $ne: false } };
  if (kind === 'accounts') return { isPerson: false };
  return {};
}

/**
 * `invited` and `never-signed-in` do not overlap: an invitation sent and not yet used is
 * "invited"; no invitation and no sign-in is "never signed in".
 */
export const SIGN_IN_STATES = ['signed-in', 'invited', 'never-signed-in', 'deactivated'] as const;
export type SignInState = (typeof SIGN_IN_STATES)[number];

export function signInStateOf(d: Pick<UserDoc, 'active' | 'lastSignInAt' | 'invitedAt'>): SignInState {
  if (!d.active) return 'deactivated';
  if (d.lastSignInAt) return 'signed-in';
  return d.invitedAt ? 'invited' : 'never-signed-in';
}

/** The directory's status filter: `active` is everyone not deactivated; the rest are sign-in states. */
export const STATUS_FILTERS = ['active', ...SIGN_IN_STATES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export function statusFilter(status: StatusFilter): Record<string, unknown> {
  switch (status) {
    case 'active':
      return { active: true };
    case 'deactivated':
      return { active: false };
    case 'signed-in':
      return { active: true, lastSignInAt: { $exists: true } };
    case 'invited':
      return { active: true, lastSignInAt: { $exists: false }, invitedAt: { $exists: true } };
    case 'never-signed-in':
      return { active: true, lastSignInAt: { $exists: false }, invitedAt: { $exists: false } };
  }
}
