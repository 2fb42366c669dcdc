/**
 * Import warnings: what a package lacks or declares that this LMS does not honour, when the
 * course can still play. The author sees them on the import result and the package page;
 * refusals stay for what cannot play (a missing launch file, a broken manifest).
 *
 * The manifest parser (manifest/**) refuses any referenced file missing from the zip. A file
 * that no item launches (an image, a script a page loads) only breaks part of a page, so it
 * is turned into a warning here: the parse is repeated with that name assumed present, and
 * afterwards a launch file among the assumed ones is still a refusal.
 */
import { ContentValidationError, parsePackage, type Cmi5Au, type Cmi5Block, type ParsedPackage, type ScormItem } from './manifest/index.js';
import { isExternal, splitQuery } from './manifest/paths.js';

export interface ImportWarning {
  /** `file_missing`, `organization_not_offered`, `not_supported`. */
  code: string;
  /** The zip entry or manifest element concerned. */
  entry: string;
  message: string;
}

/** A manifest naming more missing files than this is refused: it is not the package its author meant. */
const MAX_MISSING = 200;

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
  const assumed = new Map<string, ContentValidationError>();
  let parsed: ParsedPackage;
  for (;;) {
    try {
      parsed = await parsePackage([...entries, ...assumed.keys()], cachedRead);
      break;
    } catch (err) {
      if (!(err instanceof ContentValidationError) || err.rule !== 'referenced_file_missing' || assumed.has(err.entry) || assumed.size >= MAX_MISSING) throw err;
      assumed.set(err.entry, err);
    }
  }
  for (const launch of launchFiles(parsed)) {
    const missing = assumed.get(launch) ?? assumed.get(safeDecode(launch));
    if (missing) throw missing;
  }
  const warnings: ImportWarning[] = [...assumed].map(([entry, err]) => ({
    code: 'file_missing',
    entry,
    message: `${err.message}; the course plays, but whatever uses this file will not load it`,
  }));
  return { parsed, warnings: [...warnings, ...structureWarnings(parsed)] };
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

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
