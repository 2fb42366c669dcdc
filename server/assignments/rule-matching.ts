/** Which people a rule assigns, and when their assignment is due. Pure functions over plain data. */
import type { PersonFacts, ReportingTree } from '../org/person-facts.js';
import type { DueRule, RuleCriteria } from './assignment-types.js';

const DAY_MS = 86400_000;

/** Context a rule may need beyond the person: who is under which manager. */
export interface MatchContext {
  tree: ReportingTree;
}

export type PersonMatcher = (p: PersonFacts) => boolean;

export function ruleMatcher(c: RuleCriteria, ctx: MatchContext): PersonMatcher {
  const named = new Set(c.people ?? []);
  const tests: PersonMatcher[] = [];
  if (c.jobRoles?.length) {
    const roles = c.jobRoles;
    tests.push((p) => roles.some((r) => r.jobRole === p.jobRole && (!r.levels?.length || (p.jobLevel !== undefined && r.levels.includes(p.jobLevel)))));
  }
  if (c.departments?.length) {
    const set = new Set(c.departments);
    tests.push((p) => p.department !== undefined && set.has(p.department));
  }
  if (c.locations?.length) {
    const set = new Set(c.locations);
    tests.push((p) => p.location !== undefined && set.has(p.location));
  }
  if (c.hiredAfter) {
    const t = c.hiredAfter.getTime();
    tests.push((p) => !!p.hireDate && p.hireDate.getTime() > t);
  }
  if (c.hiredBefore) {
    const t = c.hiredBefore.getTime();
    tests.push((p) => !!p.hireDate && p.hireDate.getTime() < t);
  }
  if (c.manager) {
    const under = c.manager.scope === 'chain' ? ctx.tree.chain(c.manager.id) : new Set(ctx.tree.direct(c.manager.id));
    tests.push((p) => under.has(p.id));
  }
  const byCriteria = tests.length > 0 || c.everyone === true;
  return (p) => {
    if (!p.active) return false;
    if (named.has(p.id)) return true;
    // Accounts that are not people (the install's admin) are never learners by criteria.
    if (!byCriteria || p.isPerson === false) return false;
    for (const t of tests) if (!t(p)) return false;
    return true;
  };
}

/** The due date of a first-cycle assignment made at `assignedAt`. */
export function dueDateOf(due: DueRule, person: Pick<PersonFacts, 'hireDate'>, assignedAt: Date): Date | undefined {
  switch (due.kind) {
    case 'none':
      return undefined;
    case 'absolute':
      return new Date(due.date);
    case 'afterHire':
      // Without a hire date, count from the assignment (the person's start in our records).
      return new Date((person.hireDate ?? assignedAt).getTime() + due.days * DAY_MS);
    case 'afterAssignment':
      return new Date(assignedAt.getTime() + due.days * DAY_MS);
  }
}

/** `date` plus whole calendar months (UTC), clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);
