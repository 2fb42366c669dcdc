/**
 * A cmi5 course structure as the LMS evaluates it: the activity ids the LMS generates
 * for AUs and blocks, and moveOn satisfaction of AUs, blocks and the course (cmi5 9.3.9).
 * Pure functions over the parsed cmi5.xml.
 */
import type { Cmi5Au, Cmi5Block, Cmi5Package, MoveOn } from '../../content/manifest/cmi5.js';

/**
 * The LMS's activity id for an AU or block of a course. cmi5 requires LMS-generated ids
 * that differ from the publisher's (8.1.5.0-3, 9.3.9.0-4), stable across launches of a
 * registration (8.1.5.0-4): derived from the course activity id and the publisher id.
 */
export function auActivityId(courseActivityId: string, auId: string): string {
  return `${courseActivityId}/au/${encodeURIComponent(auId)}`;
}

export function blockActivityId(courseActivityId: string, blockId: string): string {
  return `${courseActivityId}/block/${encodeURIComponent(blockId)}`;
}

export function allAus(nodes: (Cmi5Block | Cmi5Au)[]): Cmi5Au[] {
  return nodes.flatMap((n) => (n.type === 'au' ? [n] : allAus(n.children)));
}

export function allBlocks(nodes: (Cmi5Block | Cmi5Au)[]): Cmi5Block[] {
  return nodes.flatMap((n) => (n.type === 'block' ? [n, ...allBlocks(n.children)] : []));
}

/** What a registration holds for one AU. */
export interface AuProgress {
  completed?: boolean;
  passed?: boolean;
  waived?: string;
}

/** Has the AU met its moveOn criteria (or been waived)? NotApplicable AUs always have. */
export function auSatisfied(moveOn: MoveOn, p: AuProgress | undefined): boolean {
  if (p?.waived) return true;
  switch (moveOn) {
    case 'NotApplicable':
      return true;
    case 'Passed':
      return !!p?.passed;
    case 'Completed':
      return !!p?.completed;
    case 'CompletedAndPassed':
      return !!p?.completed && !!p?.passed;
    case 'CompletedOrPassed':
      return !!p?.completed || !!p?.passed;
  }
}

export interface Satisfaction {
  aus: Set<string>;
  /** Block ids whose every AU and block is satisfied, innermost first. */
  blocks: string[];
  course: boolean;
}

/** Satisfaction of the whole course from the AUs' progress (keyed by publisher AU id). */
export function evaluateCourse(course: Cmi5Package, progress: Record<string, AuProgress>): Satisfaction {
  const aus = new Set(allAus(course.children).filter((a) => auSatisfied(a.moveOn, progress[a.id])).map((a) => a.id));
  const blocks: string[] = [];
  const satisfied = (n: Cmi5Block | Cmi5Au): boolean => {
    if (n.type === 'au') return aus.has(n.id);
    // Evaluate every child (no short-circuit) so nested blocks are listed too.
    const all = n.children.map(satisfied).every(Boolean);
    if (all) blocks.push(n.id);
    return all;
  };
  const course_ = course.children.map(satisfied).every(Boolean);
  return { aus, blocks, course: course_ };
}
