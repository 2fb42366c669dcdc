/**
 * Refuses JSON nested deeper than a limit, checked without recursion, before any
 * recursive code (validation, hashing) sees it: an attacker's 100,000-deep extension
 * would otherwise exhaust the stack.
 */
import { BadRequestError } from '../errors.js';

export const MAX_JSON_DEPTH = 100;

export function assertJsonDepth(value: unknown, max = MAX_JSON_DEPTH): void {
  // Two parallel stacks rather than a [node, depth] pair per node: this runs on every statement.
  const nodes: unknown[] = [value];
  const depths: number[] = [1];
  while (nodes.length) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) throw new BadRequestError(`JSON is nested more than ${max} levels deep`, 'body');
    if (Array.isArray(node)) {
      for (const child of node) {
        if (typeof child === 'object' && child !== null) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
}
