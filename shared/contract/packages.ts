/**
 * The package page: GET /api/packages/:id (the package with its versions) and
 * GET /api/packages/:id/usage (where it is used). server/content builds them; the portal's
 * package list and package page show them.
 */
import { z } from 'zod';

/** One item of a version's structure: a SCORM item, cmi5 block or AU, or xAPI activity. */
export interface StructureNode {
  /** The manifest's identifier (SCORM item identifier, cmi5 AU/block id, xAPI activity id). */
  id: string;
  title: string;
  /** Package path (with query) or absolute URL the item opens; absent for clusters and blocks. */
  launch?: string;
  /** SCORM items the learner does not see in the table of contents (isvisible="false"). */
  hidden?: boolean;
  children: StructureNode[];
}

// Written out above because a recursive schema's inferred type would be `unknown` for children.
export const structureNodeSchema: z.ZodType<StructureNode> = z.strictObject({
  id: z.string(),
  title: z.string(),
  launch: z.string().optional(),
  hidden: z.boolean().optional(),
  get children() {
    return z.array(structureNodeSchema);
  },
});

export const importWarningSchema = z.strictObject({
  /** `file_missing`, `organization_not_offered`, `not_supported`. */
  code: z.string(),
  /** The zip entry or manifest element concerned. */
  entry: z.string(),
  message: z.string(),
});
export type ImportWarning = z.infer<typeof importWarningSchema>;

const item = z.strictObject({ id: z.string(), title: z.string() });
export const versionChangesSchema = z.strictObject({
  added: z.array(item),
  removed: z.array(item),
  /** Same identifier, another title or launch. */
  changed: z.array(z.strictObject({ id: z.string(), title: z.string(), what: z.array(z.enum(['title', 'launch'])) })),
});
export type VersionChanges = z.infer<typeof versionChangesSchema>;

/** What the portal reads of a version; the server sends more (manifest facts, paths). */
export const packageVersionSchema = z.object({
  version: z.number(),
  title: z.string(),
  tree: z.array(structureNodeSchema),
  changes: versionChangesSchema.nullable(),
  warnings: z.array(importWarningSchema),
  files: z.number(),
  bytes: z.number(),
  createdAt: z.string(),
});
export type PackageVersion = z.infer<typeof packageVersionSchema>;

/** What the portal reads of a package; the server sends the whole package record. */
export const packageDetailsSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  identity: z.string(),
  currentVersion: z.number(),
  latestVersion: z.number(),
  archivedAt: z.string().nullable(),
  versions: z.array(packageVersionSchema),
});
export type PackageDetails = z.infer<typeof packageDetailsSchema>;

export const packageUsageSchema = z.strictObject({
  /** Distinct learners who started each version, by version number (versions nobody started are absent). */
  learnersByVersion: z.record(z.string(), z.number()),
  /** SCORM attempts plus cmi5 and xAPI registrations. */
  attempts: z.number(),
  /** Statements whose object or context names the course (counted up to a cap). */
  statements: z.number(),
  paths: z.array(item),
  rules: z.array(z.strictObject({ id: z.string(), name: z.string(), active: z.boolean() })),
  /** Assignments (active or ended) made for it. */
  assignments: z.number(),
  /** Competency frameworks with an evidence rule on the course's activity. */
  competencyFrameworks: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  /** Job roles whose time-to-productivity milestone is this package. */
  milestones: z.array(z.strictObject({ jobRole: z.string() })),
});
export type PackageUsage = z.infer<typeof packageUsageSchema>;
