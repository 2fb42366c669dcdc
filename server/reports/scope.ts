/**
 * Who may see whose learning in a report: HR and admins everyone; managers everyone
 * below them in the reporting chain (direct and indirect reports); everyone else only
 * themselves. Computed over the people directory, so a report filters once.
 */
import { hasRole, type Actor } from '../people/user-service.js';
import type { PeopleDirectory } from './people-directory.js';

export type Scope = { kind: 'all' } | { kind: 'people'; ids: ReadonlySet<string>; label: 'team' | 'self' };

/** Everyone who reports to `managerId`, directly or through others (cycle-safe). */
export function reportsOf(managerId: string, dir: PeopleDirectory): Set<string> {
  const children = new Map<string, string[]>();
  for (const p of dir.all) {
    if (!p.managerId) continue;
    const list = children.get(p.managerId);
    if (list) list.push(p.id);
    else children.set(p.managerId, [p.id]);
  }
  const out = new Set<string>();
  const queue = [managerId];
  while (queue.length) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (child === managerId || out.has(child)) continue;
      out.add(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * The scope of a report for `actor`. `view: 'self'` narrows anyone to their own record
 * (a manager looking at their own transcript).
 */
export function scopeFor(actor: Actor, dir: PeopleDirectory, view?: 'self' | 'team'): Scope {
  if (view !== 'self') {
    if (hasRole(actor, 'hr', 'admin') && view !== 'team') return { kind: 'all' };
    if (hasRole(actor, 'manager', 'hr', 'admin')) return { kind: 'people', ids: reportsOf(actor.id, dir), label: 'team' };
  }
  return { kind: 'people', ids: new Set([actor.id]), label: 'self' };
}

export function inScope(scope: Scope, personId: string): boolean {
  return scope.kind === 'all' || scope.ids.has(personId);
}
