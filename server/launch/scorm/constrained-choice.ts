/**
 * adlseq:constrainedChoiceConsiderations as the SN book (4th ed., SB.2.9 Choice Sequencing
 * Request Process) has them, replacing scorm-again's three readings of its own:
 *
 * - preventActivation: on the path from the common ancestor (excluded) down to the target,
 *   an activity that is not active and prevents activation refuses the choice (SB.2.9-6): a
 *   cluster's parts cannot be started by choice until the cluster is active. scorm-again
 *   instead refused any never-attempted target under such a cluster, even inside it.
 * - constrainChoice: the first activity on the path from the current activity up to the
 *   common ancestor (excluded) that constrains choice is the constrained activity; a target
 *   outside it must be what the Choice Flow Subprocess (SB.2.9.1/2) reaches from it, i.e. the
 *   activity just after it (forward) or just before it (backward), or inside that (SB.2.9-8).
 *   scorm-again applied the flag on the common ancestor to the choices inside it instead.
 */
export interface ChoiceNode {
  parent: ChoiceNode | null;
  children: ChoiceNode[];
  isActive: boolean;
  sequencingControls: { constrainChoice?: boolean; preventActivation?: boolean };
}

const ancestorsOrSelf = (a: ChoiceNode): ChoiceNode[] => {
  const out: ChoiceNode[] = [];
  for (let n: ChoiceNode | null = a; n; n = n.parent) out.push(n);
  return out;
};

const contains = (ancestor: ChoiceNode, a: ChoiceNode) => ancestorsOrSelf(a).includes(ancestor);

function preorder(root: ChoiceNode, into: ChoiceNode[] = []): ChoiceNode[] {
  into.push(root);
  for (const c of root.children) preorder(c, into);
  return into;
}

/** SB.2.9.2 Choice Flow Tree Traversal: the next (or previous) sibling, climbing while there is none. */
function choiceFlow(from: ChoiceNode, forward: boolean): ChoiceNode | null {
  for (let a: ChoiceNode = from; a.parent; a = a.parent) {
    const siblings = a.parent.children;
    const i = siblings.indexOf(a);
    const next = siblings[forward ? i + 1 : i - 1];
    if (next) return next;
  }
  return null;
}

/** null when the book allows the choice as far as constrained choice goes; else the SB.2.9 exception. */
export function constrainedChoiceException(current: ChoiceNode | null, target: ChoiceNode): string | null {
  if (!current) return null;
  const up = ancestorsOrSelf(current);
  const common = ancestorsOrSelf(target).find((a) => up.includes(a));
  if (!common) return null;
  for (const a of ancestorsOrSelf(target)) {
    if (a === common) break;
    if (!a.isActive && a.sequencingControls.preventActivation) return 'SB.2.9-6';
  }
  const constrained = up.slice(0, up.indexOf(common)).find((a) => a.sequencingControls.constrainChoice);
  if (!constrained) return null;
  const order = preorder(up[up.length - 1]!);
  const forward = order.indexOf(target) > order.indexOf(constrained);
  const consider = choiceFlow(constrained, forward);
  if (!consider) return 'SB.2.9-8';
  return target === constrained || contains(consider, target) ? null : 'SB.2.9-8';
}

type Result = { valid: boolean; exception: string | null };
type Validity = { validateConstrainChoice(current: ChoiceNode, target: ChoiceNode, common: ChoiceNode): Result; validateAncestors(common: ChoiceNode, current: ChoiceNode, target: ChoiceNode): Result };
type Validator = {
  validateChoice(current: ChoiceNode | null, target: ChoiceNode, options?: unknown): Result;
  validateConstraintsAtLevel(ancestor: ChoiceNode, current: ChoiceNode, target: ChoiceNode): Result;
  validatePathToRoot(target: ChoiceNode): Result;
  validateFlowConstraints(from: ChoiceNode, children: ChoiceNode[]): unknown;
  validateTraversalConstraints(activity: ChoiceNode): unknown;
};

/** Puts the book's reading in place of scorm-again's, on the prototypes of the two services that check choices. */
export function patchConstrainedChoice(validity: Validity, validator: Validator): void {
  validity.validateConstrainChoice = function (this: Validity, current, target, common) {
    if (constrainedChoiceException(current, target)) return { valid: false, exception: 'NB.2.1-11' };
    return this.validateAncestors(common, current, target);
  };
  // Run scorm-again's checks with both flags off (they are the book's only here), then the book's.
  const hidden = <T>(nodes: ChoiceNode[], fn: () => T): T => {
    const saved = nodes.map((n) => ({ n, c: n.sequencingControls.constrainChoice, p: n.sequencingControls.preventActivation }));
    for (const { n } of saved) Object.assign(n.sequencingControls, { constrainChoice: false, preventActivation: false });
    try {
      return fn();
    } finally {
      for (const { n, c, p } of saved) Object.assign(n.sequencingControls, { constrainChoice: c, preventActivation: p });
    }
  };
  const atLevel = validator.validateConstraintsAtLevel;
  validator.validateConstraintsAtLevel = function (this: Validator, ancestor, current, target) {
    return hidden([ancestor], () => atLevel.call(this, ancestor, current, target));
  };
  const pathToRoot = validator.validatePathToRoot;
  validator.validatePathToRoot = function (this: Validator, target) {
    return hidden(ancestorsOrSelf(target), () => pathToRoot.call(this, target));
  };
  // Its flow-into-a-cluster checks read the flags as well (the book's choice flow does not).
  const flow = validator.validateFlowConstraints;
  validator.validateFlowConstraints = function (this: Validator, from, children) {
    return hidden(ancestorsOrSelf(from), () => flow.call(this, from, children));
  };
  const traversal = validator.validateTraversalConstraints;
  validator.validateTraversalConstraints = function (this: Validator, activity) {
    return hidden(ancestorsOrSelf(activity), () => traversal.call(this, activity));
  };
  const choice = validator.validateChoice;
  validator.validateChoice = function (this: Validator, current, target, options) {
    const result = choice.call(this, current, target, options);
    if (!result.valid) return result;
    const exception = constrainedChoiceException(current, target);
    return exception ? { valid: false, exception } : result;
  };
}
