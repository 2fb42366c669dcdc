/**
 * Refuses JSON nested deeper than a limit, checked without recursion, before any
 * recursive code (validation, hashing) sees it: an attacker's 100,000-deep extension
 * would otherwise exhaust the stack.
 */
import { BadRequestError } from '../errors.js';

export const MAX_JSON_DEPTH = 100;

export function assertJsonDepth(value: unknown, max = MAX_JSON_DEPTH): void {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) throw new BadRequestError(`JSON is nested more than ${max} levels deep`, 'body');
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
}
