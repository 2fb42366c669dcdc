/**
 * Whose is an activity: the LMS's answer to the LRS's `ActivityOwner` question, so a launch
 * token issued for one course cannot make statements about another course, a policy
 * version, a learning path or an external requirement.
 *
 * Everything the LMS mints lives under `${homePage}/activities/` (courses, SCOs, cmi5 AUs
 * and blocks, paths, policy versions): all claimed. Activity IRIs authors chose themselves
 * (tincan.xml activities) and external activities HR made requirements of (assignment rules,
 * path steps) are read into an index refreshed every few seconds; a launch session's own
 * package tree is in its scope and never asked about.
 */
import type { StoreDb } from '../store/types.js';
import { mintedKindOf } from './identity.js';

export type ActivityOwnerOf = (activityId: string) => Promise<string | null>;

const REFRESH_MS = 5_000;

const MINTED_KINDS: Record<string, string> = {
  policy: 'a policy of this LMS',
  path: 'a learning path of this LMS',
  package: 'a course of this LMS',
  scorm12: 'a course of this LMS',
  scorm2004: 'a course of this LMS',
  cmi5: 'a course of this LMS',
  xapi: 'a course of this LMS',
};

export function createActivityOwnership(db: StoreDb, homePage: string, opts: { refreshMs?: number; now?: () => number } = {}): ActivityOwnerOf {
  const refreshMs = opts.refreshMs ?? REFRESH_MS;
  const now = opts.now ?? Date.now;
  let index: { at: number; owners: Map<string, string> } | null = null;
  let loading: Promise<Map<string, string>> | null = null;

  async function load(): Promise<Map<string, string>> {
    const owners = new Map<string, string>();
    const versions = db.collection('content_package_versions').find({ kind: 'xapi' }, { projection: { title: 1, 'structure.activities.id': 1 } });
    for await (const v of versions) {
      const activities = (v.structure as { activities?: Array<{ id?: unknown }> } | undefined)?.activities ?? [];
      for (const a of activities) if (typeof a.id === 'string') owners.set(a.id, `the course "${String(v.title ?? a.id)}"`);
    }
    for await (const r of db.collection('assignment_rules').find({ 'target.type': 'activity' }, { projection: { target: 1, name: 1 } })) {
      const target = r.target as { id: string; title?: string };
      owners.set(target.id, `the requirement "${target.title ?? String(r.name ?? target.id)}"`);
    }
    for await (const p of db.collection('learning_paths').find({}, { projection: { title: 1, steps: 1, versions: 1 } })) {
      const steps = [...((p.steps as unknown[]) ?? []), ...((p.versions as Array<{ steps?: unknown[] }>) ?? []).flatMap((v) => v.steps ?? [])] as Array<{ type?: string; ref?: string }>;
      for (const s of steps) if (s.type === 'activity' && typeof s.ref === 'string') owners.set(s.ref, `a step of the learning path "${String(p.title)}"`);
    }
    return owners;
  }

  async function owners(): Promise<Map<string, string>> {
    if (index && now() - index.at < refreshMs) return index.owners;
    loading ??= load().then(
      (m) => {
        index = { at: now(), owners: m };
        loading = null;
        return m;
      },
      (err: unknown) => {
        loading = null;
        throw err;
      },
    );
    return loading;
  }

  return async (activityId) => {
    const kind = mintedKindOf(homePage, activityId);
    if (kind !== null) return MINTED_KINDS[kind] ?? 'an activity of this LMS';
    return (await owners()).get(activityId) ?? null;
  };
}
