/** Where assignment-rule criteria name an org value (department, location, job role): finding and renaming it. */
import type { RuleCriteria } from '../assignments/assignment-types.js';
import type { OrgKind } from './org-service.js';

export function criteriaNaming(c: RuleCriteria, kind: OrgKind, name: string): boolean {
  if (kind === 'jobRoles') return (c.jobRoles ?? []).some((r) => r.jobRole === name);
  return (c[kind] ?? []).includes(name);
}

export function renameInCriteria(c: RuleCriteria, kind: OrgKind, from: string, to: string): RuleCriteria {
  if (kind === 'jobRoles') return { ...c, jobRoles: (c.jobRoles ?? []).map((r) => (r.jobRole === from ? { ...r, jobRole: to } : r)) };
  return { ...c, [kind]: (c[kind] ?? []).map((v) => (v === from ? to : v)) };
}

/** The first value the criteria name that is not on its list: `{ field, value }` for a 400, or null. */
export function unknownOrgValue(c: RuleCriteria, known: Record<OrgKind, Array<{ name: string }>>): { field: string; value: string } | null {
  const has = (kind: OrgKind, v: string) => known[kind].some((e) => e.name === v);
  for (const [i, r] of (c.jobRoles ?? []).entries()) if (!has('jobRoles', r.jobRole)) return { field: `criteria.jobRoles.${i}.jobRole`, value: r.jobRole };
  for (const kind of ['departments', 'locations'] as const) {
    for (const [i, v] of (c[kind] ?? []).entries()) if (!has(kind, v)) return { field: `criteria.${kind}.${i}`, value: v };
  }
  return null;
}
