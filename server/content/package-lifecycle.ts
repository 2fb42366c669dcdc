/**
 * Archive and delete, the author's two ways to retire a package. Archive keeps everything
 * (records, attempts, files) and only stops offering the package to anyone new; delete
 * removes the package, its versions and files, and is refused (409, naming what uses it)
 * unless nobody ever used it: no attempt, no statement, no path, rule or assignment.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Types } from 'mongoose';
import { HttpError, NotFoundError } from '../http/errors.js';
import type { ContentModels, ContentPackageDoc } from './package-model.js';
import { usageBlockingDelete, type PackageUsage } from './package-usage.js';

export interface LifecycleDeps {
  models: ContentModels;
  contentDir: string;
  usage(pkg: ContentPackageDoc): Promise<PackageUsage>;
}

export function createPackageLifecycle(deps: LifecycleDeps) {
  const { packages, versions, reservations } = deps.models;

  async function load(id: string): Promise<ContentPackageDoc> {
    const pkg = Types.ObjectId.isValid(id) ? await packages.findById(id).lean<ContentPackageDoc>().exec() : null;
    if (!pkg) throw new NotFoundError('Package');
    return pkg;
  }

  return {
    load,

    /** Archive (true) or bring back (false); answers the archive time (null when active). */
    async setArchived(id: string, archived: boolean): Promise<{ archivedAt: string | null }> {
      const pkg = await load(id);
      // Archiving twice keeps the first date: it says since when nobody new was offered it.
      const archivedAt = archived ? (pkg.archivedAt ?? new Date()) : null;
      await packages.updateOne({ _id: pkg._id }, { $set: { archivedAt } }).exec();
      return { archivedAt: archivedAt ? archivedAt.toISOString() : null };
    },

    /** Delete a package nobody used; otherwise a 409 naming what uses it. */
    async remove(id: string): Promise<void> {
      const pkg = await load(id);
      const usage = await deps.usage(pkg);
      const blocking = usageBlockingDelete(usage);
      if (blocking) throw new HttpError(409, 'package_in_use', `The package is in use and cannot be deleted (archive it instead): ${blocking}`, 'id', usage);
      // The record first, then the files: a crash between leaves files no record points to
      // (harmless), never a record whose files are gone.
      await packages.deleteOne({ _id: pkg._id }).exec();
      await versions.deleteMany({ packageId: pkg._id }).exec();
      await reservations.deleteMany({ packageId: pkg._id }).exec();
      await fs.rm(path.join(deps.contentDir, pkg._id.toHexString()), { recursive: true, force: true });
    },
  };
}

export type PackageLifecycle = ReturnType<typeof createPackageLifecycle>;
