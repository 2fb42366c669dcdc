/**
 * The navigation, grouped by what a person is doing (Learn, My team, Manage learning,
 * People, Compliance, Reports, Settings), holding only what their roles may open. Views
 * say their own group (views.ts); a few entries open a view on one of its tabs.
 */
import type { SessionUser } from './api.js';
import { viewHref } from './hash-route.js';
import { VIEWS, WORKSPACES, canOpen, type PortalView, type Workspace } from './views.js';

export interface NavLink {
  label: string;
  href: string;
  /** The view and tab it opens, to mark the current page. */
  path: string;
  params: string[];
}

export interface NavGroup {
  name: Workspace;
  links: NavLink[];
}

/** Entries that open a view on a tab: the compliance dashboard and evidence packs live in Reports. */
const TAB_LINKS: ReadonlyArray<{ group: Workspace; label: string; path: string; params: string[]; roles: readonly string[]; at: number }> = [
  { group: 'Compliance', label: 'Dashboard', path: 'reports', params: ['compliance'], roles: ['hr', 'admin'], at: 0 },
  { group: 'Compliance', label: 'Evidence packs', path: 'reports', params: ['evidence'], roles: ['hr', 'admin'], at: 2 },
];

export function navigationFor(user: SessionUser, views: readonly PortalView[] = VIEWS): NavGroup[] {
  const groups = new Map<Workspace, NavLink[]>(WORKSPACES.map((w) => [w, []]));
  for (const v of views) {
    if (!v.nav || !canOpen(v, user)) continue;
    groups.get(v.group ?? 'Settings')!.push({ label: v.label, href: viewHref(v.path), path: v.path, params: [] });
  }
  for (const t of TAB_LINKS) {
    if (!user.roles.some((r) => t.roles.includes(r))) continue;
    groups.get(t.group)!.splice(t.at, 0, { label: t.label, href: viewHref(t.path, ...t.params), path: t.path, params: t.params });
  }
  return [...groups].filter(([, links]) => links.length > 0).map(([name, links]) => ({ name, links }));
}

/** The link that stands for the page shown: same view, and same tab where the link names one. */
export function isCurrent(link: NavLink, route: { path: string; params: string[] }): boolean {
  if (link.path !== route.path) return false;
  return link.params.every((p, i) => route.params[i] === p);
}
