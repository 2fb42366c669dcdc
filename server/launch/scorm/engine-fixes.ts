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

/** Applies the corrections to the engine behind `sequencingService` (once per process). */
export function applyBookFixes(sequencingService: unknown): void {
  if (patched) return;
  const service = sequencingService as { rollupProcess?: { measureProcessor?: MeasureProcessor }; sequencingProcess?: { traversalService?: Traversal } } | null;
  const processor = service?.rollupProcess?.measureProcessor;
  const traversal = service?.sequencingProcess?.traversalService;
  if (!processor || !traversal) return;
  const proto = Object.getPrototypeOf(processor) as MeasureProcessor;
  const traversalProto = Object.getPrototypeOf(traversal) as Traversal;
  if (typeof proto.measureRollupProcess !== 'function' || typeof proto.identifyActivityClusters !== 'function' || typeof traversalProto.checkActivityProcess !== 'function') return;
  proto.measureRollupProcess = measureRollupProcess;
  traversalProto.checkActivityProcess = checkActivityProcess as unknown as Traversal['checkActivityProcess'];
  patched = true;
}
