/**
 * The path completion sweep (a repeatable job): reads the completions stored in the LRS
 * since its checkpoint, and re-evaluates the assigned paths of the people concerned, so a
 * path's `completed` statement is written when its last step is done, even if the person
 * never opens "My learning" (compliance and reports read that statement).
 */
import type { JobContext } from '../jobs/types.js';
import { BLENDED_VERBS } from '../blended/blended-identity.js';
import { COMPLETION_VERBS, userIdOfAgent } from '../learning-record/identity.js';
import type { RecordReader } from '../learning-record/records.js';
import type { User } from '../people/user-service.js';
import type { AssignmentSource } from './enrolment-service.js';
import type { PathModels } from './path-model.js';
import type { PathService } from './path-service.js';

export const PATH_COMPLETION_QUEUE = 'path-completions';
export interface PathCompletionJob {
  task: 'sweep';
}

const CHECKPOINT = 'path-completion-sweep';
const CONCURRENCY = 16;

export interface SweepDeps {
  models: Pick<PathModels, 'checkpoints'>;
  records: RecordReader;
  homePage: string;
  people: { get(id: string): Promise<User | null> };
  assignments: AssignmentSource;
  paths: PathService;
  now?: () => Date;
}

export interface SweepReport {
  people: number;
  pathsCompleted: number;
  lastOrd: number | null;
}

/**
 * Re-evaluates these people's assigned paths (writing a path's `completed` statement when
 * its last step is done); returns how many assigned paths are complete. The sweep runs it
 * for everyone with new completions; live compliance runs it for the people it evaluates.
 */
export function createPathRefresh(deps: Pick<SweepDeps, 'people' | 'assignments' | 'paths'>) {
  const evaluate = async (personId: string): Promise<number> => {
    const person = await deps.people.get(personId);
    if (!person) return 0;
    let complete = 0;
    for (const a of await deps.assignments.forPerson(personId)) {
      if (a.targetType !== 'path' || !(await deps.paths.exists(a.targetId))) continue;
      if ((await deps.paths.progress(person, a.targetId)).status === 'complete') complete++;
    }
    return complete;
  };
  return async function refresh(personIds: Iterable<string>): Promise<number> {
    let pathsCompleted = 0;
    // A few people at a time: their writes (version pins, completion statements) share
    // the store's journal flushes instead of waiting for one fsync each.
    const queue = [...personIds];
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) pathsCompleted += await evaluate(id);
    }));
    return pathsCompleted;
  };
}

export function createCompletionSweep(deps: SweepDeps) {
  const now = deps.now ?? (() => new Date());
  const refresh = createPathRefresh(deps);
  return async function sweep(): Promise<SweepReport> {
    const checkpoint = await deps.models.checkpoints.findById(CHECKPOINT).lean().exec();
    let lastOrd: number | null = checkpoint?.lastOrd ?? null;
    // Everything at or below it is visible now: the checkpoint moves at most there (a
    // statement above it may still land late; its people are looked at again, harmlessly).
    const settled = await deps.records.settledOrd();
    const personIds = new Set<string>();
    // `attended` too: it completes a live-session step (server/blended).
    for await (const page of deps.records.pages({ verbs: [...COMPLETION_VERBS, BLENDED_VERBS.attended], ...(lastOrd !== null ? { afterOrd: lastOrd } : {}) })) {
      for (const s of page.statements) {
        const id = userIdOfAgent(s.actor, deps.homePage);
        if (id) personIds.add(id);
      }
      lastOrd = page.lastOrd;
    }
    const pathsCompleted = await refresh(personIds);
    if (lastOrd !== null) {
      lastOrd = Math.max(checkpoint?.lastOrd ?? 0, Math.min(lastOrd, settled));
      await deps.models.checkpoints.updateOne({ _id: CHECKPOINT }, { $set: { lastOrd, updatedAt: now() } }, { upsert: true }).exec();
    }
    return { people: personIds.size, pathsCompleted, lastOrd };
  };
}

export function completionSweepProcessor(sweep: () => Promise<SweepReport>) {
  return async (_job: JobContext<PathCompletionJob>): Promise<SweepReport> => sweep();
}
