/**
 * How blended learning is named in the xAPI record: the activities the LMS mints for
 * checklist tasks, observation forms and live events (under PUBLIC_URL/activities, so the
 * completion authority knows them as the LMS's own), the verbs and the extensions.
 */
export const BLENDED_VERBS = {
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  attended: 'http://adlnet.gov/expapi/verbs/attended',
} as const;

export const ACTIVITY_TYPES = {
  task: 'http://activitystrea.ms/schema/1.0/task',
  observation: 'http://adlnet.gov/expapi/activities/performance',
  event: 'http://adlnet.gov/expapi/activities/meeting',
  session: 'http://id.tincanapi.com/activitytype/meeting-session',
} as const;

// The activity ids live with the LMS's other minted activities (reports resolve them too).
export { eventActivityId, observationActivityId, sessionActivityId, taskActivityId } from '../learning-record/identity.js';

export function blendedExtensions(homePage: string) {
  return {
    evidenceNote: `${homePage}/xapi/extensions/task/evidence-note`,
    doneBy: `${homePage}/xapi/extensions/task/done-by`,
    criteria: `${homePage}/xapi/extensions/observation/criteria`,
    attendance: `${homePage}/xapi/extensions/session/attendance`,
  };
}
