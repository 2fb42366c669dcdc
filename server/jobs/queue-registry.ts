/**
 * The queues a runtime has opened, by name: memoised creation, lookup of a job by its
 * global id, and closing them all. Shared by the Bull and in-process runtimes.
 */
import { parseGlobalJobId } from './job-ids.js';
import { assertQueueName } from './job-ids.js';
import type { JobInfo, JobQueue } from './types.js';

export class QueueRegistry<Q extends JobQueue<unknown>> {
  private readonly queues = new Map<string, Q>();

  constructor(private readonly create: (name: string) => Q) {}

  get<D>(name: string): JobQueue<D> {
    let queue = this.queues.get(name);
    if (!queue) {
      assertQueueName(name);
      queue = this.create(name);
      this.queues.set(name, queue);
    }
    // The map holds queues of every payload type; the caller names the one it uses.
    return queue as unknown as JobQueue<D>;
  }

  async getJob(globalId: string): Promise<JobInfo | null> {
    const parsed = parseGlobalJobId(globalId);
    const queue = parsed && this.queues.get(parsed.queue);
    return queue ? queue.getJob(parsed.localId) : null;
  }

  first(): Q | undefined {
    return this.queues.values().next().value;
  }

  async closeAll(timeoutMs: number): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close(timeoutMs)));
  }
}
