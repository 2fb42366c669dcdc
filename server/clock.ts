/**
 * Time for the domain rules, passed in (never `Date.now()` deep in a service), so due
 * dates, expiry and reminders are tested by moving a manual clock instead of sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ManualClock extends Clock {
  set(at: Date | string): void;
  advanceDays(days: number): void;
}

export function manualClock(start: Date | string): ManualClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (at) => void (t = new Date(at).getTime()),
    advanceDays: (days) => void (t += days * 86400_000),
  };
}
