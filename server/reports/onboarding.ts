/**
 * Onboarding: for people hired in a window, how much of their onboarding (requirements
 * assigned within ONBOARDING_WINDOW_DAYS of hire) is done, the 30/60/90-day checkpoints
 * (share who had finished all of it by day 30/60/90, among those hired at least that
 * long ago), and time to productivity per job role (days from hire to the first
 * completion of the role's milestone). Aggregates over fewer than 5 people are withheld.
 */
import { ONBOARDING_WINDOW_DAYS } from './compliance-dashboard.js';
import type { PeopleDirectory, PersonFacts } from './people-directory.js';
import { inScope, type Scope } from './scope.js';
import type { ComplianceStatusRow } from './sources.js';
import { isSuppressed, median, percent } from './stats/describe.js';

const DAY = 86_400_000;
export const CHECKPOINTS = [30, 60, 90] as const;

export interface Checkpoint {
  day: number;
  eligible: number;
  done: number | null;
  pct: number | null;
  suppressed: boolean;
}

export interface RoleProductivity {
  jobRole: string;
  milestone: string;
  hired: number;
  reached: number | null;
  medianDays: number | null;
  meanDays: number | null;
  suppressed: boolean;
}

export type CheckpointStatus = 'done' | 'due' | 'overdue';

/** One new hire on an onboarding journey and each checkpoint's standing (server/blended computes them). */
export interface NewHireCheckpoints {
  personId: string;
  name: string;
  jobRole: string | null;
  hireDate: string;
  pathId: string;
  pathTitle: string;
  checkpoints: Array<{ day: number; dueAt: string; status: CheckpointStatus; done: number; total: number; completedAt?: string }>;
}

export interface OnboardingReport {
  window: { from: string; to: string };
  newHires: number;
  /** Onboarding requirements complete, of all onboarding requirements of the new hires. */
  completionPct: number | null;
  /** New hires with every onboarding requirement complete. */
  fullyOnboardedPct: number | null;
  checkpoints: Checkpoint[];
  productivity: RoleProductivity[];
  suppressed: boolean;
}

export interface OnboardingInput {
  rows: AsyncIterable<ComplianceStatusRow> | Iterable<ComplianceStatusRow>;
  people: PeopleDirectory;
  scope: Scope;
  now: Date;
  hiredFrom: Date;
  hiredTo: Date;
  /** Per job role: the milestone's label and, per person id, when they first completed it. */
  milestones: Map<string, { label: string; firstCompletion: Map<string, Date> }>;
}

export async function computeOnboarding(input: OnboardingInput): Promise<OnboardingReport> {
  const { people, scope, now } = input;
  const selfView = scope.kind === 'people' && scope.label === 'self';
  const hires = new Map<string, PersonFacts>();
  for (const p of people.all) {
    if (!p.hireDate || !inScope(scope, p.id)) continue;
    if (p.hireDate >= input.hiredFrom && p.hireDate <= input.hiredTo) hires.set(p.id, p);
  }
  // Per new hire: onboarding rows and when the last of them was completed (Infinity if not all are).
  const onboarding = new Map<string, { total: number; done: number; lastDone: number }>();
  for await (const r of input.rows) {
    const p = hires.get(r.personId);
    if (!p) continue;
    const assigned = new Date(r.assignedAt).getTime();
    if (Math.abs(assigned - p.hireDate!.getTime()) > ONBOARDING_WINDOW_DAYS * DAY) continue;
    const e = onboarding.get(r.personId) ?? { total: 0, done: 0, lastDone: 0 };
    e.total++;
    if (r.completedAt) {
      e.done++;
      e.lastDone = Math.max(e.lastDone, new Date(r.completedAt).getTime());
    } else {
      e.lastDone = Infinity;
    }
    onboarding.set(r.personId, e);
  }
  const hold = (n: number) => !selfView && isSuppressed(n);
  let total = 0;
  let done = 0;
  let full = 0;
  for (const e of onboarding.values()) {
    total += e.total;
    done += e.done;
    if (e.done === e.total) full++;
  }
  const checkpoints: Checkpoint[] = CHECKPOINTS.map((day) => {
    let eligible = 0;
    let by = 0;
    for (const [id, e] of onboarding) {
      const hire = hires.get(id)!.hireDate!.getTime();
      if (hire + day * DAY > now.getTime()) continue;
      eligible++;
      if (e.lastDone <= hire + day * DAY) by++;
    }
    return hold(eligible) ? { day, eligible, done: null, pct: null, suppressed: true } : { day, eligible, done: by, pct: percent(by, eligible), suppressed: false };
  });

  const productivity: RoleProductivity[] = [];
  for (const [jobRole, m] of [...input.milestones].sort((a, b) => a[0].localeCompare(b[0]))) {
    const roleHires = [...hires.values()].filter((p) => p.jobRole === jobRole);
    const days: number[] = [];
    for (const p of roleHires) {
      const at = m.firstCompletion.get(p.id);
      if (at && at.getTime() >= p.hireDate!.getTime()) days.push((at.getTime() - p.hireDate!.getTime()) / DAY);
    }
    if (hold(days.length)) {
      productivity.push({ jobRole, milestone: m.label, hired: roleHires.length, reached: null, medianDays: null, meanDays: null, suppressed: true });
      continue;
    }
    const mean = days.length ? days.reduce((a, b) => a + b, 0) / days.length : null;
    const med = median(days);
    productivity.push({
      jobRole,
      milestone: m.label,
      hired: roleHires.length,
      reached: days.length,
      medianDays: med === null ? null : Math.round(med * 10) / 10,
      meanDays: mean === null ? null : Math.round(mean * 10) / 10,
      suppressed: false,
    });
  }
  const suppressed = hold(onboarding.size);
  return {
    window: { from: input.hiredFrom.toISOString().slice(0, 10), to: input.hiredTo.toISOString().slice(0, 10) },
    newHires: hires.size,
    completionPct: suppressed ? null : percent(done, total),
    fullyOnboardedPct: suppressed ? null : percent(full, onboarding.size),
    checkpoints,
    productivity,
    suppressed,
  };
}
