/** Named errors of the paths domain (mapped to HTTP by the shared error handler). */
import { HttpError } from '../http/errors.js';

/** Prerequisites that loop: names the steps in unlock order, e.g. "A → B → A". */
export class StepCycleError extends HttpError {
  constructor(readonly cycle: Array<{ id: string; title: string }>) {
    super(422, 'cycle', `steps: these steps require each other in a cycle: ${cycle.map((s) => `“${s.title}” (${s.id})`).join(' → ')}`, 'steps', { cycle: cycle.map((s) => s.id) });
  }
}

/** Nested paths that contain each other: names the paths and the steps that nest them. */
export class NestedPathCycleError extends HttpError {
  constructor(readonly chain: Array<{ pathId: string; title: string; stepId?: string }>) {
    super(
      422,
      'nested_cycle',
      `steps: nesting these paths would make a cycle: ${chain.map((p) => `“${p.title}”${p.stepId ? ` (step ${p.stepId})` : ''}`).join(' → ')}`,
      'steps',
      { chain },
    );
  }
}
