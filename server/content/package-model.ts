/**
 * Content packages and their versions. A package is a course as authors know it; each
 * upload for it is a new version with its own extracted files. Attempts keep the version
 * they started on; `currentVersion` is what new learners get.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose';

export type PackageKind = 'scorm12' | 'scorm2004' | 'cmi5' | 'xapi';

export interface ContentPackageDoc {
  _id: Types.ObjectId;
  title: string;
  kind: PackageKind;
  /** The course's own id from its manifest (SCORM manifest identifier, cmi5 course id, tincan activity id). */
  identity: string;
  currentVersion: number;
  latestVersion: number;
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
  uploadedBy: string;
  createdAt: Date;
}

const packageSchema = new Schema<ContentPackageDoc>(
  {
    title: { type: String, required: true },
    kind: { type: String, required: true },
    identity: { type: String, required: true },
    currentVersion: { type: Number, required: true },
    latestVersion: { type: Number, required: true },
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
    uploadedBy: { type: String, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'content_package_versions', minimize: false },
);
versionSchema.index({ packageId: 1, version: 1 }, { unique: true });

export interface ContentModels {
  packages: Model<ContentPackageDoc>;
  versions: Model<PackageVersionDoc>;
}

export function contentModels(conn: Connection): ContentModels {
  return {
    packages: (conn.models.ContentPackage as Model<ContentPackageDoc> | undefined) ?? conn.model<ContentPackageDoc>('ContentPackage', packageSchema),
    versions: (conn.models.PackageVersion as Model<PackageVersionDoc> | undefined) ?? conn.model<PackageVersionDoc>('PackageVersion', versionSchema),
  };
}
