/**
 * Launching cmi5 and xAPI (TinCan) packages: the launch service hands these kinds to the
 * launchers of server/launch/cmi5 and server/launch/tincan (CONTRACTS.md, "Launch").
 * Until those exist this answers 501 with a clear error; filling in a case is the whole
 * integration.
 */
import type { ContentPackageDoc, PackageVersionDoc } from '../content/package-model.js';
import type { ContentUrls } from '../content/content-urls.js';
import { HttpError } from '../http/errors.js';

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
}

/** What the cmi5 / tincan launchers may use (extend as they need; keep it plain). */
export interface ExternalLaunchDeps {
  contentUrls: ContentUrls;
  publicUrl: () => string;
}

export class NotImplementedError extends HttpError {
  constructor(message: string) {
    super(501, 'not_implemented', message);
  }
}

export async function launchExternal(kind: 'cmi5' | 'xapi', input: ExternalLaunchInput, _deps: ExternalLaunchDeps): Promise<ExternalLaunchResult> {
  switch (kind) {
    case 'cmi5':
      // return createCmi5Launcher(deps).launch({ user, pkg, version, auId, returnUrl })
      throw new NotImplementedError(`Launching cmi5 courses is not available yet (package “${input.pkg.title}”)`);
    case 'xapi':
      // return createTincanLauncher(deps).launch({ user, pkg, version })
      throw new NotImplementedError(`Launching xAPI (TinCan) courses is not available yet (package “${input.pkg.title}”)`);
  }
}
