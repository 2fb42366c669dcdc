/**
 * Selection and randomization of children (SN book SR.1, SR.2), done by the LMS when an
 * attempt's sequencing begins, and kept with the attempt.
 *
 * Why not scorm-again's: it applies them when an activity's attempt begins at delivery,
 * after the flow traversal already chose a child from the unselected set; so a pool with
 * selectCount="2" delivered the first child always, then re-selected and could deliver a
 * third (the "4 of 8 items seen"). Here the selected children, in their order, make
 * the attempt's activity tree, which the engine then treats as a plain cluster. A selection
 * is made once per course attempt ("onEachNewAttempt" of a cluster retried within one course
 * attempt keeps its selection: a known departure).
 */
import type { ActivitySettings } from './sequencing-tree.js';

/** Cluster id -> the ids of its children for this attempt, in order. */
export type Selection = Record<string, string[]>;

const SR_CONTROLS = ['selectCount', 'selectionTiming', 'randomizationTiming', 'randomizeChildren', 'reorderChildren'];

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Draws the selection for a new attempt: selectCount children at random (kept in tree order), then reordered if asked. */
export function drawSelection(tree: ActivitySettings, random: () => number = Math.random): Selection {
  const out: Selection = {};
  const walk = (a: ActivitySettings) => {
    const kids = a.children ?? [];
    const c = a.sequencingControls ?? {};
    if (kids.length) {
      let ids = kids.map((k) => k.id);
      const count = typeof c['selectCount'] === 'number' ? c['selectCount'] : undefined;
      const selects = c['selectionTiming'] !== undefined && c['selectionTiming'] !== 'never' && count !== undefined && count < ids.length;
      if (selects) {
        const chosen = new Set(shuffled(ids, random).slice(0, count));
        ids = ids.filter((id) => chosen.has(id));
      }
      const reorders = c['randomizeChildren'] === true && c['randomizationTiming'] !== undefined && c['randomizationTiming'] !== 'never';
      if (reorders) ids = shuffled(ids, random);
      if (selects || reorders) out[a.id] = ids;
    }
    kids.forEach(walk);
  };
  walk(tree);
  return out;
}

/** The activity tree of an attempt: each selected cluster with its chosen children in order, as a plain cluster. */
export function withSelection(tree: ActivitySettings, selection: Selection): ActivitySettings {
  if (Object.keys(selection).length === 0) return tree;
  const apply = (a: ActivitySettings): ActivitySettings => {
    const ids = selection[a.id];
    let children = a.children?.map(apply);
    let controls = a.sequencingControls;
    if (ids && children) {
      const byId = new Map(children.map((c) => [c.id, c]));
      children = ids.map((id) => byId.get(id)).filter((c): c is ActivitySettings => c !== undefined);
      controls = Object.fromEntries(Object.entries(controls ?? {}).filter(([k]) => !SR_CONTROLS.includes(k)));
    }
    return { ...a, ...(children ? { children } : {}), ...(controls ? { sequencingControls: controls } : {}) };
  };
  return apply(tree);
}
