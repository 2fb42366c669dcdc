/**
 * Preview as a learner: the launch URL of one item of a version, on the content origin,
 * under a `preview:<author>` registration. Nothing is recorded by construction: no attempt
 * or registration is created, SCORM runs against an API kept in the author's page (the
 * package page's preview element, which commits nowhere), and cmi5/xAPI content is given no
 * LRS endpoint or credentials, so it has nowhere to send statements.
 */
import { NotFoundError } from '../http/errors.js';
import type { ContentUrls } from './content-urls.js';
import type { PackageKind } from './package-model.js';
import type { StructureNode } from './package-structure.js';
import { isExternal } from './manifest/paths.js';

export interface PreviewItem {
  id: string;
  title: string;
  launch: string;
}

export interface Preview {
  kind: PackageKind;
  version: number;
  item: PreviewItem;
  /** Where the frame opens: the SCORM launch page (which frames the SCO) or the content itself. */
  url: string;
  /** Every launchable item of the version, in order, to pick another. */
  items: PreviewItem[];
}

function launchable(nodes: StructureNode[], out: PreviewItem[] = []): PreviewItem[] {
  for (const n of nodes) {
    if (n.launch) out.push({ id: n.id, title: n.title, launch: n.launch });
    launchable(n.children, out);
  }
  return out;
}

export function previewOf(
  pkg: { id: string; kind: PackageKind; currentVersion: number; versions: Array<{ version: number; tree: StructureNode[] }> },
  query: { version?: number; item?: string },
  authorId: string,
  urls: ContentUrls,
): Preview {
  const version = query.version ?? pkg.currentVersion;
  const v = pkg.versions.find((x) => x.version === version);
  if (!v) throw new NotFoundError(`Version ${version}`);
  const items = launchable(v.tree);
  const item = query.item === undefined ? items[0] : items.find((i) => i.id === query.item);
  if (!item) throw new NotFoundError(`Item “${query.item ?? ''}” of version ${version}`);
  const grant = { registration: `preview:${authorId}`, packageId: pkg.id, version };
  const scorm = pkg.kind === 'scorm12' || pkg.kind === 'scorm2004';
  const url = isExternal(item.launch) ? item.launch : scorm ? urls.scormBridgeUrlFor(grant, item.launch) : urls.contentUrlFor(grant, item.launch);
  return { kind: pkg.kind, version, item, url, items };
}
