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
 */
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
  if (patched) return;
  const service = sequencingService as { rollupProcess?: { measureProcessor?: MeasureProcessor; ruleEvaluator?: RuleEvaluator }; sequencingProcess?: { traversalService?: Traversal } } | null;
  const processor = service?.rollupProcess?.measureProcessor;
  const evaluator = service?.rollupProcess?.ruleEvaluator;
  const traversal = service?.sequencingProcess?.traversalService;
  if (!processor || !traversal || !evaluator) return;
  const proto = Object.getPrototypeOf(processor) as MeasureProcessor;
  const traversalProto = Object.getPrototypeOf(traversal) as Traversal;
  const evaluatorProto = Object.getPrototypeOf(evaluator) as RuleEvaluator;
  if (typeof proto.measureRollupProcess !== 'function' || typeof proto.identifyActivityClusters !== 'function' || typeof traversalProto.checkActivityProcess !== 'function' || typeof evaluatorProto.evaluateRollupRule !== 'function') return;
  proto.measureRollupProcess = measureRollupProcess;
  traversalProto.checkActivityProcess = checkActivityProcess as unknown as Traversal['checkActivityProcess'];
  evaluatorProto.evaluateRollupRule = evaluateRollupRule;
  patched = true;
}
