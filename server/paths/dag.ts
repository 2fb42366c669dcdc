/** Graph rules over a path's steps: cycle finding and layering (for display and evaluation order). */

export interface Node {
  id: string;
  prerequisites: string[];
}

/** A cycle as step ids, first repeated at the end (A, B, A), or null when the graph is acyclic. */
export function findCycle(nodes: Node[]): string[] | null {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'open') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'open');
    stack.push(id);
    for (const p of byId.get(id)?.prerequisites ?? []) {
      if (!byId.has(p)) continue;
      const found = visit(p);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const n of nodes) {
    const found = visit(n.id);
    // Walking prerequisites goes backwards; report the cycle in the order steps unlock.
    if (found) return found.reverse();
  }
  return null;
}

/** Layers of an acyclic graph: layer 0 has no prerequisites; each step sits one below its deepest prerequisite. */
export function layers(nodes: Node[]): string[][] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const prereqs = (byId.get(id)?.prerequisites ?? []).filter((p) => byId.has(p));
    const d = prereqs.length ? Math.max(...prereqs.map(depthOf)) + 1 : 0;
    depth.set(id, d);
    return d;
  };
  const out: string[][] = [];
  for (const n of nodes) (out[depthOf(n.id)] ??= []).push(n.id);
  return out;
}
