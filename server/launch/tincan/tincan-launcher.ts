/**
 * xAPI (TinCan) launch, per Rustici's "Launching xAPI content" guidelines: the launch
 * file from tincan.xml with `endpoint`, `auth` (the whole Authorization header value),
 * `actor` (JSON), `registration` and `activity_id` in its query string. `auth` is a
 * short-lived LRS launch-session token bound to the learner and the registration (the
 * LRS refuses statements for anyone else), never user credentials.
 *
 * Registration rule: one registration per learner and package, reused on every launch,
 * until `newAttempt` asks for a fresh one.
 */
import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { Lrs } from '../../../lrs/index.js';
import type { XapiPackage } from '../../content/manifest/tincan.js';
import type { ContentModels, PackageVersionDoc } from '../../content/package-model.js';
import { NotFoundError } from '../../http/errors.js';
import { learnerAgent } from '../../learning-record/identity.js';

import { TINCAN_AUTHORITY } from './tincan-authority.js';

interface TincanRegistrationDoc {
  _id: string;
  userId: string;
  packageId: string;
  version: number;
  createdAt: Date;
}

const schema = new Schema<TincanRegistrationDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    packageId: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'tincan_registrations' },
);
schema.index({ userId: 1, packageId: 1 });

export function tincanRegistrationModel(conn: Connection): Model<TincanRegistrationDoc> {
  return (conn.models.TincanRegistration as Model<TincanRegistrationDoc> | undefined) ?? conn.model<TincanRegistrationDoc>('TincanRegistration', schema);
}

export interface TincanLauncherDeps {
  lrs: Lrs;
  registrations: Model<TincanRegistrationDoc>;
  content: ContentModels;
  publicUrl: string;
  contentUrl: (grant: { packageId: string; version: number; registration: string }, path: string) => string;
  tokenTtlMs: number;
  now?: () => Date;
}

export interface TincanLaunchInput {
  user: { id: string; name?: string };
  pkg: { id: string };
  version: number;
  newAttempt?: boolean;
}

export function createTincanLauncher(deps: TincanLauncherDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async launch(input: TincanLaunchInput): Promise<{ url: string; registration: string; launchMethod: 'iframe' }> {
      let reg = input.newAttempt
        ? null
        : await deps.registrations.findOne({ userId: input.user.id, packageId: input.pkg.id }).sort({ createdAt: -1 }).lean<TincanRegistrationDoc>().exec();
      if (!reg) {
        reg = (await deps.registrations.create({ _id: randomUUID(), userId: input.user.id, packageId: input.pkg.id, version: input.version })).toObject() as TincanRegistrationDoc;
      }
      const doc = await deps.content.versions.findOne({ packageId: input.pkg.id, version: reg.version }).lean<PackageVersionDoc>().exec();
      if (!doc || doc.kind !== 'xapi') throw new NotFoundError('xAPI package version');
      const tincan = doc.structure as XapiPackage;
      const actor = learnerAgent(input.user, deps.publicUrl);
      const { token } = await deps.lrs.sessions.open({
        profile: 'xapi', actor, registration: reg._id, activityId: tincan.launch.activityId, sessionId: randomUUID(),
        authorityName: TINCAN_AUTHORITY, expiresAt: new Date(now().getTime() + deps.tokenTtlMs), issueTokenNow: true,
        // The package's own activity tree: what its token may report on among claimed activities.
        activityScope: tincan.activities.map((a) => a.id),
      });
      const base = /^https?:\/\//i.test(tincan.launch.url) ? tincan.launch.url : deps.contentUrl({ packageId: input.pkg.id, version: reg.version, registration: reg._id }, tincan.launch.url);
      const url = new URL(base);
      url.searchParams.set('endpoint', `${deps.publicUrl}/xapi/`);
      url.searchParams.set('auth', `Basic ${token}`);
      url.searchParams.set('actor', JSON.stringify(actor));
      url.searchParams.set('registration', reg._id);
      url.searchParams.set('activity_id', tincan.launch.activityId);
      return { url: url.toString(), registration: reg._id, launchMethod: 'iframe' };
    },
  };
}

export type TincanLauncher = ReturnType<typeof createTincanLauncher>;
