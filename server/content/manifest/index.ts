/**
 * Manifest detection and parsing for content packages, as pure functions over a zip's entry
 * names and a `readText(name)` callback (any zip reader will do):
 *
 *   const pkg = await parsePackage(entries, readText);   // ScormPackage | Cmi5Package | XapiPackage
 *
 * `pkg.kind` is 'scorm12' | 'scorm2004' | 'cmi5' | 'xapi'. Launch paths in the result are zip entry
 * paths (including a single top-level folder, if the zip has one) with any query/fragment, or
 * absolute URLs. Every failure is a `ContentValidationError` with `rule` and `entry`.
 */
import { parseCmi5, type Cmi5Package } from './cmi5.js';
import { detectPackageKind } from './detect.js';
import { entrySet } from './paths.js';
import { parseScormManifest, type ScormPackage } from './scorm.js';
import { parseTincan, type XapiPackage } from './tincan.js';
import { parseXml } from './xml.js';

export { ContentValidationError, type ContentValidationRule } from './errors.js';
export { detectPackageKind, type DetectedPackage, type PackageFamily } from './detect.js';
export type * from './scorm.js';
export type * from './cmi5.js';
export type * from './tincan.js';
export { applyParameters, parseScormManifest } from './scorm.js';
export { parseCmi5, isIri } from './cmi5.js';
export { parseTincan } from './tincan.js';
export { parseXml, type XNode } from './xml.js';

export type ParsedPackage = ScormPackage | Cmi5Package | XapiPackage;

/**
 * Detects the package kind from the zip's entry names, reads and parses its manifest, and
 * checks that every file it references is in the zip. Works over any zip reader:
 * `readText(name)` returns the text of an entry. Throws `ContentValidationError`.
 */
export async function parsePackage(entries: readonly string[], readText: (name: string) => Promise<string>): Promise<ParsedPackage> {
  const detected = detectPackageKind(entries);
  const ctx = { manifest: detected.manifest, base: detected.base, entries: entrySet(entries) };
  const root = parseXml(await readText(detected.manifest), detected.manifest);
  switch (detected.family) {
    case 'scorm':
      return parseScormManifest(root, ctx);
    case 'cmi5':
      return parseCmi5(root, ctx);
    case 'xapi':
      return parseTincan(root, ctx);
  }
}
