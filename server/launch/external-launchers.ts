/**
 * Launching cmi5 and xAPI (TinCan) packages: the launch service hands these kinds to the
 * launchers of server/launch/cmi5 and server/launch/tincan (CONTRACTS.md, "Launch").
 * Until those exist this answers 501 with a clear error; filling in a case is the whole
 * integration.
 */
import type { ContentPackageDoc, PackageVersionDoc } from '../content/package-model.js';
import type { ContentUrls } from '../content/content-urls.js';
import { HttpError } from '../http/errors.js';
import { createCmi5Launcher, type Cmi5Service } from './cmi5/cmi5-service.js';
import { CMI5_RETURN_PATH } from './cmi5/cmi5-routes.js';
import type { TincanLauncher } from './tincan/tincan-launcher.js';

export interface ExternalLaunchInput {
  user: { id: string; name: string; email: string };
  pkg: ContentPackageDoc;
  version: PackageVersionDoc;
  auId?: string;
  /** Where the content sends the learner back (the portal's player route). */
  returnUrl: string;
}

export interface ExternalLaunchResult {
  url: string;
  launchMethod: 'iframe' | 'new-window';
  registration: string;
  sessionId?: string;
  /** cmi5: the AU launched, and all AUs of the course (the player offers a choice of them). */
  auId?: string;
  parts?: { auId: string; title: string; satisfied: boolean }[];
}

/** What the cmi5 / tincan launchers may use (extend as they need; keep it plain). */
export interface ExternalLaunchDeps {
  contentUrls: ContentUrls;
  publicUrl: string;
  cmi5?: Cmi5Service;
  tincan?: TincanLauncher;
}

export class NotImplementedError extends HttpError {
  constructor(message: string) {
    super(501, 'not_implemented', message);
  }
}

export async function launchExternal(kind: 'cmi5' | 'xapi', input: ExternalLaunchInput, deps: ExternalLaunchDeps): Promise<ExternalLaunchResult> {
  const pkg = { id: input.pkg._id.toHexString(), kind: input.pkg.kind, identity: input.pkg.identity };
  const user = { id: input.user.id, name: input.user.name };
  switch (kind) {
    case 'cmi5':
      if (!deps.cmi5) throw new NotImplementedError(`Launching cmi5 courses is not available here (package “${input.pkg.title}”)`);
      // The AU returns to a page that hands the learner back to the player (cmi5-routes.ts).
      return createCmi5Launcher({ cmi5: deps.cmi5 }).launch({ user, pkg, version: input.version.version, auId: input.auId, returnUrl: `${deps.publicUrl}${CMI5_RETURN_PATH}` });
    case 'xapi':
      if (!deps.tincan) throw new NotImplementedError(`Launching xAPI (TinCan) courses is not available here (package “${input.pkg.title}”)`);
      return deps.tincan.launch({ user, pkg, version: input.version.version });
  }
}
