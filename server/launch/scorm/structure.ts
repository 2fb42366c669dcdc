/** The parts of a parsed SCORM manifest the player needs: the SCOs in order, and a table of contents. */
import type { ScormItem, ScormPackage } from '../../content/manifest/scorm.js';

export interface TocEntry {
  itemId: string;
  title: string;
  depth: number;
  /** A SCO or asset the learner can open (items with children only group them). */
  launchable: boolean;
}

function organization(pkg: ScormPackage) {
  return pkg.organizations.find((o) => o.identifier === pkg.defaultOrganization) ?? pkg.organizations[0];
}

/**
 * Every item in tree order. An invisible item is still an activity (a wrapper cluster, or a
 * SCO only sequencing delivers): it and its children are kept; it only stays out of the
 * table of contents, and its children sit at its own depth there.
 */
function walk(items: ScormItem[], depth: number, out: Array<{ item: ScormItem; depth: number }>): void {
  for (const item of items) {
    out.push({ item, depth });
    walk(item.children, item.isvisible ? depth + 1 : depth, out);
  }
}

export function flattenItems(pkg: ScormPackage): Array<{ item: ScormItem; depth: number }> {
  const out: Array<{ item: ScormItem; depth: number }> = [];
  const org = organization(pkg);
  if (org) walk(org.items, 0, out);
  return out;
}

/** Launchable items in activity-tree order (the order `continue` and `previous` follow). */
export function launchableItems(pkg: ScormPackage): ScormItem[] {
  return flattenItems(pkg)
    .map((e) => e.item)
    .filter((i) => i.launch && !/^[a-z][a-z0-9+.-]*:/i.test(i.launch));
}

/** The SCOs: what the course's completion rolls up from (assets count as done when opened). */
export function scoItems(pkg: ScormPackage): ScormItem[] {
  return launchableItems(pkg).filter((i) => i.scormType !== 'asset');
}

export function tableOfContents(pkg: ScormPackage): TocEntry[] {
  return flattenItems(pkg)
    .filter((e) => e.item.isvisible)
    .map(({ item, depth }) => ({ itemId: item.identifier, title: item.title, depth, launchable: !!item.launch }));
}

/**
 * Whether the course's shared data (adl.data) outlives an attempt: 4th ed. CAM
 * adlcp:sharedDataGlobalToSystem on the organization, true unless it says "false". Global
 * stores are carried into the learner's next attempt of the package.
 */
export function sharedDataIsGlobal(pkg: ScormPackage): boolean {
  return organization(pkg)?.sharedDataGlobalToSystem !== false;
}
