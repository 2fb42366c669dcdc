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
 */
type Engine = {
  sequencingControls: { objectiveMeasureWeight: number; tracked?: boolean };
  objectiveMeasureStatus: boolean;
  objectiveNormalizedMeasure: number | null;
  getAvailableChildren(): Engine[];
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

/** Applies the corrections to the engine behind `sequencingService` (once per process). */
export function applyBookFixes(sequencingService: unknown): void {
  if (patched) return;
  const processor = (sequencingService as { rollupProcess?: { measureProcessor?: MeasureProcessor } } | null)?.rollupProcess?.measureProcessor;
  if (!processor) return;
  const proto = Object.getPrototypeOf(processor) as MeasureProcessor;
  if (typeof proto.measureRollupProcess !== 'function' || typeof proto.identifyActivityClusters !== 'function') return;
  proto.measureRollupProcess = measureRollupProcess;
  patched = true;
}
