/**
 * Activities Resource rules: the Activity with the canonical definition the LRS holds, or
 * just `{ objectType, id }` for an Activity it has no definition of; and how definitions
 * seen in statements combine into the canonical one.
 */
import type { ActivityRepo } from './activity-repo.js';

export interface Activity {
  objectType: 'Activity';
  id: string;
  definition?: Record<string, unknown>;
}

const LANGUAGE_MAPS = ['name', 'description'] as const;

/**
 * Combine a definition seen in a statement into the known one: language maps (name,
 * description) and extensions gain the new entries (new values win per key); every other
 * property present in the new definition replaces the old one.
 */
export function mergeActivityDefinitions(known: Record<string, unknown> | undefined, incoming: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(known ?? {}) };
  for (const [k, v] of Object.entries(incoming)) {
    const old = out[k];
    const mergeable = (LANGUAGE_MAPS as readonly string[]).includes(k) || k === 'extensions';
    out[k] = mergeable && isObject(old) && isObject(v) ? Object.fromEntries([...Object.entries(old), ...Object.entries(v)]) : v;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const MAX_ATTEMPTS = 5;

export class ActivityService {
  constructor(private readonly deps: { repo: ActivityRepo; now: () => Date }) {}

  async get(id: string): Promise<Activity> {
    const rec = await this.deps.repo.find(id);
    return rec?.definition ? { objectType: 'Activity', id, definition: rec.definition } : { objectType: 'Activity', id };
  }

  /** Records of one activity in progress in this process, chained so they do not race. */
  private readonly inFlight = new Map<string, Promise<void>>();

  /**
   * Record an Activity from a stored statement, merging its definition into the canonical
   * one. Records of the same activity take turns in this process (many statements about
   * one activity arrive at once, and optimistic retries alone could run out under that
   * contention); the revision check still guards against other processes.
   */
  async record(activity: { id: string; definition?: Record<string, unknown> }): Promise<void> {
    const previous = this.inFlight.get(activity.id);
    const run = previous ? previous.then(() => this.recordOnce(activity), () => this.recordOnce(activity)) : this.recordOnce(activity);
    this.inFlight.set(activity.id, run);
    try {
      await run;
    } finally {
      if (this.inFlight.get(activity.id) === run) this.inFlight.delete(activity.id);
    }
  }

  private async recordOnce(activity: { id: string; definition?: Record<string, unknown> }): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const known = await this.deps.repo.find(activity.id);
      const now = this.deps.now();
      if (!known) {
        const rec = { _id: activity.id, rev: 0, updated: now, ...(activity.definition ? { definition: activity.definition } : {}) };
        if (await this.deps.repo.insert(rec)) return;
        continue;
      }
      if (!activity.definition) return;
      const definition = mergeActivityDefinitions(known.definition, activity.definition);
      if (await this.deps.repo.updateIf(activity.id, known.rev, definition, now)) return;
    }
    throw new Error(`activity ${activity.id} kept changing while its definition was recorded`);
  }
}
