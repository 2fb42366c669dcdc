/**
 * Content packages and their versions. A package is a course as authors know it; each
 * upload for it is a new version with its own extracted files. Attempts keep the version
 * they started on; `currentVersion` is what new learners get.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { ImportWarning } from './import-warnings.js';

export type PackageKind = 'scorm12' | 'scorm2004' | 'cmi5' | 'xapi';

export interface ContentPackageDoc {
  _id: Types.ObjectId;
  title: string;
  kind: PackageKind;
  /** The course's own id from its manifest (SCORM manifest identifier, cmi5 course id, tincan activity id). */
  identity: string;
  currentVersion: number;
  latestVersion: number;
  /** Archived: kept with its records, but offered to no one new (pickers, catalogue, new assignments). */
  archivedAt?: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface PackageVersionDoc {
  _id: Types.ObjectId;
  packageId: Types.ObjectId;
  version: number;
  kind: PackageKind;
  title: string;
  /** The parsed manifest: organizations/items or blocks/AUs with launch URLs. */
  structure: unknown;
  /** Where the files are, relative to the content directory. */
  contentPath: string;
  files: number;
  bytes: number;
  /** What the import noticed that the course can play without (import-warnings.ts). */
  warnings?: ImportWarning[];
  uploadedBy: string;
  createdAt: Date;
}

/**
 * The version an import job was given, kept under the job's id so that a retry of the job
 * (after a crash) writes the same version instead of reserving another.
 */
export interface ImportReservationDoc {
  _id: Types.ObjectId;
  /** The import job's id. */
  key: string;
  packageId: Types.ObjectId;
  version: number;
  /** This import created the package: a refused import removes it again. */
  createdPackage: boolean;
}

const packageSchema = new Schema<ContentPackageDoc>(
  {
    title: { type: String, required: true },
    kind: { type: String, required: true },
    identity: { type: String, required: true },
    currentVersion: { type: Number, required: true },
    latestVersion: { type: Number, required: true },
    archivedAt: { type: Date, default: null },
    createdBy: { type: String, required: true },
  },
  { timestamps: true, collection: 'content_packages' },
);
packageSchema.index({ identity: 1 });

const versionSchema = new Schema<PackageVersionDoc>(
  {
    packageId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    structure: { type: Schema.Types.Mixed, required: true },
    contentPath: { type: String, required: true },
    files: { type: Number, required: true },
    bytes: { type: Number, required: true },
    warnings: { type: Schema.Types.Mixed, default: [] },
    uploadedBy: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'content_package_versions', minimize: false },
);
versionSchema.index({ packageId: 1, version: 1 }, { unique: true });

const reservationSchema = new Schema<ImportReservationDoc>(
  {
    key: { type: String, required: true },
    packageId: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, required: true },
    createdPackage: { type: Boolean, required: true },
  },
  { collection: 'content_import_reservations' },
);
reservationSchema.index({ key: 1 }, { unique: true });

export interface ContentModels {
  packages: Model<ContentPackageDoc>;
  versions: Model<PackageVersionDoc>;
  reservations: Model<ImportReservationDoc>;
}

export function contentModels(conn: Connection): ContentModels {
  return {
    packages: (conn.models.ContentPackage as Model<ContentPackageDoc> | undefined) ?? conn.model<ContentPackageDoc>('ContentPackage', packageSchema),
    versions: (conn.models.PackageVersion as Model<PackageVersionDoc> | undefined) ?? conn.model<PackageVersionDoc>('PackageVersion', versionSchema),
    reservations:
      (conn.models.ContentImportReservation as Model<ImportReservationDoc> | undefined) ??
      conn.model<ImportReservationDoc>('ContentImportReservation', reservationSchema),
  };
}
