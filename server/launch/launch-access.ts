/**
 * Ends a person's launches when they lose access: every launch session of theirs still
 * open is closed, so its token stops working at its next request. cmi5 sessions end as
 * the stale-session job ends them (with an `abandoned` statement); others simply close.
 */
import type { Lrs } from '../../lrs/index.js';
import { learnerAgent } from '../learning-record/identity.js';
import type { Cmi5Service } from './cmi5/cmi5-service.js';

export interface LaunchAccess {
  /** Close every open launch session of this person; returns how many were closed. */
  endFor(userId: string): Promise<number>;
}

export function createLaunchAccess(deps: { lrs: Lrs; cmi5: Pick<Cmi5Service, 'abandonSession'>; publicUrl: string }): LaunchAccess {
  return {
    async endFor(userId) {
      let ended = 0;
      for (const s of await deps.lrs.sessions.openSessionsOf(learnerAgent({ id: userId }, deps.publicUrl))) {
        const closed = s.profile === 'cmi5' ? await deps.cmi5.abandonSession(s) : !!(await deps.lrs.sessions.abandon(s._id));
        if (closed) ended++;
      }
      return ended;
    },
  };
}
