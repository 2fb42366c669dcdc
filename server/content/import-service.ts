/**
 * Importing a package zip: inspect (the zip's central directory and the manifest, fast,
 * so an upload can be refused while the author waits), then extract into its own
 * version directory and record the version. Plain functions over plain data; the route
 * and the job call them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Types } from 'mongoose';
import { NotFoundError } from '../http/errors.js';
import type { ParsedPackage } from './manifest/index.js';
import { parseWithWarnings, type ImportWarning } from './import-warnings.js';
import { structureTree, versionChanges, type StructureNode, type VersionChanges } from './package-structure.js';
import { extractZip, listEntries, readEntryText, type ZipLimits } from './zip/index.js';
import type { ContentModels, ContentPackageDoc, PackageKind, PackageVersionDoc } from './package-model.js';
import { removeAttemptLeftovers, sweepAbandonedPartials } from './partials.js';
import { releaseVersion, reserveVersion } from './version-reservation.js';

/** Largest manifest read into memory. */
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

export interface PackageSummary {
  id: string;
  title: string;
  kind: PackageKind;
  /** The course's own id from its manifest (how a re-upload finds its package). */
  identity: string;
  currentVersion: number;
  latestVersion: number;
  /** Set while archived: offered to nobody new. */
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PackageVersionView {
  version: number;
  title: string;
  kind: PackageKind;
  structure: unknown;
  /** The structure as authors read it, with launch paths (package-structure.ts). */
  tree: StructureNode[];
  /** Items added, removed or changed against the version before (null for version 1). */
  changes: VersionChanges | null;
  warnings: ImportWarning[];
  files: number;
  bytes: number;
  uploadedBy: string;
  createdAt: string;
  /** URL path prefix the version's files are served under. */
  contentUrl: string;
}

export interface ImportResult {
  packageId: string;
  version: number;
  kind: PackageKind;
  title: string;
  /** What the course plays without (missing non-launch files, parts not offered). */
  warnings: ImportWarning[];
}

export interface ContentServiceOptions {
  models: ContentModels;
  /** Where extracted versions live. */
  contentDir: string;
  zipLimits?: Partial<ZipLimits>;
  /** Half-written folders untouched this long are removed when the service opens (default 1 hour). */
  abandonedPartialMs?: number;
  /** The extractor; tests replace it to die mid-extraction. */
  extract?: typeof extractZip;
}

/** The course's own id from its manifest, so a re-upload finds its package. */
export function packageIdentity(p: ParsedPackage): string {
  switch (p.kind) {
    case 'scorm12':
    case 'scorm2004':
      return `scorm:${p.identifier}`;
    case 'cmi5':
      return `cmi5:${p.course.id}`;
    case 'xapi':
      return `xapi:${p.launch.activityId}`;
  }
}

export function packageTitle(p: ParsedPackage): string {
  if (p.kind === 'cmi5') return Object.values(p.course.title)[0] ?? p.course.id;
  return p.title;
}

export function createContentService(opts: ContentServiceOptions) {
  const { packages, versions, reservations } = opts.models;
  const extract = opts.extract ?? extractZip;
  // Opening: the reservation index, and the leftovers of imports killed mid-extraction.
  // A sweep that cannot remove something must not stop imports: the retry cleans its own.
  const ready = Promise.all([
    reservations.init(),
    sweepAbandonedPartials(opts.contentDir, opts.abandonedPartialMs ?? 3600_000).catch(() => []),
  ]).then(() => undefined);
  ready.catch(() => {}); // awaited (and reported) by importZip, not at construction

  async function inspect(zipPath: string): Promise<{ parsed: ParsedPackage; warnings: ImportWarning[]; files: number; bytes: number }> {
    const entries = await listEntries(zipPath, opts.zipLimits);
    const files = entries.filter((e) => !e.isDirectory);
    const { parsed, warnings } = await parseWithWarnings(
      files.map((e) => e.name),
      async (name) => (await readEntryText(zipPath, name, MAX_MANIFEST_BYTES, opts.zipLimits)) ?? '',
    );
    return { parsed, warnings, files: files.length, bytes: files.reduce((n, e) => n + e.size, 0) };
  }

  /**
   * Extract and record a new version; a new package unless the manifest's course id (or
   * `packageId`) names one. With an `importKey` (the job's id) a retry after a crash writes
   * the version the first attempt was given, over whatever that attempt left.
   */
  async function importZip(input: {
    zipPath: string;
    uploadedBy: string;
    packageId?: string;
    importKey?: string;
    onProgress?: (fraction: number) => void;
  }): Promise<ImportResult> {
    await ready;
    // Inspected again although the upload route already did: the job may run in another
    // process, the samples route does not inspect, and it costs milliseconds next to extraction.
    const { parsed, warnings, files, bytes } = await inspect(input.zipPath);
    const title = packageTitle(parsed);
    const slot = await reserveVersion(opts.models, {
      key: input.importKey,
      packageId: input.packageId,
      identity: packageIdentity(parsed),
      title,
      kind: parsed.kind,
      uploadedBy: input.uploadedBy,
    });
    const { packageId, version } = slot;
    const result: ImportResult = { packageId: packageId.toHexString(), version, kind: parsed.kind, title, warnings };
    // An earlier attempt got as far as recording the version (and died before the job completed).
    if (await versions.exists({ packageId, version })) return result;
    const contentPath = path.join(packageId.toHexString(), `v${version}`);
    const dest = path.join(opts.contentDir, contentPath);
    try {
      await removeAttemptLeftovers(dest);
      await fs.mkdir(path.dirname(dest), { recursive: true });
      await extract(input.zipPath, dest, opts.zipLimits, (done, total) => input.onProgress?.(total ? done / total : 1));
      await versions.create({ packageId, version, kind: parsed.kind, title, structure: parsed, contentPath, files, bytes, warnings, uploadedBy: input.uploadedBy });
      // The first version becomes current; later ones wait for the author to choose them.
      await packages.updateOne({ _id: packageId, currentVersion: 0 }, { $set: { currentVersion: version } }).exec();
    } catch (err) {
      // Nothing half-written: no files, no version, and no package that never got one.
      await fs.rm(dest, { recursive: true, force: true });
      await versions.deleteOne({ packageId, version }).exec();
      if (slot.createdPackage && !(await versions.exists({ packageId }))) {
        await packages.deleteOne({ _id: packageId }).exec();
        await fs.rm(path.join(opts.contentDir, packageId.toHexString()), { recursive: true, force: true });
        await releaseVersion(opts.models, input.importKey);
      }
      throw err;
    }
    // The reservation stays: a re-run of a finished job answers this result, not a version 2.
    return result;
  }

  function summary(p: ContentPackageDoc): PackageSummary {
    return {
      id: p._id.toHexString(),
      title: p.title,
      kind: p.kind,
      identity: p.identity,
      currentVersion: p.currentVersion,
      latestVersion: p.latestVersion,
      archivedAt: p.archivedAt ? p.archivedAt.toISOString() : null,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }

  function versionView(p: ContentPackageDoc, v: PackageVersionDoc, before: PackageVersionDoc | undefined): PackageVersionView {
    return {
      version: v.version,
      title: v.title,
      kind: v.kind,
      structure: v.structure,
      tree: structureTree(v.structure as ParsedPackage),
      changes: versionChanges((before?.structure as ParsedPackage | undefined) ?? null, v.structure as ParsedPackage),
      warnings: v.warnings ?? [],
      files: v.files,
      bytes: v.bytes,
      uploadedBy: v.uploadedBy,
      createdAt: v.createdAt.toISOString(),
      contentUrl: `/content/${p._id.toHexString()}/v${v.version}/`,
    };
  }

  async function load(id: string): Promise<ContentPackageDoc> {
    const pkg = Types.ObjectId.isValid(id) ? await packages.findById(id).lean<ContentPackageDoc>().exec() : null;
    if (!pkg) throw new NotFoundError('Package');
    return pkg;
  }

  return {
    /** Settles once opening is done (importZip waits for it too). */
    ready,
    inspect,
    importZip,

    /** Packages by title; archived ones only when asked for (pickers never see them). */
    async list(archived: 'exclude' | 'include' | 'only' = 'exclude'): Promise<PackageSummary[]> {
      const filter = archived === 'include' ? {} : archived === 'only' ? { archivedAt: { $ne: null } } : { archivedAt: null };
      return (await packages.find(filter).sort({ title: 1 }).lean<ContentPackageDoc[]>().exec()).map(summary);
    },

    /** The package with its current version's structure, and the list of its versions. */
    async get(id: string): Promise<PackageSummary & { version: number; structure: unknown; contentUrl: string; versions: PackageVersionView[] }> {
      const pkg = await load(id);
      const all = await versions.find({ packageId: pkg._id }).sort({ version: 1 }).lean<PackageVersionDoc[]>().exec();
      const current = all.find((v) => v.version === pkg.currentVersion) ?? all[all.length - 1];
      if (!current) throw new NotFoundError('Package version');
      const views = all.map((v, i) => versionView(pkg, v, all[i - 1]));
      const view = views[all.indexOf(current)]!;
      return { ...summary(pkg), version: current.version, structure: current.structure, contentUrl: view.contentUrl, versions: views };
    },

    /** Choose the version new learners get. */
    async setCurrentVersion(id: string, version: number): Promise<PackageSummary> {
      const pkg = await load(id);
      if (!(await versions.exists({ packageId: pkg._id, version }))) throw new NotFoundError(`Version ${version}`);
      const updated = await packages.findByIdAndUpdate(pkg._id, { $set: { currentVersion: version } }, { returnDocument: 'after' }).lean<ContentPackageDoc>().exec();
      return summary(updated!);
    },
  };
}

export type ContentService = ReturnType<typeof createContentService>;
