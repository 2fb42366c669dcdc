import { ContentValidationError } from './errors.js';
import { isExternal, isHttpUrl, requireFile, resolveRef } from './paths.js';
import type { ManifestContext } from './scorm.js';
import { attr, kid, kids, type XNode } from './xml.js';

export const CMI5_NS = 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd';

/** language tag -> text (`und` when the langstring names no language) */
export type LangMap = Record<string, string>;
export type MoveOn = 'NotApplicable' | 'Passed' | 'Completed' | 'CompletedAndPassed' | 'CompletedOrPassed';
export type LaunchMethod = 'AnyWindow' | 'OwnWindow';

export interface Cmi5Au {
  type: 'au';
  id: string;
  title: LangMap;
  description: LangMap;
  /** a zip entry path (with query) or an absolute http(s) URL for content hosted elsewhere */
  url: string;
  launchMethod: LaunchMethod;
  moveOn: MoveOn;
  masteryScore?: number;
  launchParameters?: string;
  entitlementKey?: string;
  activityType?: string;
  objectives: string[];
}
export interface Cmi5Block {
  type: 'block';
  id: string;
  title: LangMap;
  description: LangMap;
  objectives: string[];
  children: (Cmi5Block | Cmi5Au)[];
}
export interface Cmi5Package {
  kind: 'cmi5';
  manifest: string;
  base: string;
  course: { id: string; title: LangMap; description: LangMap };
  objectives: { id: string; title: LangMap; description: LangMap }[];
  children: (Cmi5Block | Cmi5Au)[];
}

const MOVE_ON: readonly MoveOn[] = ['NotApplicable', 'Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed'];
const LAUNCH_METHODS: readonly LaunchMethod[] = ['AnyWindow', 'OwnWindow'];

/** An IRI as cmi5 requires for ids: a scheme, then no whitespace. */
export function isIri(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i.test(s);
}

function langMap(n: XNode | undefined): LangMap {
  const out: LangMap = {};
  if (!n) return out;
  const strings = kids(n, 'langstring');
  if (strings.length === 0 && n.text !== '') out['und'] = n.text;
  for (const s of strings) out[attr(s, 'lang') ?? 'und'] = s.text;
  return out;
}

/** cmi5 launch parameters the LMS adds; an AU url must not carry them itself (cmi5 8.1). */
const RESERVED_QUERY = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'];

/**
 * The XSD's element sequences: each cmi5 element at most once and in this order (`*`: repeatable
 * and interleaved with its group). Elements of other namespaces (extensions) are skipped.
 */
const SEQUENCES: Record<string, readonly string[]> = {
  courseStructure: ['course', 'objectives', 'au|block*'],
  course: ['title', 'description'],
  block: ['title', 'description', 'objectives', 'au|block*'],
  au: ['title', 'description', 'objectives', 'url', 'launchParameters', 'entitlementKey'],
  objective: ['title', 'description'],
};

function checkSequence(n: XNode, where: string): void {
  const seq = SEQUENCES[n.local];
  if (!seq) return;
  let pos = 0;
  for (const c of n.children) {
    if (c.ns !== '' && c.ns !== CMI5_NS) continue;
    let i = pos;
    while (i < seq.length && !seq[i]!.replace('*', '').split('|').includes(c.local)) i += 1;
    if (i === seq.length) {
      const known = seq.some((s) => s.replace('*', '').split('|').includes(c.local));
      invalid(`${where}/${c.local}`, known ? `<${c.local}> is out of order in <${n.local}> (expected ${seq.join(', ')})` : `<${c.local}> is not allowed in <${n.local}>`);
    }
    pos = seq[i]!.endsWith('*') ? i : i + 1;
  }
}

function invalid(entry: string, message: string): never {
  throw new ContentValidationError('manifest_invalid', entry, message);
}

/** Parses a cmi5.xml course structure with the cmi5 (quartz) structural rules. */
export function parseCmi5(root: XNode, ctx: ManifestContext): Cmi5Package {
  const M = ctx.manifest;
  if (root.local !== 'courseStructure') invalid(`${M}#/${root.local}`, `the root element of ${M} must be <courseStructure>, found <${root.qname}>`);
  if (root.ns !== '' && root.ns !== CMI5_NS) {
    throw new ContentValidationError('unknown_schema_version', `${M}#/courseStructure`, `unknown cmi5 course structure namespace "${root.ns}" (expected ${CMI5_NS})`);
  }
  const seen = new Map<string, string>();
  const id = (n: XNode, where: string): string => {
    const v = attr(n, 'id');
    if (v === undefined || v.trim() === '') invalid(where, `<${n.local}> requires an id`);
    if (!isIri(v)) invalid(`${where}[@id=${v}]`, `<${n.local}> id "${v}" is not an IRI`);
    const prev = seen.get(v);
    if (prev !== undefined) invalid(`${where}[@id=${v}]`, `id ${v} is used twice (also by ${prev})`);
    seen.set(v, where);
    return v;
  };
  const titled = (n: XNode, where: string): { title: LangMap; description: LangMap } => {
    checkSequence(n, where);
    if (!kid(n, 'description')) invalid(`${where}/description`, `<${n.local}> requires a description`);
    const title = langMap(kid(n, 'title'));
    if (Object.keys(title).length === 0) invalid(`${where}/title`, `<${n.local}> requires a title with at least one langstring`);
    return { title, description: langMap(kid(n, 'description')) };
  };

  const courseEl = kid(root, 'course');
  if (!courseEl) invalid(`${M}#/courseStructure/course`, 'cmi5.xml has no <course>');
  const course = { id: id(courseEl, `${M}#/courseStructure/course`), ...titled(courseEl, `${M}#/courseStructure/course`) };

  const objectives = kids(kid(root, 'objectives'), 'objective').map((o) => {
    const where = `${M}#/courseStructure/objectives/objective`;
    return { id: id(o, where), ...titled(o, where) };
  });
  const objectiveIds = new Set(objectives.map((o) => o.id));
  const objectiveRefs = (n: XNode, where: string): string[] =>
    kids(kid(n, 'objectives'), 'objective').map((o) => {
      const ref = attr(o, 'idref') ?? '';
      if (!objectiveIds.has(ref)) invalid(`${where}/objectives/objective[@idref=${ref}]`, `objective reference ${ref} names no course objective`);
      return ref;
    });

  let aus = 0;
  const au = (n: XNode, parent: string): Cmi5Au => {
    const where0 = `${parent}/au`;
    const auId = id(n, where0);
    const where = `${where0}[@id=${auId}]`;
    const rawUrl = kid(n, 'url')?.text ?? '';
    if (rawUrl === '') throw new ContentValidationError('launch_missing', `${where}/url`, `AU ${auId} has no url`);
    if (/\s/.test(rawUrl)) invalid(`${where}/url`, `AU ${auId} url is not a valid URL: "${rawUrl}"`);
    const query = new URLSearchParams(rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1).split('#')[0] : '');
    const reserved = RESERVED_QUERY.find((k) => query.has(k));
    if (reserved) invalid(`${where}/url`, `AU ${auId} url must not carry the cmi5 launch parameter "${reserved}"`);
    let url: string;
    if (isExternal(rawUrl)) {
      try {
        new URL(rawUrl);
      } catch {
        invalid(`${where}/url`, `AU ${auId} url is not a valid URL: "${rawUrl}"`);
      }
      if (!isHttpUrl(rawUrl)) invalid(`${where}/url`, `AU ${auId} url must be relative or an absolute http(s) URL, got ${rawUrl}`);
      url = rawUrl;
    } else {
      url = resolveRef([ctx.base, rawUrl]);
      requireFile(url, ctx.entries, ctx.base, `AU ${auId}`);
    }
    const moveOn = (attr(n, 'moveOn') ?? 'NotApplicable') as MoveOn;
    if (!MOVE_ON.includes(moveOn)) invalid(`${where}/@moveOn`, `moveOn must be one of ${MOVE_ON.join(', ')}, got ${moveOn}`);
    const launchMethod = (attr(n, 'launchMethod') ?? 'AnyWindow') as LaunchMethod;
    if (!LAUNCH_METHODS.includes(launchMethod)) invalid(`${where}/@launchMethod`, `launchMethod must be AnyWindow or OwnWindow, got ${launchMethod}`);
    const out: Cmi5Au = { type: 'au', id: auId, ...titled(n, where), url, launchMethod, moveOn, objectives: objectiveRefs(n, where) };
    const ms = attr(n, 'masteryScore');
    if (ms !== undefined) {
      const v = Number(ms.trim());
      if (ms.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) invalid(`${where}/@masteryScore`, `masteryScore must be a decimal from 0 to 1, got "${ms}"`);
      out.masteryScore = v;
    }
    const lp = kid(n, 'launchParameters')?.text;
    if (lp) out.launchParameters = lp;
    const ek = kid(n, 'entitlementKey')?.text;
    if (ek) out.entitlementKey = ek;
    const at = attr(n, 'activityType');
    if (at) out.activityType = at;
    aus += 1;
    return out;
  };
  const members = (n: XNode, where: string): (Cmi5Block | Cmi5Au)[] =>
    n.children.flatMap<Cmi5Block | Cmi5Au>((c) => (c.local === 'au' ? [au(c, where)] : c.local === 'block' ? [block(c, where)] : []));
  const block = (n: XNode, parent: string): Cmi5Block => {
    const where0 = `${parent}/block`;
    const blockId = id(n, where0);
    const where = `${where0}[@id=${blockId}]`;
    const children = members(n, where);
    if (children.length === 0) invalid(where, `block ${blockId} contains no AU or block`);
    return { type: 'block', id: blockId, ...titled(n, where), objectives: objectiveRefs(n, where), children };
  };

  checkSequence(root, `${M}#/courseStructure`);
  const children = members(root, `${M}#/courseStructure`);
  if (aus === 0) throw new ContentValidationError('launch_missing', `${M}#/courseStructure`, 'a cmi5 course needs at least one AU');
  return { kind: 'cmi5', manifest: M, base: ctx.base, course, objectives, children };
}
