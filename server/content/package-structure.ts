/**
 * A package version's structure as authors read it (one tree for every kind: SCORM items,
 * cmi5 blocks and AUs, xAPI activities, each with its launch path), and what changed
 * between two versions' manifests, item by item (by the manifest's own identifiers).
 */
import type { StructureNode, VersionChanges } from '#contract/packages.js';
import type { Cmi5Au, Cmi5Block, LangMap, ParsedPackage, ScormItem } from './manifest/index.js';

export type { StructureNode, VersionChanges } from '#contract/packages.js';

const text = (m: LangMap): string => Object.values(m)[0] ?? '';

export function structureTree(p: ParsedPackage): StructureNode[] {
  switch (p.kind) {
    case 'scorm12':
    case 'scorm2004': {
      const org = p.organizations.find((o) => o.identifier === p.defaultOrganization) ?? p.organizations[0];
      const node = (i: ScormItem): StructureNode => ({
        id: i.identifier,
        title: i.title,
        ...(i.launch ? { launch: i.launch } : {}),
        ...(i.isvisible ? {} : { hidden: true }),
        children: i.children.map(node),
      });
      return org ? org.items.map(node) : [];
    }
    case 'cmi5': {
      const node = (n: Cmi5Block | Cmi5Au): StructureNode =>
        n.type === 'au' ? { id: n.id, title: text(n.title) || n.id, launch: n.url, children: [] } : { id: n.id, title: text(n.title) || n.id, children: n.children.map(node) };
      return p.children.map(node);
    }
    case 'xapi':
      return p.activities.map((a) => ({ id: a.id, title: text(a.name) || a.id, ...(a.launch ? { launch: a.launch } : {}), children: [] }));
  }
}

function flatten(nodes: StructureNode[], into = new Map<string, StructureNode>()): Map<string, StructureNode> {
  for (const n of nodes) {
    into.set(n.id, n);
    flatten(n.children, into);
  }
  return into;
}

/** What a version changed against the one before it (null for the first version). */
export function versionChanges(before: ParsedPackage | null, after: ParsedPackage): VersionChanges | null {
  if (!before) return null;
  const old = flatten(structureTree(before));
  const now = flatten(structureTree(after));
  const out: VersionChanges = { added: [], removed: [], changed: [] };
  for (const [id, n] of now) {
    const o = old.get(id);
    if (!o) {
      out.added.push({ id, title: n.title });
      continue;
    }
    const what: Array<'title' | 'launch'> = [];
    if (o.title !== n.title) what.push('title');
    if ((o.launch ?? '') !== (n.launch ?? '')) what.push('launch');
    if (what.length) out.changed.push({ id, title: n.title, what });
  }
  for (const [id, o] of old) if (!now.has(id)) out.removed.push({ id, title: o.title });
  return out;
}
