/**
 * Turns rules into assignments for a set of people (everyone, or those whose data just
 * changed). Idempotent: it compares what should exist with what does and writes only the
 * difference, and the natural key (person, target, cycle) makes a repeated insert a no-op.
 *
 * - A person matching a rule gets cycle 0 (due date from the rule).
 * - A person who stops matching every rule for a target: the assignment is deactivated
 *   (`endedReason: 'unmatched'`), never deleted; matching again re-activates it. A
 *   self-enrolment from the catalogue has no rule and is never ended this way.
 * - Recertification: when the counting completion's expiry minus the window has come, the
 *   next cycle is created (due when the completion expires) and the current one is
 *   superseded.
 */
import type { PersonFacts } from '../org/person-facts.js';
import { settleAll, IssuedWrites } from '../store/settle-all.js';
import { isDuplicateKeyError } from '../store/types.js';
import type { AssignmentCollections } from './assignment-store.js';
import { assignmentKey, pairKey, type AssignmentDoc, type RuleDoc, type Target } from './assignment-types.js';
import { addDays, addMonths, dueDateOf, ruleMatcher, type MatchContext } from './rule-matching.js';

export interface EngineInput {
  cols: AssignmentCollections;
  rules: RuleDoc[];
  /** The people to evaluate; with `all`, assignments of anyone else are ended too. */
  people: PersonFacts[];
  all: boolean;
  ctx: MatchContext;
  now: Date;
  /** The newest completion of the target by the person that is newer than `after`. */
  latestCompletion(personId: string, target: Target, after?: Date): { at: Date } | undefined;
}

export interface EngineResult {
  created: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  newCycles: number;
  /** The active assignments of the people in scope after this run (what statuses are computed for). */
  active: AssignmentDoc[];
  /** The assignments this run set out to insert (new ones and new cycles); one another run inserted first is among them. */
  inserted: AssignmentDoc[];
}

const CHUNK = 5000;

export async function evaluateAssignments(input: EngineInput): Promise<EngineResult> {
  const { cols, now } = input;
  const result: EngineResult = { created: 0, updated: 0, deactivated: 0, reactivated: 0, newCycles: 0, active: [], inserted: [] };
  const rules = input.rules.filter((r) => r.active).sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || a._id.localeCompare(b._id));
  const matchers = rules.map((r) => ({ rule: r, match: ruleMatcher(r.criteria, input.ctx) }));

  // The current (highest) cycle of every person x target in scope.
  const current = new Map<string, AssignmentDoc>();
  const ids = input.people.map((p) => p.id);
  const inScope = new Set(ids);
  const existing = input.all ? await cols.assignments.find({}).toArray() : await findForPeople(cols, ids);
  for (const a of existing) {
    const k = pairKey(a.personId, a.target);
    const cur = current.get(k);
    if (!cur || a.cycle > cur.cycle) current.set(k, a);
  }

  const inserts: AssignmentDoc[] = [];
  const desired = new Set<string>();
  const sets: Array<{ id: string; set: Partial<AssignmentDoc>; unset?: Record<string, 1> }> = [];
  for (const person of input.people) {
    for (const { rule, match } of matchers) {
      if (!match(person)) continue;
      const target: Target = { type: rule.target.type, id: rule.target.id };
      const k = pairKey(person.id, target);
      if (desired.has(k)) continue; // an earlier rule already assigns this target
      desired.add(k);
      const cur = current.get(k);
      const recurrence = rule.recurrence;
      if (!cur) {
        const doc: AssignmentDoc = { _id: assignmentKey(person.id, target, 0), personId: person.id, target, ruleId: rule._id, cycle: 0, assignedAt: now, active: true, title: rule.target.title };
        const due = dueDateOf(rule.due, person, now);
        if (due) doc.dueAt = due;
        if (recurrence) Object.assign(doc, { validForMonths: recurrence.validForMonths, windowDays: recurrence.windowDays });
        inserts.push(doc);
        current.set(k, doc);
        continue;
      }
      const set: Partial<AssignmentDoc> = {};
      const unset: Record<string, 1> = {};
      const wasActive = cur.active;
      if (!cur.active) {
        // Matching again: the same cycle is live again, counted from now.
        Object.assign(set, { active: true, assignedAt: now });
        unset.endedReason = 1;
        unset.endedAt = 1;
        result.reactivated++;
      }
      const assignedAt = set.assignedAt ?? new Date(cur.assignedAt);
      if (cur.ruleId !== rule._id) set.ruleId = rule._id;
      if (cur.title !== rule.target.title) set.title = rule.target.title;
      if (cur.cycle === 0) {
        const due = dueDateOf(rule.due, person, assignedAt);
        if (!sameTime(due, cur.dueAt)) {
          if (due) set.dueAt = due;
          else unset.dueAt = 1;
        }
      }
      if ((cur.validForMonths ?? null) !== (recurrence?.validForMonths ?? null) || (cur.windowDays ?? null) !== (recurrence?.windowDays ?? null)) {
        if (recurrence) Object.assign(set, { validForMonths: recurrence.validForMonths, windowDays: recurrence.windowDays });
        else Object.assign(unset, { validForMonths: 1, windowDays: 1 });
      }
      if (Object.keys(set).length || Object.keys(unset).length) {
        sets.push({ id: cur._id, set, unset });
        Object.assign(cur, set);
        for (const f of Object.keys(unset)) delete (cur as unknown as Record<string, unknown>)[f];
        if (wasActive) result.updated++;
      }
    }
  }

  // Nobody's rule assigns it any more: end it, keep it.
  const ended: string[] = [];
  for (const [k, a] of current) {
    // A self-enrolment (catalogue) stays until the learner's course is done: no rule made it.
    if (a.active && !desired.has(k) && !a.selfEnrolledAt && (input.all || inScope.has(a.personId))) {
      ended.push(a._id);
      a.active = false;
    }
  }
  result.deactivated = ended.length;

  // Recertification: open the next cycle when the completion's window has come.
  const superseded: string[] = [];
  for (const a of current.values()) {
    if (!a.active || !a.validForMonths) continue;
    const after = a.cycle > 0 ? a.previousCompletedAt : undefined;
    const c = input.latestCompletion(a.personId, a.target, after ? new Date(after) : undefined);
    if (!c) continue;
    const expiresAt = addMonths(new Date(c.at), a.validForMonths);
    if (now.getTime() < addDays(expiresAt, -(a.windowDays ?? 0)).getTime()) continue;
    const next: AssignmentDoc = {
      _id: assignmentKey(a.personId, a.target, a.cycle + 1),
      personId: a.personId,
      target: a.target,
      cycle: a.cycle + 1,
      assignedAt: now,
      dueAt: expiresAt,
      validForMonths: a.validForMonths,
      windowDays: a.windowDays,
      active: true,
      previousCompletedAt: new Date(c.at),
      previousExpiresAt: expiresAt,
    };
    if (a.ruleId) next.ruleId = a.ruleId;
    if (a.title) next.title = a.title;
    inserts.push(next);
    superseded.push(a._id);
    result.newCycles++;
  }

  // Issued together, awaited together: the writes share the journal's group commits
  // instead of waiting for one fsync each (an update per changed assignment could be
  // hundreds of thousands after a rule change).
  const writes: Promise<unknown>[] = [];
  for (const s of sets) writes.push(cols.assignments.updateOne({ _id: s.id }, { $set: s.set, ...(s.unset && Object.keys(s.unset).length ? { $unset: s.unset } : {}) }));
  for (let i = 0; i < ended.length; i += CHUNK) {
    writes.push(cols.assignments.updateMany({ _id: { $in: ended.slice(i, i + CHUNK) } }, { $set: { active: false, endedReason: 'unmatched', endedAt: now } }));
  }
  for (let i = 0; i < superseded.length; i += CHUNK) {
    writes.push(cols.assignments.updateMany({ _id: { $in: superseded.slice(i, i + CHUNK) } }, { $set: { active: false, endedReason: 'superseded', endedAt: now } }));
  }
  await settleAll(writes);
  result.created = (await insertNew(cols, inserts)) - result.newCycles;
  result.inserted = inserts;
  const supersededIds = new Set(superseded);
  for (const a of current.values()) if (a.active && !supersededIds.has(a._id) && (input.all || inScope.has(a.personId))) result.active.push(a);
  for (const a of inserts) if (a.cycle > 0) result.active.push(a);
  return result;
}

async function findForPeople(cols: AssignmentCollections, ids: string[]): Promise<AssignmentDoc[]> {
  const out: AssignmentDoc[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await cols.assignments.find({ personId: { $in: ids.slice(i, i + CHUNK) } }).toArray()));
  return out;
}

/** Inserts, skipping any another run inserted meanwhile (the unique key makes that a no-op). */
async function insertNew(cols: AssignmentCollections, docs: AssignmentDoc[]): Promise<number> {
  const chunk = async (slice: AssignmentDoc[]): Promise<number> => {
    try {
      return (await cols.assignments.insertMany(slice, { ordered: false })).insertedCount;
    } catch (err) {
      if (!isDuplicateKeyError(err) && !(err as { writeErrors?: unknown[] }).writeErrors) throw err;
      return (err as { insertedCount?: number }).insertedCount ?? 0;
    }
  };
  // The chunks share the journal's group commits (not one synchronous write each); all awaited.
  const counts: Promise<number>[] = [];
  const writes = new IssuedWrites();
  for (let i = 0; i < docs.length; i += CHUNK) {
    const count = chunk(docs.slice(i, i + CHUNK));
    counts.push(count);
    writes.add(count);
  }
  await writes.done();
  let n = 0;
  for (const c of counts) n += await c;
  return n;
}

function sameTime(a: Date | undefined, b: Date | undefined): boolean {
  return (a ? new Date(a).getTime() : null) === (b ? new Date(b).getTime() : null);
}
