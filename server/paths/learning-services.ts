/**
 * Wires the learning domains together: competencies, policies, paths, enrolments and
 * "My learning", over mongoose models, the LRS's read service and the LMS's own writer.
 */
import type { CompletionAuthority } from '../learning-record/completion-authority.js';
import { trustedRecordReader } from '../learning-record/trusted-records.js';
import { Types, type Connection } from 'mongoose';
import type { Lrs } from '../../lrs/index.js';
import { competencyModels } from '../competencies/competency-model.js';
import { createCompetencyService, type CompetencyService } from '../competencies/competency-service.js';
import { contentModels, type ContentPackageDoc } from '../content/package-model.js';
import type { PeopleService } from '../people/user-service.js';
import { policyModels } from '../policies/policy-model.js';
import { createPolicyService, type PolicyService } from '../policies/policy-service.js';
import { combineSources, createEnrolmentService, type AssignmentSource, type EnrolmentService, type NewEnrolment } from './enrolment-service.js';
import { createCompletionSweep, createPathRefresh, type SweepReport } from './completion-sweep.js';
import { createMyLearning, type MyLearningService } from './my-learning.js';
import { pathModels } from './path-model.js';
import { createPathService, type PathService } from './path-service.js';

export interface LearningServices {
  competencies: CompetencyService;
  policies: PolicyService;
  paths: PathService;
  enrolments: EnrolmentService;
  assignments: AssignmentSource;
  myLearning: MyLearningService;
  /** Writes due path completions for people with new completions in the LRS (the sweep job runs it). */
  sweepCompletions: () => Promise<SweepReport>;
  /** The same for some people now (live compliance, before their evaluation). */
  refreshPaths: (personIds: string[]) => Promise<number>;
}

export interface LearningDeps {
  conn: Connection;
  lrs: Lrs;
  people: PeopleService;
  /** PUBLIC_URL: the home page of learner accounts in the record. */
  homePage: string;
  /** More sources of assignments (hr-org's rules), beside explicit enrolments. */
  extraAssignments?: AssignmentSource[];
  /** Who may assert a completion (steps and competency evidence count only what it allows). */
  authority: CompletionAuthority;
  /** Whether a blended task, observation form or event exists (path steps of those types). */
  blendedSteps?: (type: 'task' | 'observation' | 'session', ref: string) => Promise<boolean>;
  /** HR enrolled people in a path or policy (new enrolments only, with the target's title): the runtime tells them. */
  onEnrolled?: (fresh: Array<NewEnrolment & { title: string }>) => Promise<void>;
  now?: () => Date;
}

export async function createLearningServices(deps: LearningDeps): Promise<LearningServices> {
  const cm = competencyModels(deps.conn);
  const pm = policyModels(deps.conn);
  const lm = pathModels(deps.conn);
  const content = contentModels(deps.conn);
  await Promise.all([cm.frameworks.init(), cm.ratings.init(), pm.policies.init(), pm.acknowledgements.init(), lm.paths.init(), lm.starts.init(), lm.enrolments.init(), lm.checkpoints.init()]);

  const writer = () => deps.lrs.internalWriter('lms');
  // Paths, competencies and the sweep read only what its source may assert.
  const records = trustedRecordReader(deps.lrs.records, deps.authority);
  // Paths and policies are bound below; the hook runs only after an enrolment, by then both are.
  const titled = async (fresh: NewEnrolment[]) => {
    const first = fresh[0]!;
    const target = first.targetType === 'path' ? await paths!.get(first.targetId) : await policies.get(first.targetId, false);
    await deps.onEnrolled!(fresh.map((e) => ({ ...e, title: target.title })));
  };
  const enrolments = createEnrolmentService(lm, deps.now, deps.onEnrolled ? titled : undefined);
  const assignments = combineSources(enrolments.source, ...(deps.extraAssignments ?? []));
  // Policies, paths and competencies refer to each other (audiences, steps, gates): bound late.
  let paths: PathService | undefined;
  const competencies = createCompetencyService({
    models: cm,
    records,
    homePage: deps.homePage,
    people: deps.people,
    now: deps.now,
    gatedBy: (ids) => paths!.gatingOn(ids),
  });
  const policies = createPolicyService({
    models: pm,
    homePage: deps.homePage,
    writer,
    people: deps.people,
    now: deps.now,
    async audience(policyId) {
      const direct = await assignments.peopleAssigned('policy', policyId);
      const viaPaths = await Promise.all((await paths!.pathsWithPolicy(policyId)).map((id) => assignments.peopleAssigned('path', id)));
      return [...new Set([...direct, ...viaPaths.flat()])];
    },
  });
  paths = createPathService({
    models: lm,
    records,
    writer,
    homePage: deps.homePage,
    async packages(id) {
      if (!Types.ObjectId.isValid(id)) return null;
      return content.packages.findById(id).lean<ContentPackageDoc>().exec();
    },
    async policies(id) {
      return (await policies.exists(id)) ? await policies.get(id, false) : null;
    },
    competencies,
    peopleAssigned: (pathId) => assignments.peopleAssigned('path', pathId),
    people: deps.people,
    ...(deps.blendedSteps ? { blended: deps.blendedSteps } : {}),
    now: deps.now,
  });
  const myLearning = createMyLearning({ assignments, paths, policies, now: deps.now });
  const sweepCompletions = createCompletionSweep({
    models: lm,
    records,
    homePage: deps.homePage,
    people: deps.people,
    assignments,
    paths,
    now: deps.now,
  });
  const refreshPaths = createPathRefresh({ people: deps.people, assignments, paths });
  return { competencies, policies, paths, enrolments, assignments, myLearning, sweepCompletions, refreshPaths };
}
