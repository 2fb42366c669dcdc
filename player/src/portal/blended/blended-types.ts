/** Shapes of the blended learning API (server/blended) as the portal reads them. */
export interface TaskView {
  id: string;
  title: string;
  doneBy: 'learner' | 'manager' | 'hr' | 'buddy' | 'role';
  roleName?: string;
  dueDaysAfterHire?: number;
  evidenceRequired: boolean;
}

export interface FormView {
  id: string;
  title: string;
  criteria: Array<{ id: string; text: string }>;
  assessorIds: string[];
}

export interface SessionView {
  id: string;
  kind: 'classroom' | 'virtual';
  startsAt: string;
  endsAt: string;
  location?: string;
  joinUrl?: string;
  capacity?: number;
  seatsLeft: number | null;
  cancelled: boolean;
}

export interface EventView {
  id: string;
  title: string;
  description?: string;
  trainerIds: string[];
  approval: boolean;
  sessions: SessionView[];
}

export interface SignupView {
  id: string;
  eventId: string;
  sessionId: string;
  personId: string;
  name?: string;
  status: 'pending' | 'booked' | 'waitlisted' | 'cancelled' | 'declined';
  attendance?: 'attended' | 'partial' | 'no_show';
}

export interface WorkItem {
  kind: 'task' | 'observation';
  refId: string;
  title: string;
  personId: string;
  personName: string;
  pathId: string;
  pathTitle: string;
  due?: string;
}

export interface MyWork {
  todo: WorkItem[];
  sessions: Array<{ event: EventView; pathId: string; pathTitle: string; signup: SignupView | null }>;
  training: EventView[];
  approvals: Array<SignupView & { eventTitle: string }>;
}

export const DOER_LABELS: Record<TaskView['doneBy'], string> = { learner: 'The learner', manager: 'Their manager', hr: 'HR', buddy: 'Their buddy', role: 'A named role' };
export const SIGNUP_LABELS: Record<SignupView['status'], string> = { pending: 'Waiting for approval', booked: 'Booked', waitlisted: 'On the waitlist', cancelled: 'Cancelled', declined: 'Declined' };

/** "Thu 10 Dec, 09:00–12:00" in the viewer's time zone. */
export function sessionWhen(s: Pick<SessionView, 'startsAt' | 'endsAt'>): string {
  const start = new Date(s.startsAt);
  const day = start.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  const time = (d: Date) => d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `${day}, ${time(start)}–${time(new Date(s.endsAt))}`;
}

/** The evidence files the server accepts (server/blended/evidence-upload.ts), for the file pickers. */
export const EVIDENCE_ACCEPT = '.pdf,.png,.jpg,.jpeg,.webp,.mp4,.txt,application/pdf,image/png,image/jpeg,image/webp,video/mp4,text/plain';
