/** What the packages API answers for the package page (server/content/*). */
export interface StructureNode {
  id: string;
  title: string;
  launch?: string;
  hidden?: boolean;
  children: StructureNode[];
}

export interface ImportWarning {
  code: string;
  entry: string;
  message: string;
}

export interface VersionChanges {
  added: Array<{ id: string; title: string }>;
  removed: Array<{ id: string; title: string }>;
  changed: Array<{ id: string; title: string; what: string[] }>;
}

export interface PackageVersion {
  version: number;
  title: string;
  tree: StructureNode[];
  changes: VersionChanges | null;
  warnings: ImportWarning[];
  files: number;
  bytes: number;
  createdAt: string;
}

export interface PackageDetails {
  id: string;
  title: string;
  kind: string;
  identity: string;
  currentVersion: number;
  latestVersion: number;
  archivedAt: string | null;
  versions: PackageVersion[];
}

export interface PackageUsage {
  learnersByVersion: Record<string, number>;
  attempts: number;
  statements: number;
  paths: Array<{ id: string; title: string }>;
  rules: Array<{ id: string; name: string; active: boolean }>;
  assignments: number;
  competencyFrameworks: Array<{ id: string; name: string }>;
  milestones: Array<{ jobRole: string }>;
}

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
