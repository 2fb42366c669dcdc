/**
 * Where scorm-again's sequencing engine departs from the SN book and offers no setting,
 * corrected here, on the engine's own objects (its classes are not exported: the parts are
 * reached from a live API instance and patched once per process).
 *
 * - Measure rollup (SN 4th ed. RB.1.1): every tracked child's objectiveMeasureWeight counts
 *   in the divisor, measured or not, and the weight is the manifest's. scorm-again leaves
 *   unmeasured children out of the divisor and scales weights of its own accord (x0.8 for an
 *   incomplete child, a penalty per extra attempt, x0.6 past the attempt limit), so a course
 *   with an unscored summary page reported its quiz's score as the course's, and a 0.7 and a
 *   0.5 rolled up to 0.61.
 * - Check Activity Process (UP.5): a skip precondition does not make an activity undeliverable
 *   (it only steers flow), so a skipped activity can still be chosen.
 * - Rollup rules (RB.1.4): conditions are three-valued; an unknown status is neither true nor
 *   false (scorm-again took an unknown "satisfied" as false).
 * - Jump (4th ed. NB.2.1): a jump from an active activity first ends its attempt (termination
 *   request exit); scorm-again issued none, so the SCO's results were never transferred and it
 *   stayed "not attempted".
 * - Constrained choice (SB.2.9): see constrained-choice.ts.
 * - Objective Rollup (RB.1.2, RB.1.2.a): an activity whose primary objective is satisfied by
 *   measure rolls up by measure (before any rules), and while it is active its measure decides
 *   only if measureSatisfactionIfActive; otherwise its status is unknown. scorm-again ignored
 *   the consideration, so an active module was "failed" on its first part's share of the score.
 * - Overall Rollup (RB.1.5) runs on the path from the activity itself: a cluster whose attempt
 *   ends is rolled up again, now inactive (scorm-again began at its parent).
 * - Check Child for Rollup (RB.1.4.2) `ifNotSkipped`: the book applies the child's skip rules
 *   at rollup time; scorm-again asked whether flow had skipped it, so a part never reached
 *   (skipped by a rule, but the learner chose past it) kept its parent from rolling up.
 * - Delivery Request Process (DB.1.1) checks every activity on the path with UP.5, disabled
 *   preconditions included: scorm-again checked availability and limits only, so a jump (which
 *   bypasses control modes, not rules) delivered a disabled activity.
 */
import { patchConstrainedChoice } from './constrained-choice.js';

type Engine = {
  sequencingControls: { objectiveMeasureWeight: number; tracked?: boolean };
  objectiveMeasureStatus: boolean;
  objectiveNormalizedMeasure: number | null;
  getAvailableChildren(): Engine[];
};
type Rule = { action: string };
type Traversal = {
  ruleEngine: { checkLimitConditions(a: unknown): boolean; checkSequencingRules(a: unknown, rules: Rule[]): string | null };
  getActivityForEvaluation(a: unknown): unknown;
  checkActivityProcess(a: unknown): boolean;
};
type MeasureProcessor = { measureRollupProcess(a: Engine): unknown[]; identifyActivityClusters(children: Engine[]): unknown[] };

let patched = false;

type ObjectiveActivity = {
  isActive: boolean;
  objectiveMeasureStatus: boolean;
  objectiveNormalizedMeasure: number | null;
  objectiveSatisfiedStatus: boolean;
  objectiveSatisfiedStatusKnown: boolean;
  successStatus: string;
  scaledPassingScore: number | null;
  rollupConsiderations: { measureSatisfactionIfActive?: boolean };
  primaryObjective: { satisfiedByMeasure?: boolean; minNormalizedMeasure: number | null; satisfiedStatusKnown: boolean } | null;
};
type ObjectiveProcessor = { objectiveRollupProcess(a: ObjectiveActivity): void; syncPrimaryObjectiveFromActivity(a: ObjectiveActivity): void };

type RollupProcess = {
  overallRollupProcess(activity: { children: unknown[] }, globals?: unknown): unknown;
  measureProcessor: { measureRollupProcess(a: unknown): unknown; completionMeasureRollupProcess(a: unknown): unknown };
  objectiveProcessor: { objectiveRollupProcess(a: unknown): void };
  progressProcessor: { activityProgressRollupProcess(a: unknown): void };
};

/** RB.1.5: "for each activity in the activity path" from the activity itself, a cluster included. */
function rollupFromTheActivity(original: RollupProcess['overallRollupProcess']) {
  return function (this: RollupProcess, activity: { children: unknown[] }, globals?: unknown): unknown {
    if (activity.children.length > 0) {
      this.measureProcessor.measureRollupProcess(activity);
      this.measureProcessor.completionMeasureRollupProcess(activity);
      this.objectiveProcessor.objectiveRollupProcess(activity);
      this.progressProcessor.activityProgressRollupProcess(activity);
    }
    return original.call(this, activity, globals);
  };
}

/** RB.1.2 with RB.1.2.a first when the rolled-up objective is satisfied by measure. */
function objectiveRollupByMeasureFirst(original: ObjectiveProcessor['objectiveRollupProcess']) {
  return function (this: ObjectiveProcessor, activity: ObjectiveActivity): void {
    const primary = activity.primaryObjective;
    if (!primary?.satisfiedByMeasure) {
      original.call(this, activity);
      return;
    }
    const measured = activity.objectiveMeasureStatus && activity.objectiveNormalizedMeasure !== null;
    const counts = !activity.isActive || activity.rollupConsiderations.measureSatisfactionIfActive !== false;
    if (measured && counts) {
      activity.objectiveSatisfiedStatus = activity.objectiveNormalizedMeasure! >= (activity.scaledPassingScore ?? primary.minNormalizedMeasure ?? 1);
      this.syncPrimaryObjectiveFromActivity(activity);
      return;
    }
    // Objective progress status false: unknown.
    activity.objectiveSatisfiedStatusKnown = false;
    activity.successStatus = 'unknown';
    primary.satisfiedStatusKnown = false;
  };
}

type ChildFilter = {
  checkChildForRollupSubprocess(child: SkippableChild, kind: string, action?: string): boolean;
  bookTraversal?: Traversal;
};
type SkippableChild = { wasSkipped: boolean; sequencingRules?: { preConditionRules: Rule[] } } & Record<string, unknown>;
const REQUIRED_FOR: Record<string, string> = { satisfied: 'requiredForSatisfied', notSatisfied: 'requiredForNotSatisfied', completed: 'requiredForCompleted', incomplete: 'requiredForIncomplete' };

/** RB.1.4.2: "ifNotSkipped" asks the child's skip preconditions now, not whether flow once skipped it. */
function skipRulesDecide(original: ChildFilter['checkChildForRollupSubprocess']) {
  return function (this: ChildFilter, child: SkippableChild, kind: string, action?: string): boolean {
    const consideration = action ? child[REQUIRED_FOR[action] ?? ''] : undefined;
    if (consideration !== 'ifNotSkipped' || !this.bookTraversal) return original.call(this, child, kind, action);
    const was = child.wasSkipped;
    child.wasSkipped = false;
    let included: boolean;
    try {
      included = original.call(this, child, kind, action);
    } finally {
      child.wasSkipped = was;
    }
    const skips = (child.sequencingRules?.preConditionRules ?? []).filter((r) => r.action === 'skip');
    if (!included || skips.length === 0) return included;
    const t = this.bookTraversal;
    return t.ruleEngine.checkSequencingRules(t.getActivityForEvaluation(child), skips) !== 'skip';
  };
}

type NavResult = { valid: boolean; terminationRequest: string | null };
type NavValidity = { activityTree: { currentActivity: { isActive: boolean } | null }; validateJumpRequest(target: string | null): NavResult };
type DeliveryCheck = { checkActivity(activity: unknown): boolean; bookTraversal?: Traversal };

/** NB.2.1 jump: "If the Current Activity is Active, Termination Request: Exit". */
function jumpEndsTheCurrentAttempt(original: NavValidity['validateJumpRequest']) {
  return function (this: NavValidity, target: string | null): NavResult {
    const result = original.call(this, target);
    if (result.valid && !result.terminationRequest && this.activityTree.currentActivity?.isActive) result.terminationRequest = 'exit';
    return result;
  };
}

/** DB.1.1 with the whole of UP.5: the engine's check (available, limits), then disabled preconditions. */
function deliveryChecksRules(original: DeliveryCheck['checkActivity']) {
  return function (this: DeliveryCheck, activity: unknown): boolean {
    if (!original.call(this, activity)) return false;
    const traversal = this.bookTraversal;
    const rules = (activity as { sequencingRules?: { preConditionRules: Rule[] } }).sequencingRules?.preConditionRules ?? [];
    const disabling = rules.filter((r) => r.action === 'disabled');
    if (!traversal || disabling.length === 0) return true;
    return traversal.ruleEngine.checkSequencingRules(activity, disabling) !== 'disabled';
  };
}

/** RB.1.1 Measure Rollup Process, as the book has it. */
function measureRollupProcess(this: MeasureProcessor, activity: Engine): unknown[] {
  const children = activity.getAvailableChildren();
  if (children.length === 0) return [];
  let total = 0;
  let counted = 0;
  let valid = false;
  const measured: Engine[] = [];
  for (const child of children) {
    if (child.sequencingControls.tracked === false) continue;
    const weight = child.sequencingControls.objectiveMeasureWeight;
    counted += weight;
    if (child.objectiveMeasureStatus && child.objectiveNormalizedMeasure !== null) {
      total += child.objectiveNormalizedMeasure * weight;
      valid = true;
      measured.push(child);
    }
  }
  if (!valid || counted <= 0) {
    activity.objectiveMeasureStatus = false;
    return [];
  }
  activity.objectiveNormalizedMeasure = total / counted;
  activity.objectiveMeasureStatus = true;
  return this.identifyActivityClusters(measured);
}

/**
 * UP.5 Check Activity Process, as the book has it: an activity is not deliverable when it is
 * unavailable, past its limit conditions, or disabled by a precondition. A `skip` rule is
 * not part of it: skip is a flow action (SB.2.2 evaluates it before calling this), so a
 * skipped activity can still be chosen. scorm-again counted skip here too.
 */
function checkActivityProcess(this: Traversal, activity: { isAvailable: boolean; sequencingRules: { preConditionRules: Rule[] } }): boolean {
  if (!activity.isAvailable) return false;
  if (this.ruleEngine.checkLimitConditions(activity)) return false;
  const disabling = activity.sequencingRules.preConditionRules.filter((r) => r.action === 'disabled');
  return this.ruleEngine.checkSequencingRules(this.getActivityForEvaluation(activity), disabling) !== 'disabled';
}

type Tri = boolean | undefined;
type RollupCond = { condition: string; operator: string; evaluate(child: unknown): boolean };
type RollupRuleLike = { action: string; consideration: string; minimumCount: number; minimumPercent: number; conditionCombination: string; conditions: RollupCond[] };
type RollupChild = {
  objectiveInfoAvailableInCurrentParentAttempt?: boolean;
  progressInfoAvailableInCurrentParentAttempt?: boolean;
  objectiveSatisfiedStatusKnown?: boolean;
  successStatus?: string;
  objectiveMeasureStatus?: boolean;
  attemptProgressStatus?: boolean;
  completionStatus?: string;
};
type RuleEvaluator = {
  childFilter: { checkChildForRollupSubprocess(child: unknown, kind: string, action: string): boolean };
  evaluateRollupRule(activity: { getAvailableChildren(): RollupChild[] }, rule: RollupRuleLike): boolean;
};

const KIND: Record<string, string> = { satisfied: 'objective', notSatisfied: 'objective', completed: 'progress', incomplete: 'progress' };

/** A rollup condition on a child: true, false, or unknown when the child's status it asks about is not known (RB.1.4.2). */
function condition(c: RollupCond, child: RollupChild): Tri {
  const objective = child.objectiveInfoAvailableInCurrentParentAttempt !== false;
  const progress = child.progressInfoAvailableInCurrentParentAttempt !== false;
  const statusKnown = objective && (child.objectiveSatisfiedStatusKnown === true || child.successStatus === 'passed' || child.successStatus === 'failed');
  const progressKnown = progress && (child.attemptProgressStatus === true || child.completionStatus === 'completed' || child.completionStatus === 'incomplete');
  switch (c.condition) {
    case 'satisfied':
      if (!statusKnown) return undefined;
      break;
    case 'objectiveMeasureGreaterThan':
    case 'objectiveMeasureLessThan':
      if (!objective || !child.objectiveMeasureStatus) return undefined;
      break;
    case 'completed':
      if (!progressKnown) return undefined;
      break;
  }
  return c.evaluate(child); // known: the engine's value, its `not` applied
}

/**
 * RB.1.4.2 Evaluate Rollup Conditions and RB.1.4.1's child sets with three values: `not` of
 * unknown is unknown, `all` is true only when every condition is, and a child counts for
 * `any`, `atLeast*` only when true and for `none` only when false. scorm-again took an
 * unknown "satisfied" as false, so "not satisfied" rules fired for children never attempted.
 */
function evaluateRollupRule(this: RuleEvaluator, activity: { getAvailableChildren(): RollupChild[] }, rule: RollupRuleLike): boolean {
  const kind = KIND[rule.action];
  const values: Tri[] = [];
  for (const child of activity.getAvailableChildren()) {
    if (!kind || !this.childFilter.checkChildForRollupSubprocess(child, kind, rule.action)) continue;
    const each = rule.conditions.map((c) => condition(c, child));
    let v: Tri;
    if (each.length === 0) v = true;
    else if (rule.conditionCombination === 'all') v = each.includes(false) ? false : each.includes(undefined) ? undefined : true;
    else v = each.includes(true) ? true : each.includes(undefined) ? undefined : false;
    values.push(v);
  }
  const yes = values.filter((v) => v === true).length;
  switch (rule.consideration) {
    case 'all':
      return values.length > 0 && yes === values.length;
    case 'any':
      return yes > 0;
    case 'none':
      return values.length > 0 && values.every((v) => v === false);
    case 'atLeastCount':
      return yes >= rule.minimumCount;
    case 'atLeastPercent':
      return values.length > 0 && (yes / values.length) * 100 >= rule.minimumPercent;
    default:
      return false;
  }
}

/** Applies the corrections to the engine behind `sequencingService` (once per process). */
export function applyBookFixes(sequencingService: unknown): void {
  const service = sequencingService as {
    rollupProcess?: { measureProcessor?: MeasureProcessor; ruleEvaluator?: RuleEvaluator; childFilter?: ChildFilter; objectiveProcessor?: ObjectiveProcessor };
    sequencingProcess?: { traversalService?: Traversal; constraintValidator?: object };
    getOverallSequencingProcess?(): { navigationValidityService?: NavValidity; deliveryValidator?: DeliveryCheck } | null;
  } | null;
  const processor = service?.rollupProcess?.measureProcessor;
  const evaluator = service?.rollupProcess?.ruleEvaluator;
  const traversal = service?.sequencingProcess?.traversalService;
  const overall = service?.getOverallSequencingProcess?.();
  const validity = overall?.navigationValidityService;
  const delivery = overall?.deliveryValidator;
  // The delivery check of this engine evaluates rules with this engine's rule engine.
  if (delivery && traversal) delivery.bookTraversal = traversal;
  const childFilter = service?.rollupProcess?.childFilter;
  if (childFilter && traversal) childFilter.bookTraversal = traversal;
  if (patched) return;
  const choices = service?.sequencingProcess?.constraintValidator;
  if (!processor || !traversal || !evaluator || !validity || !delivery || !choices || !childFilter) return;
  const objectives = service?.rollupProcess?.objectiveProcessor;
  if (!objectives) return;
  const objectivesProto = Object.getPrototypeOf(objectives) as ObjectiveProcessor;
  if (typeof objectivesProto.objectiveRollupProcess !== 'function') return;
  const filterProto = Object.getPrototypeOf(childFilter) as ChildFilter;
  if (typeof filterProto.checkChildForRollupSubprocess !== 'function') return;
  const validityProto = Object.getPrototypeOf(validity) as NavValidity;
  const deliveryProto = Object.getPrototypeOf(delivery) as DeliveryCheck;
  const choicesProto = Object.getPrototypeOf(choices) as Parameters<typeof patchConstrainedChoice>[1];
  if (typeof validityProto.validateJumpRequest !== 'function' || typeof deliveryProto.checkActivity !== 'function') return;
  if (typeof (validityProto as unknown as { validateConstrainChoice?: unknown }).validateConstrainChoice !== 'function' || typeof choicesProto.validateChoice !== 'function') return;
  const proto = Object.getPrototypeOf(processor) as MeasureProcessor;
  const traversalProto = Object.getPrototypeOf(traversal) as Traversal;
  const evaluatorProto = Object.getPrototypeOf(evaluator) as RuleEvaluator;
  if (typeof proto.measureRollupProcess !== 'function' || typeof proto.identifyActivityClusters !== 'function' || typeof traversalProto.checkActivityProcess !== 'function' || typeof evaluatorProto.evaluateRollupRule !== 'function') return;
  proto.measureRollupProcess = measureRollupProcess;
  traversalProto.checkActivityProcess = checkActivityProcess as unknown as Traversal['checkActivityProcess'];
  evaluatorProto.evaluateRollupRule = evaluateRollupRule;
  validityProto.validateJumpRequest = jumpEndsTheCurrentAttempt(validityProto.validateJumpRequest);
  deliveryProto.checkActivity = deliveryChecksRules(deliveryProto.checkActivity);
  const rollupProto = Object.getPrototypeOf(service!.rollupProcess) as RollupProcess;
  if (typeof rollupProto.overallRollupProcess === 'function') rollupProto.overallRollupProcess = rollupFromTheActivity(rollupProto.overallRollupProcess);
  objectivesProto.objectiveRollupProcess = objectiveRollupByMeasureFirst(objectivesProto.objectiveRollupProcess);
  filterProto.checkChildForRollupSubprocess = skipRulesDecide(filterProto.checkChildForRollupSubprocess);
  patchConstrainedChoice(validityProto as unknown as Parameters<typeof patchConstrainedChoice>[0], choicesProto);
  patched = true;
}
