/**
 * Which package and version an import writes. The number is reserved atomically (so
 * concurrent uploads get distinct versions) and, when the import has a key (its job id),
 * recorded under it: a retry of the same job gets the same package and version back.
 */
import type { Types } from 'mongoose';
import { NotFoundError } from '../http/errors.js';
import { isDuplicateKeyError } from '../store/types.js';
import type { ContentModels, ContentPackageDoc, ImportReservationDoc, PackageKind } from './package-model.js';

export interface VersionSlot {
  packageId: Types.ObjectId;
  version: number;
  /** This import created the package (a refused import removes it again). */
  createdPackage: boolean;
}

export interface SlotRequest {
  /** Same key, same slot: the import job's id. */
  key?: string;
  /** An existing package named by the uploader. */
  packageId?: string;
  identity: string;
  title: string;
  kind: PackageKind;
  uploadedBy: string;
}

export async function reserveVersion(models: ContentModels, req: SlotRequest): Promise<VersionSlot> {
  const { packages, reservations } = models;
  if (req.key) {
    const held = await heldSlot(models, req.key);
    if (held) return held;
  }
  let pkg: ContentPackageDoc | null = req.packageId
    ? await packages.findById(req.packageId).lean<ContentPackageDoc>().exec()
    : await packages.findOne({ identity: req.identity }).lean<ContentPackageDoc>().exec();
  if (req.packageId && !pkg) throw new NotFoundError('Package');
  let createdPackage = false;
  if (!pkg) {
    const created = await packages.create({ title: req.title, kind: req.kind, identity: req.identity, currentVersion: 0, latestVersion: 0, createdBy: req.uploadedBy });
    pkg = created.toObject() as ContentPackageDoc;
    createdPackage = true;
  }
  const reserved = await packages
    .findByIdAndUpdate(pkg._id, { $inc: { latestVersion: 1 } }, { returnDocument: 'after' })
    .lean<ContentPackageDoc>()
    .exec();
  const slot: VersionSlot = { packageId: pkg._id, version: reserved!.latestVersion, createdPackage };
  if (!req.key) return slot;
  try {
    await reservations.create({ key: req.key, ...slot });
    return slot;
  } catch (err) {
    // Two attempts of one job at once (a stalled one still running): the first record wins.
    if (!isDuplicateKeyError(err)) throw err;
    const held = await heldSlot(models, req.key);
    if (!held) throw err;
    return held;
  }
}

/** Forget a key's slot (its package was removed with a refused import). */
export async function releaseVersion(models: ContentModels, key: string | undefined): Promise<void> {
  if (key) await models.reservations.deleteOne({ key }).exec();
}

async function heldSlot(models: ContentModels, key: string): Promise<VersionSlot | null> {
  const held = await models.reservations.findOne({ key }).lean<ImportReservationDoc>().exec();
  if (!held) return null;
  if (await models.packages.exists({ _id: held.packageId })) return { packageId: held.packageId, version: held.version, createdPackage: held.createdPackage };
  // The package went away since (removed with a refused attempt): start afresh.
  await releaseVersion(models, key);
  return null;
}
