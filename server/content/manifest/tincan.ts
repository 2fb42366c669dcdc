import { ContentValidationError } from './errors.js';
import { isExternal, isHttpUrl, requireFile, resolveRef } from './paths.js';
import type { ManifestContext } from './scorm.js';
import type { LangMap } from './cmi5.js';
import { attr, kid, kids, type XNode } from './xml.js';

export const TINCAN_NS = 'http://projecttincan.com/tincan.xsd';

export interface XapiActivity {
  id: string;
  type?: string;
  name: LangMap;
  description: LangMap;
  /** zip entry path (with query) or absolute http(s) URL */
  launch?: string;
}
export interface XapiPackage {
  kind: 'xapi';
  manifest: string;
  base: string;
  /** name of the launch activity (or the first), for display */
  title: string;
  activities: XapiActivity[];
  /** the first activity that has a launch */
  launch: { activityId: string; url: string };
}

function langMap(nodes: XNode[]): LangMap {
  const out: LangMap = {};
  for (const n of nodes) if (n.text !== '') out[attr(n, 'lang') ?? 'und'] = n.text;
  return out;
}

/** Parses a TinCan `tincan.xml`: its activities and the launch file. */
export function parseTincan(root: XNode, ctx: ManifestContext): XapiPackage {
  const M = ctx.manifest;
  if (root.local !== 'tincan') {
    throw new ContentValidationError('manifest_invalid', `${M}#/${root.local}`, `the root element of ${M} must be <tincan>, found <${root.qname}>`);
  }
  if (root.ns !== '' && root.ns !== TINCAN_NS) {
    throw new ContentValidationError('unknown_schema_version', `${M}#/tincan`, `unknown tincan.xml namespace "${root.ns}" (expected ${TINCAN_NS})`);
  }
  const activities: XapiActivity[] = kids(kid(root, 'activities'), 'activity').map((a, i) => {
    const id = attr(a, 'id') ?? '';
    const where = `${M}#/tincan/activities/activity[${i + 1}]`;
    if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(id)) {
      throw new ContentValidationError('manifest_invalid', where, `activity id "${id}" is missing or not an IRI`);
    }
    const out: XapiActivity = { id, name: langMap(kids(a, 'name')), description: langMap(kids(a, 'description')) };
    const type = attr(a, 'type');
    if (type) out.type = type;
    const raw = kid(a, 'launch')?.text;
    if (raw) {
      if (isExternal(raw)) {
        if (!isHttpUrl(raw)) throw new ContentValidationError('manifest_invalid', `${where}/launch`, `launch must be relative or an http(s) URL, got ${raw}`);
        out.launch = raw;
      } else {
        out.launch = resolveRef([ctx.base, raw]);
        requireFile(out.launch, ctx.entries, ctx.base, `activity ${id}`);
      }
    }
    return out;
  });
  const first = activities.find((a) => a.launch !== undefined);
  if (!first?.launch) throw new ContentValidationError('launch_missing', `${M}#/tincan/activities`, 'no activity in tincan.xml has a <launch>');
  const names = Object.values(first.name);
  return {
    kind: 'xapi',
    manifest: M,
    base: ctx.base,
    title: first.name['en-US'] ?? first.name['en'] ?? first.name['und'] ?? names[0] ?? first.id,
    activities,
    launch: { activityId: first.id, url: first.launch },
  };
}
