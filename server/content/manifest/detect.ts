import { ContentValidationError } from './errors.js';
import { entrySet } from './paths.js';

export type PackageFamily = 'scorm' | 'cmi5' | 'xapi';

export interface DetectedPackage {
  family: PackageFamily;
  /** the manifest's entry name, e.g. `imsmanifest.xml` or `My Course/cmi5.xml` */
  manifest: string;
  /** folder the package lives in: `''` or a single top-level folder such as `My Course/` */
  base: string;
  /** other manifests found beside the chosen one (e.g. a cmi5 course that also ships an imsmanifest.xml) */
  alsoFound: string[];
}

/** Checked in this order: a cmi5 course may ship a SCORM fallback manifest; tincan.xml comes last. */
const MANIFESTS: readonly [string, PackageFamily][] = [
  ['cmi5.xml', 'cmi5'],
  ['imsmanifest.xml', 'scorm'],
  ['tincan.xml', 'xapi'],
];

/** Files that archivers add and that never decide a package's layout. */
function isNoise(name: string): boolean {
  return name.startsWith('__MACOSX/') || /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$/i.test(name);
}

function findIn(files: readonly string[], base: string): DetectedPackage | undefined {
  const found: [string, PackageFamily][] = [];
  for (const [file, family] of MANIFESTS) {
    const hit = files.find((f) => f.startsWith(base) && f.slice(base.length).toLowerCase() === file);
    if (hit !== undefined) found.push([hit, family]);
  }
  if (found.length === 0) return undefined;
  const [[manifest, family], ...rest] = found as [[string, PackageFamily], ...[string, PackageFamily][]];
  return { family, manifest, base, alsoFound: rest.map(([m]) => m) };
}

/**
 * Decides a package's kind from its zip entry names alone: `cmi5.xml`, `imsmanifest.xml` or
 * `tincan.xml` at the root, or at the root of the only top-level folder (zips made by
 * "compress folder"). Manifest file names match case-insensitively. Throws
 * `manifest_missing` when there is none. SCORM 1.2 vs 2004 is decided by the parser.
 */
export function detectPackageKind(entries: readonly string[]): DetectedPackage {
  const files = [...entrySet(entries)].filter((f) => !isNoise(f));
  const atRoot = findIn(files.filter((f) => !f.includes('/')), '');
  if (atRoot) return atRoot;
  const tops = new Set(files.map((f) => (f.includes('/') ? f.slice(0, f.indexOf('/') + 1) : f)));
  if (tops.size === 1) {
    const [top] = [...tops] as [string];
    if (top.endsWith('/')) {
      const inFolder = findIn(files.filter((f) => !f.slice(top.length).includes('/')), top);
      if (inFolder) return inFolder;
    }
  }
  throw new ContentValidationError(
    'manifest_missing',
    '/',
    'no imsmanifest.xml (SCORM), cmi5.xml (cmi5) or tincan.xml (xAPI) at the root of the zip or of its single top-level folder',
  );
}
