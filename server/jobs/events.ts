/** A small typed listener registry; a throwing listener is logged and never breaks the queue. */
import type { JobEventMap, JobEventName, JobListener, JobLogger } from './types.js';

export class JobEventHub<D> {
  private readonly listeners: { [E in JobEventName]: Set<JobListener<D, E>> } = {
    progress: new Set(),
    completed: new Set(),
    failed: new Set(),
  };

  constructor(
    private readonly queue: string,
    private readonly logger: JobLogger,
  ) {}

  on<E extends JobEventName>(event: E, listener: JobListener<D, E>): () => void {
    const set = this.listeners[event] as Set<JobListener<D, E>> | undefined;
    if (!set) throw new TypeError(`Unknown job event ${JSON.stringify(event)}`);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  hasListeners(event: JobEventName): boolean {
    return this.listeners[event].size > 0;
  }

  emit<E extends JobEventName>(event: E, ...args: JobEventMap<D>[E]): void {
    const set = this.listeners[event] as Set<JobListener<D, E>>;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (err) {
        this.logger.error({ err, queue: this.queue, event }, 'job event listener threw');
      }
    }
  }
}
