/** Blended learning as plain documents: checklist tasks, observation forms and records, live events, sign-ups. */
import type { StoreCollection, StoreDb } from '../store/types.js';

/** Who ticks a checklist task: the learner, their manager, HR, their buddy, or anyone whose job role or department is `roleName` (e.g. IT). */
export type TaskDoer = 'learner' | 'manager' | 'hr' | 'buddy' | 'role';

export interface TaskDoc {
  _id: string;
  title: string;
  description?: string;
  doneBy: TaskDoer;
  roleName?: string;
  /** Due this many days after the person's hire date. */
  dueDaysAfterHire?: number;
  /** Whether ticking it asks for an evidence note. */
  evidenceRequired: boolean;
  createdAt: Date;
}

export interface TaskCompletionDoc {
  _id: string;
  taskId: string;
  personId: string;
  by: string;
  note?: string;
  evidenceId?: string;
  pathId?: string;
  statementId: string;
  at: Date;
}

/** An evidence file of a tick or an observation (the bytes are on disk under its sha2). */
export interface EvidenceDoc {
  _id: string;
  sha2: string;
  filename: string;
  contentType: string;
  bytes: number;
  personId: string;
  uploadedBy: string;
  kind: 'task' | 'observation';
  /** The task or observation form. */
  refId: string;
  /** The task completion or observation. */
  recordId: string;
  statementId: string;
  at: Date;
}

export interface BuddyDoc {
  /** The new hire's id. */
  _id: string;
  buddyId: string;
  setBy: string;
  at: Date;
}

export interface Criterion {
  id: string;
  text: string;
}

export interface ObservationFormDoc {
  _id: string;
  title: string;
  criteria: Criterion[];
  /** Assessors besides the person's manager and HR. */
  assessorIds: string[];
  createdAt: Date;
}

export type CriterionOutcome = 'pass' | 'not_yet';

export interface ObservationDoc {
  _id: string;
  formId: string;
  personId: string;
  observerId: string;
  results: Array<{ criterionId: string; outcome: CriterionOutcome; comment?: string }>;
  rating?: number;
  comment?: string;
  evidenceId?: string;
  passed: boolean;
  pathId?: string;
  statementId: string;
  at: Date;
}

export interface SessionDef {
  id: string;
  kind: 'classroom' | 'virtual';
  startsAt: Date;
  endsAt: Date;
  location?: string;
  joinUrl?: string;
  /** Seats; a virtual session without one is unlimited. */
  capacity?: number;
  cancelledAt?: Date;
  /** ICS SEQUENCE of the invitations: raised by each change of time or place (absent: 0). */
  sequence?: number;
}

export interface EventDoc {
  _id: string;
  title: string;
  description?: string;
  trainerIds: string[];
  /** Sign-ups wait for the person's manager (or HR) to approve. */
  approval: boolean;
  sessions: SessionDef[];
  createdAt: Date;
}

/** Seats left in a session: taken and given back atomically, so concurrent sign-ups never overbook. */
export interface SeatDoc {
  _id: string;
  left: number;
}

export type SignupStatus = 'pending' | 'booked' | 'waitlisted' | 'cancelled' | 'declined';
export type Attendance = 'attended' | 'partial' | 'no_show';

export interface SignupDoc {
  _id: string;
  eventId: string;
  sessionId: string;
  personId: string;
  status: SignupStatus;
  /** When the person joined the current status's queue (waitlist order). */
  queuedAt: Date;
  attendance?: Attendance;
  attendanceBy?: string;
  attendanceStatementId?: string;
}

export interface BlendedCollections {
  tasks: StoreCollection<TaskDoc>;
  taskCompletions: StoreCollection<TaskCompletionDoc>;
  buddies: StoreCollection<BuddyDoc>;
  forms: StoreCollection<ObservationFormDoc>;
  observations: StoreCollection<ObservationDoc>;
  events: StoreCollection<EventDoc>;
  seats: StoreCollection<SeatDoc>;
  signups: StoreCollection<SignupDoc>;
  evidence: StoreCollection<EvidenceDoc>;
}

export async function blendedCollections(db: StoreDb): Promise<BlendedCollections> {
  const c: BlendedCollections = {
    tasks: db.collection<TaskDoc>('blended_tasks'),
    taskCompletions: db.collection<TaskCompletionDoc>('blended_task_completions'),
    buddies: db.collection<BuddyDoc>('blended_buddies'),
    forms: db.collection<ObservationFormDoc>('blended_observation_forms'),
    observations: db.collection<ObservationDoc>('blended_observations'),
    events: db.collection<EventDoc>('blended_events'),
    seats: db.collection<SeatDoc>('blended_seats'),
    signups: db.collection<SignupDoc>('blended_signups'),
    evidence: db.collection<EvidenceDoc>('blended_evidence'),
  };
  await Promise.all([
    c.taskCompletions.createIndex({ taskId: 1, personId: 1 }, { unique: true }),
    c.observations.createIndex({ personId: 1, formId: 1 }),
    // One sign-up per person and event; a cancelled one is reopened rather than duplicated.
    c.signups.createIndex({ eventId: 1, personId: 1 }, { unique: true }),
    c.signups.createIndex({ sessionId: 1, status: 1, queuedAt: 1 }),
  ]);
  return c;
}
