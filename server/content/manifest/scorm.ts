import { ContentValidationError } from './errors.js';
import { requireFile, resolveRef, splitQuery } from './paths.js';
import { attr, attrCI, kid, kids, namespacesUsed, xmlBase, type XNode } from './xml.js';

export type ScormEdition = '1.2' | '2004 2nd' | '2004 3rd' | '2004 4th';
export type ScormType = 'sco' | 'asset';

export interface RuleCondition {
  condition: string;
  operator?: 'noOp' | 'not';
  referencedObjective?: string;
  measureThreshold?: number;
}
export interface SequencingRule {
  action: string;
  conditionCombination?: 'all' | 'any';
  conditions: RuleCondition[];
}
export interface RollupRule {
  action: string;
  childActivitySet?: string;
  minimumCount?: number;
  minimumPercent?: number;
  conditionCombination?: 'all' | 'any';
  conditions: { condition: string; operator?: 'noOp' | 'not' }[];
}
export type MapInfo = { targetObjectiveID: string } & Record<string, string | number | boolean>;
export interface Objective {
  objectiveID?: string;
  satisfiedByMeasure?: boolean;
  minNormalizedMeasure?: number;
  mapInfo: MapInfo[];
}
type Flags = Record<string, string | number | boolean>;
/** `imsss:sequencing` as declared (no defaults filled in), attribute values typed. */
export interface Sequencing {
  id?: string;
  idRef?: string;
  controlMode?: Flags;
  sequencingRules?: {
    preConditionRules: SequencingRule[];
    exitConditionRules: SequencingRule[];
    postConditionRules: SequencingRule[];
  };
  limitConditions?: { attemptLimit?: number; attemptAbsoluteDurationLimit?: string } & Flags;
  rollupRules?: { rollupObjectiveSatisfied?: boolean; rollupProgressCompletion?: boolean; objectiveMeasureWeight?: number; rules: RollupRule[] };
  objectives?: { primary?: Objective; secondary: Objective[] };
  randomizationControls?: Flags;
  deliveryControls?: Flags;
  /** adlseq:rollupConsiderations */
  rollupConsiderations?: Flags;
  /** adlseq:constrainedChoiceConsiderations */
  constrainedChoiceConsiderations?: Flags;
  /** adlseq:objectives (4th edition extended map info) */
  adlObjectives?: { objectiveID: string; mapInfo: MapInfo[] }[];
}

export interface SharedDataMap {
  targetID: string;
  readSharedData: boolean;
  writeSharedData: boolean;
}

export interface ScormItem {
  identifier: string;
  title: string;
  identifierref?: string;
  /** set when identifierref names a sub-manifest: its default organization's items are this item's children */
  submanifest?: string;
  isvisible: boolean;
  parameters?: string;
  /** resource href (+ parameters) resolved against the xml:base chain: a zip entry path with query, or an external URL */
  launch?: string;
  scormType?: ScormType;
  /** SCORM 1.2 adlcp:masteryscore (0..100) */
  masteryScore?: number;
  /** 2004 adlcp:completionThreshold: the minimum progress measure (3rd ed. text or 4th ed. minProgressMeasure) */
  completionThreshold?: number;
  completionThresholdSettings?: { completedByMeasure?: boolean; minProgressMeasure?: number; progressWeight?: number };
  /** 2004: primary objective's minNormalizedMeasure when satisfiedByMeasure is true */
  scaledPassingScore?: number;
  timeLimitAction?: string;
  /** 1.2 adlcp:maxtimeallowed */
  maxTimeAllowed?: string;
  /** 2004 imsss:limitConditions attemptAbsoluteDurationLimit */
  attemptAbsoluteDurationLimit?: string;
  dataFromLMS?: string;
  /** 1.2 adlcp:prerequisites */
  prerequisites?: { expression: string; type?: string };
  /** 2004 imsss:sequencing as declared on the item (with idRef unresolved) */
  sequencing?: Sequencing;
  /** 2004 adlnav:presentation/navigationInterface/hideLMSUI */
  hideLmsUi?: string[];
  /** 2004 4th ed. adlcp:data/adlcp:map: the shared data stores the SCO sees as adl.data.n (CAM defaults: read and write true) */
  sharedData?: SharedDataMap[];
  children: ScormItem[];
}

export interface ScormOrganization {
  identifier: string;
  title: string;
  items: ScormItem[];
  sequencing?: Sequencing;
  objectivesGlobalToSystem?: boolean;
  sharedDataGlobalToSystem?: boolean;
}

export interface ScormResource {
  identifier: string;
  type: string;
  scormType: ScormType;
  /** resolved href (zip entry path or external URL), without item parameters */
  href?: string;
  /** the resolved xml:base chain applying to this resource ('' when none) */
  base: string;
  files: string[];
  dependencies: string[];
}

export interface ScormPackage {
  kind: 'scorm12' | 'scorm2004';
  edition: ScormEdition;
  manifest: string;
  base: string;
  identifier: string;
  title: string;
  defaultOrganization: string;
  organizations: ScormOrganization[];
  resources: ScormResource[];
  sequencingCollection: Record<string, Sequencing>;
  /**
   * What the manifest declares that the LMS does not honour though the course plays (for the
   * author's package page), one sentence each, e.g. a hideLMSUI value the player keeps.
   */
  warnings: string[];
}

export interface ManifestContext {
  /** entry name of the manifest, e.g. `imsmanifest.xml` or `folder/imsmanifest.xml` */
  manifest: string;
  /** folder the manifest lives in (`''` or `folder/`) */
  base: string;
  entries: ReadonlySet<string>;
}

const SCHEMA_VERSIONS: Record<string, ScormEdition> = {
  '1.2': '1.2',
  'cam 1.3': '2004 2nd',
  '2004 2nd edition': '2004 2nd',
  '2004 3rd edition': '2004 3rd',
  '2004 4th edition': '2004 4th',
};

const NS_12 = ['http://www.imsproject.org/xsd/imscp_rootv1p1p2', 'http://www.adlnet.org/xsd/adlcp_rootv1p2'];
const NS_2004 = [
  'http://www.imsglobal.org/xsd/imscp_v1p1',
  'http://www.adlnet.org/xsd/adlcp_v1p3',
  'http://www.imsglobal.org/xsd/imsss',
  'http://www.adlnet.org/xsd/adlseq_v1p3',
  'http://www.adlnet.org/xsd/adlnav_v1p3',
];

function detectEdition(root: XNode, manifest: string): ScormEdition {
  const sv = kid(kid(root, 'metadata'), 'schemaversion');
  if (sv && sv.text !== '') {
    const edition = SCHEMA_VERSIONS[sv.text.toLowerCase().replace(/\s+/g, ' ')];
    if (!edition) {
      throw new ContentValidationError(
        'unknown_schema_version',
        `${manifest}#/manifest/metadata/schemaversion`,
        `unsupported SCORM schemaversion "${sv.text}" (expected 1.2, CAM 1.3, 2004 3rd Edition or 2004 4th Edition)`,
      );
    }
    return edition;
  }
  const used = namespacesUsed(root);
  if (NS_2004.some((n) => used.has(n))) {
    // 4th edition only: adlseq:objectives, adlcp:data / sharedDataGlobalToSystem
    const fourth = hasAny(root, (n) => (n.local === 'objectives' && n.ns.includes('adlseq')) || (n.local === 'data' && n.ns.includes('adlcp')))
      || attr(kid(root, 'organizations') && kids(kid(root, 'organizations'), 'organization')[0], 'sharedDataGlobalToSystem') !== undefined;
    return fourth ? '2004 4th' : '2004 3rd';
  }
  if (NS_12.some((n) => used.has(n))) return '1.2';
  throw new ContentValidationError(
    'unknown_schema_version',
    `${manifest}#/manifest`,
    'imsmanifest.xml declares no schemaversion and none of the SCORM 1.2 or 2004 namespaces',
  );
}

function hasAny(n: XNode, pred: (n: XNode) => boolean): boolean {
  return pred(n) || n.children.some((c) => hasAny(c, pred));
}

/** Child element by local name, case-insensitive (adlcp:masteryscore vs adlcp:timeLimitAction). */
function kidCI(node: XNode | undefined, local: string): XNode | undefined {
  const want = local.toLowerCase();
  return node?.children.find((c) => c.local.toLowerCase() === want);
}

function text(n: XNode | undefined): string | undefined {
  return n && n.text !== '' ? n.text : undefined;
}

const NUMERIC = new Set([
  'attemptLimit', 'minimumCount', 'minimumPercent', 'objectiveMeasureWeight', 'selectCount', 'measureThreshold', 'minProgressMeasure', 'progressWeight', 'minNormalizedMeasure',
]);

/** All attributes of an element by local name, 'true'/'false' as booleans, known numeric ones as numbers. */
function typedAttrs(n: XNode | undefined, where: string): Flags {
  const out: Flags = {};
  if (!n) return out;
  for (const [k, v] of Object.entries(n.nsAttrs)) {
    const local = k.startsWith('{') ? k.slice(k.indexOf('}') + 1) : k;
    if (v === 'true' || v === 'false') out[local] = v === 'true';
    else if (NUMERIC.has(local)) out[local] = num(v, `${where}/@${local}`);
    else out[local] = v;
  }
  return out;
}

function num(v: string, where: string): number {
  const n = Number(v.trim());
  if (v.trim() === '' || !Number.isFinite(n)) throw new ContentValidationError('manifest_invalid', where, `${where} must be a number, got "${v}"`);
  return n;
}

function optNum(n: XNode | undefined, where: string): number | undefined {
  const t = text(n);
  return t === undefined ? undefined : num(t, where);
}

function ruleConditions(rule: XNode, where: string): { conditionCombination?: 'all' | 'any'; conditions: RuleCondition[] } {
  const rc = kid(rule, 'ruleConditions') ?? kid(rule, 'rollupConditions');
  const comb = attr(rc, 'conditionCombination');
  return {
    ...(comb === 'all' || comb === 'any' ? { conditionCombination: comb } : {}),
    conditions: [...kids(rc, 'ruleCondition'), ...kids(rc, 'rollupCondition')].map((c) => typedAttrs(c, where) as unknown as RuleCondition),
  };
}

function objective(n: XNode, where: string): Objective {
  const a = typedAttrs(n, where);
  const min = optNum(kid(n, 'minNormalizedMeasure'), `${where}/minNormalizedMeasure`);
  return {
    ...(typeof a['objectiveID'] === 'string' ? { objectiveID: a['objectiveID'] } : {}),
    ...(typeof a['satisfiedByMeasure'] === 'boolean' ? { satisfiedByMeasure: a['satisfiedByMeasure'] } : {}),
    ...(min !== undefined ? { minNormalizedMeasure: min } : {}),
    mapInfo: kids(n, 'mapInfo').map((m) => typedAttrs(m, where) as MapInfo),
  };
}

function sequencing(n: XNode, where: string): Sequencing {
  const s: Sequencing = {};
  const id = attr(n, 'ID');
  const idRef = attr(n, 'IDRef');
  if (id !== undefined) s.id = id;
  if (idRef !== undefined) s.idRef = idRef;
  for (const c of n.children) {
    const w = `${where}/${c.local}`;
    const adl = c.ns.includes('adlseq');
    switch (c.local) {
      case 'controlMode': s.controlMode = typedAttrs(c, w); break;
      case 'sequencingRules': {
        const rules = (name: string) =>
          kids(c, name).map((r) => ({ action: attr(kid(r, 'ruleAction'), 'action') ?? '', ...ruleConditions(r, `${w}/${name}`) }));
        s.sequencingRules = {
          preConditionRules: rules('preConditionRule'),
          exitConditionRules: rules('exitConditionRule'),
          postConditionRules: rules('postConditionRule'),
        };
        break;
      }
      case 'limitConditions': s.limitConditions = typedAttrs(c, w); break;
      case 'rollupRules':
        s.rollupRules = {
          ...typedAttrs(c, w),
          rules: kids(c, 'rollupRule').map((r) => ({
            ...(typedAttrs(r, `${w}/rollupRule`) as Omit<RollupRule, 'action' | 'conditions'>),
            action: attr(kid(r, 'rollupAction'), 'action') ?? '',
            ...ruleConditions(r, `${w}/rollupRule`),
          })),
        };
        break;
      case 'objectives':
        if (adl) {
          s.adlObjectives = kids(c, 'objective').map((o) => ({
            objectiveID: attr(o, 'objectiveID') ?? '',
            mapInfo: kids(o, 'mapInfo').map((m) => typedAttrs(m, w) as MapInfo),
          }));
        } else {
          const p = kid(c, 'primaryObjective');
          s.objectives = {
            ...(p ? { primary: objective(p, `${w}/primaryObjective`) } : {}),
            secondary: kids(c, 'objective').map((o) => objective(o, `${w}/objective`)),
          };
        }
        break;
      case 'randomizationControls': s.randomizationControls = typedAttrs(c, w); break;
      case 'deliveryControls': s.deliveryControls = typedAttrs(c, w); break;
      case 'rollupConsiderations': s.rollupConsiderations = typedAttrs(c, w); break;
      case 'constrainedChoiceConsiderations': s.constrainedChoiceConsiderations = typedAttrs(c, w); break;
      default: break;
    }
  }
  return s;
}

/**
 * SCORM CAM launch rule: parameters lose leading `?`/`&`; a `#fragment` is appended only when
 * the href has no `?` or `#`; otherwise they join the query with `?` or `&`.
 */
export function applyParameters(href: string, parameters: string | undefined): string {
  if (!parameters) return href;
  const p = parameters.replace(/^[?&]+/, '');
  if (p === '') return href;
  if (p.startsWith('#')) return href.includes('#') || href.includes('?') ? href : href + p;
  const hashAt = href.indexOf('#');
  const [head, hash] = hashAt < 0 ? [href, ''] : [href.slice(0, hashAt), href.slice(hashAt)];
  return head + (head.includes('?') ? '&' : '?') + p + hash;
}

interface Level {
  organizations: ScormOrganization[];
  defaultOrganization: string;
}

/**
 * Parses an imsmanifest.xml (SCORM 1.2 or 2004 2nd-4th) and checks every referenced file exists in
 * the zip. (Sub)manifests are supported: their resources join the package's resource list (their
 * xml:base chained under the parent's), and an item whose identifierref names a sub-manifest gets
 * that sub-manifest's default organization's items as its children (`submanifest` names it).
 */
export function parseScormManifest(root: XNode, ctx: ManifestContext): ScormPackage {
  const M = ctx.manifest;
  if (root.local !== 'manifest') {
    throw new ContentValidationError('manifest_invalid', `${M}#/${root.local}`, `the root element of ${M} must be <manifest>, found <${root.qname}>`);
  }
  const edition = detectEdition(root, M);
  const is12 = edition === '1.2';
  const resources: ScormResource[] = [];
  const allIds = new Set<string>();

  // sequencing collection (2004), root level only (CAM)
  const sequencingCollection: Record<string, Sequencing> = {};
  for (const s of kids(kid(root, 'sequencingCollection'), 'sequencing')) {
    const id = attr(s, 'ID') ?? '';
    sequencingCollection[id] = sequencing(s, `${M}#/manifest/sequencingCollection/sequencing[@ID=${id}]`);
  }
  const effective = (own: Sequencing | undefined, where: string): Sequencing | undefined => {
    if (!own?.idRef) return own;
    const shared = sequencingCollection[own.idRef];
    if (!shared) throw new ContentValidationError('manifest_invalid', where, `sequencing IDRef ${own.idRef} is not in the sequencingCollection`);
    const { id: _i, ...rest } = shared;
    const { idRef: _r, ...mine } = own;
    return { ...rest, ...mine };
  };

  let launchable = 0;
  const warnings = new Set<string>();
  const HIDABLE = new Set(['previous', 'continue', 'exit', 'exitAll', 'suspendAll', 'abandon', 'abandonAll']);

  const level = (man: XNode, parentChain: readonly (string | undefined)[], W: string): Level => {
    const chain0 = [...parentChain, xmlBase(man)];
    const resourcesEl = kid(man, 'resources');
    const byId = new Map<string, ScormResource>();
    for (const r of kids(resourcesEl, 'resource')) {
      const identifier = attr(r, 'identifier') ?? '';
      const where = `${W}/resources/resource[@identifier=${identifier}]`;
      if (identifier === '') throw new ContentValidationError('manifest_invalid', where, 'a <resource> has no identifier');
      if (allIds.has(identifier)) throw new ContentValidationError('manifest_invalid', where, `resource identifier ${identifier} is used twice`);
      allIds.add(identifier);
      const chain = [...chain0, xmlBase(resourcesEl), xmlBase(r)];
      const base = resolveRef(chain);
      const rawHref = attr(r, 'href');
      const href = rawHref !== undefined && rawHref !== '' ? resolveRef([...chain, rawHref]) : undefined;
      const files: string[] = [];
      for (const f of kids(r, 'file')) {
        const fh = attr(f, 'href');
        if (fh === undefined || fh === '') continue;
        const resolved = resolveRef([...chain, fh]);
        requireFile(resolved, ctx.entries, ctx.base, `resource ${identifier}`);
        files.push(splitQuery(resolved)[0]);
      }
      if (href !== undefined) requireFile(href, ctx.entries, ctx.base, `resource ${identifier}`);
      const st = (attrCI(r, 'scormtype') ?? 'asset').toLowerCase();
      const res: ScormResource = {
        identifier,
        type: attr(r, 'type') ?? 'webcontent',
        scormType: st === 'sco' ? 'sco' : 'asset',
        ...(href !== undefined ? { href } : {}),
        base,
        files,
        dependencies: kids(r, 'dependency').map((d) => attr(d, 'identifierref') ?? ''),
      };
      resources.push(res);
      byId.set(identifier, res);
    }
    for (const r of byId.values()) {
      for (const d of r.dependencies) {
        if (!byId.has(d)) {
          throw new ContentValidationError(
            'manifest_invalid',
            `${W}/resources/resource[@identifier=${r.identifier}]/dependency[@identifierref=${d}]`,
            `resource ${r.identifier} depends on ${d}, which is not a resource of this manifest`,
          );
        }
      }
    }

    const subs = new Map<string, Level>();
    for (const sub of kids(man, 'manifest')) {
      const id = attr(sub, 'identifier') ?? '';
      const where = `${W}/manifest[@identifier=${id}]`;
      if (id === '') throw new ContentValidationError('manifest_invalid', where, 'a sub-manifest has no identifier');
      subs.set(id, level(sub, chain0, where));
    }

    const item = (n: XNode, parentWhere: string): ScormItem => {
      const identifier = attr(n, 'identifier') ?? '';
      const where = `${parentWhere}/item[@identifier=${identifier}]`;
      if (identifier === '') throw new ContentValidationError('manifest_invalid', where, 'an <item> has no identifier');
      const it: ScormItem = {
        identifier,
        title: text(kid(n, 'title')) ?? '',
        isvisible: attr(n, 'isvisible') !== 'false',
        children: [],
      };
      const ref = attr(n, 'identifierref');
      const parameters = attr(n, 'parameters');
      let subItems: ScormItem[] = [];
      let subSequencing: Sequencing | undefined;
      if (ref !== undefined && ref !== '') {
        it.identifierref = ref;
        const res = byId.get(ref);
        const sub = subs.get(ref);
        if (res) {
          if (res.href === undefined) throw new ContentValidationError('launch_missing', where, `item ${identifier} references resource ${ref}, which has no href to launch`);
          it.launch = applyParameters(res.href, parameters);
          it.scormType = res.scormType;
          launchable += 1;
        } else if (sub) {
          it.submanifest = ref;
          const subOrg = sub.organizations.find((o) => o.identifier === sub.defaultOrganization);
          subItems = subOrg?.items ?? [];
          // The item stands in for the sub-manifest's organization: its sequencing (control
          // modes, rules) governs the item's children unless the item declares its own.
          subSequencing = subOrg?.sequencing;
        } else {
          throw new ContentValidationError('launch_missing', where, `item ${identifier} references ${ref}, which is neither a resource nor a sub-manifest of this manifest`);
        }
      }
      if (parameters !== undefined && parameters !== '') it.parameters = parameters;
      const dataFromLMS = text(kidCI(n, 'dataFromLMS'));
      if (dataFromLMS !== undefined) it.dataFromLMS = dataFromLMS;
      const tla = text(kidCI(n, 'timeLimitAction'));
      // The SCO acts on its time limit (RTE: time_limit_action tells the SCO what to do).
      if (tla !== undefined) it.timeLimitAction = tla;
      if (is12) {
        const ms = optNum(kidCI(n, 'masteryscore'), `${where}/masteryscore`);
        if (ms !== undefined) it.masteryScore = ms;
        const mta = text(kidCI(n, 'maxtimeallowed'));
        if (mta !== undefined) it.maxTimeAllowed = mta;
        const pre = kidCI(n, 'prerequisites');
        if (pre && pre.text !== '') {
          const type = attr(pre, 'type');
          it.prerequisites = { expression: pre.text, ...(type !== undefined ? { type } : {}) };
        }
      } else {
        const ct = kid(n, 'completionThreshold');
        if (ct) {
          const a = typedAttrs(ct, `${where}/completionThreshold`);
          const settings = {
            ...(typeof a['completedByMeasure'] === 'boolean' ? { completedByMeasure: a['completedByMeasure'] } : {}),
            ...(typeof a['minProgressMeasure'] === 'number' ? { minProgressMeasure: a['minProgressMeasure'] } : {}),
            ...(typeof a['progressWeight'] === 'number' ? { progressWeight: a['progressWeight'] } : {}),
          };
          const value = optNum(ct, `${where}/completionThreshold`) ?? settings.minProgressMeasure;
          if (value !== undefined) it.completionThreshold = value;
          if (Object.keys(settings).length > 0) it.completionThresholdSettings = settings;
        }
        const seqEl = kid(n, 'sequencing');
        if (seqEl) it.sequencing = sequencing(seqEl, `${where}/sequencing`);
        else if (subSequencing) it.sequencing = subSequencing;
        const eff = effective(it.sequencing, `${where}/sequencing`);
        const primary = eff?.objectives?.primary;
        if (primary?.satisfiedByMeasure === true) it.scaledPassingScore = primary.minNormalizedMeasure ?? 1;
        const aadl = eff?.limitConditions?.attemptAbsoluteDurationLimit;
        if (typeof aadl === 'string') it.attemptAbsoluteDurationLimit = aadl;
        const hide = kids(kid(kid(n, 'presentation'), 'navigationInterface'), 'hideLMSUI').map((h) => h.text).filter((t) => t !== '');
        if (hide.length > 0) it.hideLmsUi = hide;
        const kept = hide.filter((h) => !HIDABLE.has(h));
        if (kept.length) warnings.add(`Item ${identifier}: hideLMSUI ${kept.join(', ')} is not honoured (the player always offers Close course)`);
        const maps = kids(kid(n, 'data'), 'map')
          .map((m) => ({ targetID: attr(m, 'targetID') ?? '', readSharedData: attr(m, 'readSharedData') !== 'false', writeSharedData: attr(m, 'writeSharedData') !== 'false' }))
          .filter((m) => m.targetID !== '');
        if (maps.length) it.sharedData = maps;
      }
      it.children = [...subItems, ...kids(n, 'item').map((c) => item(c, where))];
      return it;
    };

    const orgsEl = kid(man, 'organizations');
    const organizations: ScormOrganization[] = kids(orgsEl, 'organization').map((o) => {
      const identifier = attr(o, 'identifier') ?? '';
      const where = `${W}/organizations/organization[@identifier=${identifier}]`;
      const org: ScormOrganization = { identifier, title: text(kid(o, 'title')) ?? '', items: kids(o, 'item').map((i) => item(i, where)) };
      const seqEl = kid(o, 'sequencing');
      if (seqEl) org.sequencing = sequencing(seqEl, `${where}/sequencing`);
      const ogs = attr(o, 'objectivesGlobalToSystem');
      if (ogs !== undefined) org.objectivesGlobalToSystem = ogs !== 'false';
      const sdg = attr(o, 'sharedDataGlobalToSystem');
      if (sdg !== undefined) org.sharedDataGlobalToSystem = sdg !== 'false';
      return org;
    });
    const declaredDefault = attr(orgsEl, 'default');
    let defaultOrganization = organizations[0]?.identifier ?? '';
    if (declaredDefault !== undefined && declaredDefault !== '') {
      if (!organizations.some((o) => o.identifier === declaredDefault)) {
        throw new ContentValidationError('manifest_invalid', `${W}/organizations/@default`, `default organization ${declaredDefault} is not among the organizations`);
      }
      defaultOrganization = declaredDefault;
    }
    return { organizations, defaultOrganization };
  };

  const top = level(root, [ctx.base], `${M}#/manifest`);
  if (launchable === 0) {
    throw new ContentValidationError('launch_missing', `${M}#/manifest/organizations`, 'no item of any organization references a launchable resource');
  }
  const defaultOrg = top.organizations.find((o) => o.identifier === top.defaultOrganization);
  return {
    kind: is12 ? 'scorm12' : 'scorm2004',
    edition,
    manifest: M,
    base: ctx.base,
    identifier: attr(root, 'identifier') ?? '',
    title: defaultOrg?.title || attr(root, 'identifier') || '',
    defaultOrganization: top.defaultOrganization,
    organizations: top.organizations,
    resources,
    sequencingCollection,
    warnings: [...warnings],
  };
}
