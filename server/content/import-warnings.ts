/**
 * Import warnings: what a package lacks or declares that this LMS does not honour, when the
 * course can still play. The author sees them on the import result and the package page;
 * refusals stay for what cannot play (a missing launch file, a broken manifest).
 *
 * The manifest parser (manifest/**) refuses any referenced file missing from the zip. A file
 * that no item launches (an image, a script a page loads) only breaks part of a page, so it
 * is turned into a warning here: the files a SCORM manifest's resources list are checked
 * first (one extra XML read) and the missing ones assumed present; should the parser still
 * name one, the parse is repeated with it assumed too. Afterwards a launch file among the
 * assumed ones is still a refusal. (Better done by the parser itself: see the report.)
 */
import { ContentValidationError, parsePackage, type Cmi5Au, type Cmi5Block, type ParsedPackage, type ScormItem } from './manifest/index.js';
import { detectPackageKind } from './manifest/detect.js';
import { entrySet, isExternal, resolveRef, splitQuery } from './manifest/paths.js';
import { attr, kids, parseXml, xmlBase, type XNode } from './manifest/xml.js';
import type { ImportWarning } from '#contract/packages.js';

export type { ImportWarning } from '#contract/packages.js';

/**
 * Re-parses for missing files the pre-check did not see (cmi5, xAPI): each costs a parse,
 * so after this many the parser's refusal stands.
 */
const MAX_REPARSES = 50;
/** Missing files listed one by one; more are summed up in one warning. */
const LISTED_MISSING = 100;

export async function parseWithWarnings(
  entries: readonly string[],
  readText: (name: string) => Promise<string>,
): Promise<{ parsed: ParsedPackage; warnings: ImportWarning[] }> {
  // The manifest is read once, whatever the number of passes.
  const texts = new Map<string, Promise<string>>();
  const cachedRead = (name: string) => {
    let t = texts.get(name);
    if (!t) texts.set(name, (t = readText(name)));
    return t;
  };
  const assumed = await missingResourceFiles(entries, cachedRead);
  let parsed: ParsedPackage;
  for (let reparses = 0; ; reparses++) {
    try {
      parsed = await parsePackage([...entries, ...assumed.keys()], cachedRead);
      break;
    } catch (err) {
      if (!(err instanceof ContentValidationError) || err.rule !== 'referenced_file_missing' || assumed.has(err.entry) || reparses >= MAX_REPARSES) throw err;
      assumed.set(err.entry, err);
    }
  }
  for (const launch of launchFiles(parsed)) {
    const missing = assumed.get(launch) ?? assumed.get(safeDecode(launch));
    if (missing) throw missing;
  }
  const missing = [...assumed];
  const warnings: ImportWarning[] = missing.slice(0, LISTED_MISSING).map(([entry, err]) => ({
    code: 'file_missing',
    entry,
    message: `${capitalised(err.message)}; the course plays, but whatever uses this file will not load it`,
  }));
  if (missing.length > LISTED_MISSING) {
    const rest = missing.length - LISTED_MISSING;
    warnings.push({ code: 'file_missing', entry: `${rest} more`, message: `${rest} more files referenced by the manifest are not in the zip` });
  }
  return { parsed, warnings: [...warnings, ...structureWarnings(parsed)] };
}

/**
 * The files a SCORM manifest's resources reference (`href` and `<file href>`, through the
 * xml:base chain as the parser resolves them) that the zip lacks. Paths leaving the
 * package are left to the parser, which refuses them. Other kinds: none (the parse loop
 * finds their few references one by one).
 */
async function missingResourceFiles(entries: readonly string[], read: (name: string) => Promise<string>): Promise<Map<string, ContentValidationError>> {
  const out = new Map<string, ContentValidationError>();
  let detected: ReturnType<typeof detectPackageKind>;
  try {
    detected = detectPackageKind(entries);
  } catch {
    return out; // the parse refuses it with its own reason
  }
  if (detected.family !== 'scorm') return out;
  let root: XNode;
  try {
    root = parseXml(await read(detected.manifest), detected.manifest);
  } catch {
    return out;
  }
  const present = entrySet(entries);
  const check = (chain: (string | undefined)[], href: string | undefined, resource: string) => {
    if (!href) return;
    const resolved = resolveRef([...chain, href]);
    if (isExternal(resolved)) return;
    const [p] = splitQuery(resolved);
    if (p.startsWith('../') || !p.startsWith(detected.base) || present.has(p) || present.has(safeDecode(p)) || out.has(p)) return;
    out.set(p, new ContentValidationError('referenced_file_missing', p, `resource ${resource} references ${p}, which is not in the zip`));
  };
  const walk = (man: XNode, chain: (string | undefined)[]) => {
    const here = [...chain, xmlBase(man)];
    for (const resourcesEl of kids(man, 'resources')) {
      for (const r of kids(resourcesEl, 'resource')) {
        const rc = [...here, xmlBase(resourcesEl), xmlBase(r)];
        const id = attr(r, 'identifier') ?? '';
        check(rc, attr(r, 'href'), id);
        for (const f of kids(r, 'file')) check(rc, attr(f, 'href'), id);
      }
    }
    for (const sub of kids(man, 'manifest')) walk(sub, here);
  };
  walk(root, [detected.base]);
  return out;
}

/** The package paths a learner's launch opens (external URLs left out). */
export function launchFiles(p: ParsedPackage): string[] {
  const out: string[] = [];
  const add = (ref: string | undefined) => {
    if (ref && !isExternal(ref)) out.push(splitQuery(ref)[0]);
  };
  switch (p.kind) {
    case 'scorm12':
    case 'scorm2004': {
      const walk = (items: ScormItem[]) => items.forEach((i) => (add(i.launch), walk(i.children)));
      p.organizations.forEach((o) => walk(o.items));
      break;
    }
    case 'cmi5': {
      const walk = (nodes: (Cmi5Block | Cmi5Au)[]) => nodes.forEach((n) => (n.type === 'au' ? add(n.url) : walk(n.children)));
      walk(p.children);
      break;
    }
    case 'xapi':
      add(p.launch.url);
      break;
  }
  return out;
}

/** What the manifest declares that learners will not get. */
function structureWarnings(p: ParsedPackage): ImportWarning[] {
  if (p.kind !== 'scorm12' && p.kind !== 'scorm2004') return [];
  const out: ImportWarning[] = [];
  for (const o of p.organizations) {
    if (o.identifier !== p.defaultOrganization) {
      out.push({
        code: 'organization_not_offered',
        entry: `organization ${o.identifier}`,
        message: `Organization “${o.title || o.identifier}” is not the default (${p.defaultOrganization}): learners get the default organization only`,
      });
    }
  }
  return out;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
