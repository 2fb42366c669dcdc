/**
 * Where a learner is on cmi5 and xAPI (TinCan) courses, for the Courses list (SCORM status
 * comes from attempts). cmi5: the registration's `satisfied` on the course, else started
 * once a registration exists. TinCan: a completion statement by the learner on the
 * package activity (what compliance reads), else started once launched.
 */
import type { Model } from 'mongoose';
import type { RecordReader } from '../learning-record/records.js';
import { COMPLETION_VERBS, learnerAgent, packageActivityId } from '../learning-record/identity.js';
import type { Cmi5RegistrationDoc } from './cmi5/registration-model.js';
import type { tincanRegistrationModel } from './tincan/tincan-launcher.js';

export type ExternalStatus = 'in_progress' | 'completed';

export function createExternalStatus(deps: {
  /** The trusted record (completions their sources may assert). */
  records: RecordReader;
  cmi5Registrations: Model<Cmi5RegistrationDoc>;
  tincanRegistrations: ReturnType<typeof tincanRegistrationModel>;
  publicUrl: string;
}) {
  return async (userId: string, pkgs: { id: string; kind: string; identity: string }[]): Promise<Map<string, ExternalStatus>> => {
    const out = new Map<string, ExternalStatus>();
    const cmi5 = pkgs.filter((p) => p.kind === 'cmi5').map((p) => p.id);
    if (cmi5.length) {
      const regs = await deps.cmi5Registrations.find({ userId, packageId: { $in: cmi5 } }).lean<Cmi5RegistrationDoc[]>().exec();
      for (const r of regs) if (r.courseSatisfiedAt || !out.has(r.packageId)) out.set(r.packageId, r.courseSatisfiedAt ? 'completed' : (out.get(r.packageId) ?? 'in_progress'));
    }
    const tincan = pkgs.filter((p) => p.kind === 'xapi');
    if (tincan.length) {
      const started = new Set((await deps.tincanRegistrations.find({ userId, packageId: { $in: tincan.map((p) => p.id) } }).lean().exec()).map((r) => r.packageId));
      const agent = learnerAgent({ id: userId }, deps.publicUrl);
      for (const p of tincan.filter((x) => started.has(x.id))) {
        let done = false;
        for await (const page of deps.records.pages({ verbs: [...COMPLETION_VERBS], activityIds: [packageActivityId(p, deps.publicUrl)], agent, pageSize: 50 })) {
          if ((done = page.statements.length > 0)) break;
        }
        out.set(p.id, done ? 'completed' : 'in_progress');
      }
    }
    return out;
  };
}
