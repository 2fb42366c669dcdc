/**
 * How the LMS names people and courses in the xAPI record. Every domain that writes or
 * reads statements (launch, paths, compliance, reports) goes through these, so one
 * learner is one actor and one course is one activity across the whole record.
 */

/** The ADL verbs that mean "this learner is done with it" for completion purposes. */
export const VERBS = {
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  progressed: 'http://adlnet.gov/expapi/verbs/progressed',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  answered: 'http://adlnet.gov/expapi/verbs/answered',
  suspended: 'http://adlnet.gov/expapi/verbs/suspended',
  resumed: 'http://adlnet.gov/expapi/verbs/resumed',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
  waived: 'https://w3id.org/xapi/adl/verbs/waived',
  satisfied: 'https://w3id.org/xapi/adl/verbs/satisfied',
  voided: 'http://adlnet.gov/expapi/verbs/voided',
} as const;

/**
 * A statement with one of these verbs on a course's activity marks the course complete
 * (`waived`: an HR waiver; whether any of them counts is CompletionAuthority's decision).
 */
export const COMPLETION_VERBS: readonly string[] = [VERBS.completed, VERBS.passed, VERBS.satisfied, VERBS.waived];

export interface LearnerAgent {
  objectType: 'Agent';
  name?: string;
  account: { homePage: string; name: string };
}

/**
 * The xAPI actor for an LMS user: an account on the LMS (`homePage` is PUBLIC_URL),
 * named by the user's id, never the email (emails change; ids do not).
 */
export function learnerAgent(user: { id: string; name?: string }, homePage: string): LearnerAgent {
  const agent: LearnerAgent = { objectType: 'Agent', account: { homePage, name: user.id } };
  if (user.name) agent.name = user.name;
  return agent;
}

/** The user id behind an actor made by `learnerAgent`, or null for anyone else. */
export function userIdOfAgent(agent: unknown, homePage: string): string | null {
  const account = (agent as { account?: { homePage?: unknown; name?: unknown } } | null)?.account;
  return account && account.homePage === homePage && typeof account.name === 'string' ? account.name : null;
}

const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The activity that stands for a whole course (package, all its versions). A tincan
 * course names it in tincan.xml (the content states completion on it). A cmi5 course's
 * activity is minted by the LMS: cmi5 requires the LMS-generated course id to differ from
 * the publisher's course id in cmi5.xml (9.3.9.0-8); the LMS states `satisfied` on it.
 * SCORM identifiers are not IRIs, so the LMS mints one under its own URL.
 * `identity` is the package's stored identity (`<kind>:<id from the manifest>`).
 */
export function packageActivityId(pkg: { kind: string; identity: string }, homePage: string): string {
  const own = pkg.identity.startsWith(`${pkg.kind}:`) ? pkg.identity.slice(pkg.kind.length + 1) : pkg.identity;
  if (pkg.kind === 'xapi' && ABSOLUTE_IRI.test(own)) return own;
  if (pkg.kind === 'cmi5') return `${homePage}/activities/cmi5/${encodeURIComponent(own)}`;
  return `${homePage}/activities/${pkg.kind}/${encodeURIComponent(pkg.identity)}`;
}

/** The activity for one SCO (SCORM item identifier) of a SCORM course. */
export function scoActivityId(courseActivityId: string, itemIdentifier: string): string {
  return `${courseActivityId}/sco/${encodeURIComponent(itemIdentifier)}`;
}

/** The activity for a learning path; the LMS states `completed` on it when every required step is done. */
export function pathActivityId(homePage: string, pathId: string): string {
  return `${homePage}/activities/path/${encodeURIComponent(pathId)}`;
}

/**
 * The activity for one version of a policy: acknowledging version N is a `completed`
 * statement on it, so a new version (a new activity) re-opens acknowledgement.
 */
export function policyActivityId(homePage: string, policyId: string, version: number): string {
  return `${homePage}/activities/policy/${encodeURIComponent(policyId)}/version/${version}`;
}

/** Activities of blended learning (server/blended): a checklist task, an observation form, a live event and one of its sessions. */
export const taskActivityId = (homePage: string, taskId: string) => `${homePage}/activities/task/${encodeURIComponent(taskId)}`;
export const observationActivityId = (homePage: string, formId: string) => `${homePage}/activities/observation/${encodeURIComponent(formId)}`;
export const eventActivityId = (homePage: string, eventId: string) => `${homePage}/activities/event/${encodeURIComponent(eventId)}`;
export const sessionActivityId = (homePage: string, eventId: string, sessionId: string) => `${eventActivityId(homePage, eventId)}/session/${encodeURIComponent(sessionId)}`;

/** The usageType of an evidence file attached to a statement (a tick's or an observation's). */
export const SUPPORTING_MEDIA = 'http://id.tincanapi.com/attachment/supporting_media';

/** xAPI extensions of an HR record (a manual completion or waiver): its kind and the reason given. */
export function hrRecordExtensions(homePage: string) {
  return { kind: `${homePage}/xapi/extensions/hr-record/kind`, reason: `${homePage}/xapi/extensions/hr-record/reason` };
}

/** The kind of an activity the LMS minted (`package` kinds, `path`, `policy`...), or null for anyone else's IRI. */
export function mintedKindOf(homePage: string, activityId: string): string | null {
  const minted = `${homePage}/activities/`;
  return activityId.startsWith(minted) ? (activityId.slice(minted.length).split('/')[0] ?? '') : null;
}
