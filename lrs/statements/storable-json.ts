/**
 * Refuses JSON the LRS cannot store as received, in one walk without recursion, before
 * any recursive code (validation, hashing) sees it:
 * - nesting deeper than a limit: an attacker's 100,000-deep extension would otherwise
 *   exhaust the stack;
 * - numbers that are not finite: `1e400` parses to Infinity, which JSON.stringify
 *   writes as null, so the LRS would store (and later match a re-send against) a value
 *   nobody sent. Score fields refuse them in validation; this covers extensions and
 *   everything else, and NaN from callers of the internal writer.
 */
import { BadRequestError } from '../errors.js';
import { joinIndex, joinKey } from './validate-schema.js';

export const MAX_JSON_DEPTH = 100;

/** `value` is a statement (paths like `context.extensions[…]`) or a batch (`[3].context…`). */
export function assertStorableJson(value: unknown, max = MAX_JSON_DEPTH): void {
  let nonFinite = false;
  // Two parallel stacks rather than a [node, depth] pair per node: this runs on every statement.
  const nodes: unknown[] = [value];
  const depths: number[] = [1];
  while (nodes.length) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (typeof node !== 'object' || node === null) {
      if (typeof node === 'number' && !Number.isFinite(node)) nonFinite = true;
      continue;
    }
    if (depth > max) throw new BadRequestError(`JSON is nested more than ${max} levels deep`, 'body');
    if (Array.isArray(node)) {
      for (const child of node) {
        if (typeof child === 'object' && child !== null) {
          nodes.push(child);
          depths.push(depth + 1);
        } else if (typeof child === 'number' && !Number.isFinite(child)) nonFinite = true;
      }
    } else {
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (typeof child === 'object' && child !== null) {
          nodes.push(child);
          depths.push(depth + 1);
        } else if (typeof child === 'number' && !Number.isFinite(child)) nonFinite = true;
      }
    }
  }
  // Only now, with the depth known to be bounded, is a recursive search for the path safe.
  if (nonFinite) {
    const [path, number] = firstNonFinite(value, '')!;
    throw new BadRequestError(`must be a finite number (a double: at most about ±1.8e308), not ${number}`, path || 'body');
  }
}

/** The first non-finite number in document order, with its path (in validation's path style). */
function firstNonFinite(value: unknown, path: string): [string, number] | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : [path, value];
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstNonFinite(value[i], joinIndex(path, i));
      if (found) return found;
    }
    return null;
  }
  for (const key in value) {
    const found = firstNonFinite((value as Record<string, unknown>)[key], joinKey(path, key));
    if (found) return found;
  }
  return null;
}
