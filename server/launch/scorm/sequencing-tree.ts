/**
 * The activity tree scorm-again's SCORM 2004 sequencing engine runs on, built from the
 * parsed manifest (default organization): control modes, sequencing rules, limit
 * conditions, rollup rules and considerations, objectives with their global maps
 * (4th edition adlseq extensions merged in), randomization, delivery controls,
 * completion thresholds and hideLMSUI. Shared definitions (IDRef into the
 * sequencingCollection) are merged first, the item's own elements winning, as CAM says.
 */
import type { MapInfo, Objective, ScormItem, ScormPackage, Sequencing } from '../../content/manifest/scorm.js';

type Flags = Record<string, string | number | boolean>;

export interface ObjectiveSettings {
  objectiveID: string;
  isPrimary?: boolean;
  satisfiedByMeasure?: boolean;
  minNormalizedMeasure?: number;
  mapInfo?: MapInfo[];
}

export interface RuleSettings {
  action: string;
  conditionCombination?: 'all' | 'any';
  conditions: { condition: string; operator?: string; referencedObjective?: string; parameters?: Record<string, number> }[];
}

export interface RollupRuleSettings {
  action: string;
  consideration: string;
  minimumCount?: number;
  minimumPercent?: number;
  conditionCombination?: 'all' | 'any';
  conditions: { condition: string; operator?: string }[];
}

/** scorm-again's `ActivitySettings` (the subset we fill). */
export interface ActivitySettings {
  id: string;
  title: string;
  children?: ActivitySettings[];
  isVisible?: boolean;
  attemptLimit?: number;
  attemptAbsoluteDurationLimit?: string;
  activityAbsoluteDurationLimit?: string;
  primaryObjective?: ObjectiveSettings;
  objectives?: ObjectiveSettings[];
  sequencingRules?: { preConditionRules: RuleSettings[]; exitConditionRules: RuleSettings[]; postConditionRules: RuleSettings[] };
  sequencingControls?: Flags;
  deliveryControls?: Flags;
  rollupRules?: { rules: RollupRuleSettings[] };
  rollupConsiderations?: Flags;
  completionThreshold?: { completedByMeasure?: boolean; minProgressMeasure?: number; progressWeight?: number };
  hideLmsUi?: string[];
}

const CONTROL_MODE = ['choice', 'choiceExit', 'flow', 'forwardOnly', 'useCurrentAttemptObjectiveInfo', 'useCurrentAttemptProgressInfo'];
const ROLLUP_CONTROLS = ['rollupObjectiveSatisfied', 'rollupProgressCompletion', 'objectiveMeasureWeight'];
const RANDOMIZATION = ['randomizationTiming', 'selectCount', 'reorderChildren', 'selectionTiming'];
const CONSTRAINED_CHOICE = ['preventActivation', 'constrainChoice'];

function pick(from: Flags | undefined, keys: string[], into: Flags): void {
  if (!from) return;
  for (const k of keys) if (from[k] !== undefined) into[k] = from[k]!;
}

/** The item's sequencing with a shared definition (IDRef) merged under its own elements. */
export function effectiveSequencing(own: Sequencing | undefined, collection: Record<string, Sequencing>): Sequencing | undefined {
  if (!own?.idRef) return own;
  const shared = collection[own.idRef];
  if (!shared) return own;
  const { id: _id, ...rest } = shared;
  const { idRef: _ref, ...mine } = own;
  return { ...rest, ...mine };
}

function objectiveSettings(o: Objective, isPrimary: boolean, fallbackId: string, extended: Map<string, MapInfo[]>): ObjectiveSettings {
  const id = o.objectiveID ?? fallbackId;
  // adlseq:objectives add 4th-edition map fields (completion, progress, raw score...) to the same targets.
  const extra = extended.get(id) ?? [];
  const mapInfo = [...o.mapInfo];
  for (const m of extra) {
    const same = mapInfo.findIndex((x) => x.targetObjectiveID === m.targetObjectiveID);
    if (same >= 0) mapInfo[same] = { ...mapInfo[same]!, ...m };
    else mapInfo.push(m);
  }
  return {
    objectiveID: id,
    ...(isPrimary ? { isPrimary: true } : {}),
    ...(o.satisfiedByMeasure !== undefined ? { satisfiedByMeasure: o.satisfiedByMeasure } : {}),
    ...(o.minNormalizedMeasure !== undefined ? { minNormalizedMeasure: o.minNormalizedMeasure } : {}),
    ...(mapInfo.length ? { mapInfo } : {}),
  };
}

function ruleSettings(rules: NonNullable<Sequencing['sequencingRules']>['preConditionRules']): RuleSettings[] {
  return rules.map((r) => ({
    action: r.action,
    ...(r.conditionCombination ? { conditionCombination: r.conditionCombination } : {}),
    conditions: r.conditions.map((c) => ({
      condition: c.condition,
      ...(c.operator ? { operator: c.operator } : {}),
      ...(c.referencedObjective ? { referencedObjective: c.referencedObjective } : {}),
      ...(c.measureThreshold !== undefined ? { parameters: { threshold: c.measureThreshold } } : {}),
    })),
  }));
}

function applySequencing(a: ActivitySettings, seq: Sequencing | undefined): void {
  if (!seq) return;
  const controls: Flags = {};
  pick(seq.controlMode, CONTROL_MODE, controls);
  pick(seq.rollupRules as Flags | undefined, ROLLUP_CONTROLS, controls);
  pick(seq.randomizationControls, RANDOMIZATION, controls);
  // The engine calls the manifest's reorderChildren "randomizeChildren"; its own reorderChildren
  // is a state flag ("already reordered"), which set from the manifest turned randomization off.
  if (controls['reorderChildren'] !== undefined) {
    controls['randomizeChildren'] = controls['reorderChildren'];
    delete controls['reorderChildren'];
  }
  pick(seq.constrainedChoiceConsiderations, CONSTRAINED_CHOICE, controls);
  if (Object.keys(controls).length) a.sequencingControls = controls;
  if (seq.deliveryControls) a.deliveryControls = { ...seq.deliveryControls };
  if (seq.sequencingRules) {
    a.sequencingRules = {
      preConditionRules: ruleSettings(seq.sequencingRules.preConditionRules),
      exitConditionRules: ruleSettings(seq.sequencingRules.exitConditionRules),
      postConditionRules: ruleSettings(seq.sequencingRules.postConditionRules),
    };
  }
  const limits = seq.limitConditions;
  if (typeof limits?.attemptLimit === 'number') a.attemptLimit = limits.attemptLimit;
  if (typeof limits?.attemptAbsoluteDurationLimit === 'string') a.attemptAbsoluteDurationLimit = limits.attemptAbsoluteDurationLimit;
  if (typeof limits?.['activityAbsoluteDurationLimit'] === 'string') a.activityAbsoluteDurationLimit = limits['activityAbsoluteDurationLimit'] as string;
  if (seq.rollupRules?.rules.length) {
    a.rollupRules = {
      rules: seq.rollupRules.rules.map((r) => ({
        action: r.action,
        consideration: r.childActivitySet ?? 'all',
        ...(r.minimumCount !== undefined ? { minimumCount: r.minimumCount } : {}),
        ...(r.minimumPercent !== undefined ? { minimumPercent: r.minimumPercent } : {}),
        ...(r.conditionCombination ? { conditionCombination: r.conditionCombination } : {}),
        conditions: r.conditions.map((c) => ({ condition: c.condition, ...(c.operator ? { operator: c.operator } : {}) })),
      })),
    };
  }
  if (seq.rollupConsiderations) a.rollupConsiderations = { ...seq.rollupConsiderations };
  const extended = new Map((seq.adlObjectives ?? []).map((o) => [o.objectiveID, o.mapInfo]));
  if (seq.objectives?.primary) a.primaryObjective = objectiveSettings(seq.objectives.primary, true, `${a.id}.primary`, extended);
  const secondary = (seq.objectives?.secondary ?? []).map((o, i) => objectiveSettings(o, false, `${a.id}.objective-${i}`, extended));
  if (secondary.length) a.objectives = secondary;
}

/**
 * The SN book's default control modes (CAM 5.1.3: flow defaults to false); scorm-again's
 * default flow is true, so a course that declares no controlMode offered Continue / Previous
 * and flowed where the book has the learner choose. Declared values win.
 */
function bookControlDefaults(a: ActivitySettings): void {
  if (!a.children?.length) return;
  a.sequencingControls = { flow: false, ...a.sequencingControls };
  for (const c of a.children) bookControlDefaults(c);
}

function itemActivity(item: ScormItem, collection: Record<string, Sequencing>): ActivitySettings {
  const a: ActivitySettings = { id: item.identifier, title: item.title };
  if (!item.isvisible) a.isVisible = false;
  applySequencing(a, effectiveSequencing(item.sequencing, collection));
  if (item.completionThresholdSettings) a.completionThreshold = { ...item.completionThresholdSettings };
  if (item.hideLmsUi?.length) a.hideLmsUi = [...item.hideLmsUi];
  if (item.children.length) a.children = item.children.map((c) => itemActivity(c, collection));
  return a;
}

/**
 * Before the 4th edition there were no useCurrentAttempt*Info controls: rollup used the
 * tracking information the children had, from whichever attempt (or read from a global
 * objective). The engine defaults them to the 4th edition's true, which for a 3rd edition
 * pre-test course leaves a lesson skipped on the pre-test's global pass out of the rollup.
 */
function useAnyAttemptInfo(a: ActivitySettings): void {
  if (!a.children?.length) return;
  a.sequencingControls = { useCurrentAttemptObjectiveInfo: false, useCurrentAttemptProgressInfo: false, ...a.sequencingControls };
  for (const c of a.children) useAnyAttemptInfo(c);
}

/** The default organization as scorm-again's activity tree (its root is the organization). */
export function buildActivityTree(pkg: ScormPackage): ActivitySettings {
  const org = pkg.organizations.find((o) => o.identifier === pkg.defaultOrganization) ?? pkg.organizations[0];
  if (!org) throw new Error('The package has no organization');
  const root: ActivitySettings = { id: org.identifier, title: org.title };
  applySequencing(root, effectiveSequencing(org.sequencing, pkg.sequencingCollection));
  root.children = org.items.map((i) => itemActivity(i, pkg.sequencingCollection));
  bookControlDefaults(root);
  if (pkg.edition !== '2004 4th') useAnyAttemptInfo(root);
  return root;
}
