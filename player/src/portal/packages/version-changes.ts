import type { VersionChanges } from '#contract/packages.js';

/** Changes in a few words: "1 added, 1 removed, 2 changed". */
export function changesInWords(c: VersionChanges | null): string {
  if (!c) return 'First version';
  const parts = [
    c.added.length ? `${c.added.length} added` : '',
    c.removed.length ? `${c.removed.length} removed` : '',
    c.changed.length ? `${c.changed.length} changed` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'Same items';
}
