/**
 * The LMS's completion authority, wired (startup wiring, beside runtime.ts, because it joins
 * learning-record, launch and lrs-admin): its internal writers' keys, the LRS's launch
 * sessions and HR's certification allowances. The runtime and tests that build an LRS by
 * hand start from here, so both judge completions alike.
 */
import { internalClientKey, type Lrs } from '../lrs/index.js';
import { CMI5_AUTHORITY } from './launch/cmi5/cmi5-authority.js';
import { TINCAN_AUTHORITY } from './launch/tincan/tincan-authority.js';
import type { CertificationAllowances } from './lrs-admin/certification-allowances.js';
import { createCompletionAuthority, type CompletionAuthority } from './learning-record/completion-authority.js';

export function lmsCompletionAuthority(lrs: Pick<Lrs, 'sessions'>, allowances: Pick<CertificationAllowances, 'all'>, publicUrl: string): CompletionAuthority {
  return createCompletionAuthority({
    homePage: publicUrl,
    authorityHomePage: `${publicUrl}/xapi/clients`,
    internal: { cmi5: internalClientKey(CMI5_AUTHORITY), tincan: internalClientKey(TINCAN_AUTHORITY) },
    sessions: (ids) => lrs.sessions.getMany(ids),
    allowances: () => allowances.all(),
  });
}
